"""`python -m urgentie notes …`: reports, exit codes, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.notes_support import PNG_HEADER, csv_text, make_areas
from urgentie.cli import main
from urgentie.store.notes_db import NotesStore


@pytest.fixture
def files(data_dir: Path, tmp_path: Path) -> dict[str, Path]:
    make_areas(data_dir)
    paths = {
        "goed": tmp_path / "goed.csv",
        "onbekend": tmp_path / "onbekend.csv",
        "slecht": tmp_path / "slecht.csv",
        "plaatje": tmp_path / "plaatje.csv",
    }
    paths["goed"].write_text(csv_text(), encoding="utf-8")
    paths["onbekend"].write_text(
        csv_text(
            [
                ["15-03-2024", "De Brinck", "bewoner", "", "Het buurthuis sluit.", "3"],
                ["16-03-2024", "Centrum", "bewoner", "", "Fijne markt.", ""],
            ]
        ),
        encoding="utf-8",
    )
    paths["slecht"].write_text(
        csv_text([["15-03-2024", "Atlantis", "journalist", "", "", "9"]]), encoding="utf-8"
    )
    paths["plaatje"].write_bytes(PNG_HEADER)
    return paths


def _count() -> int:
    store = NotesStore.open()
    try:
        return store.count_notes()
    finally:
        store.engine.dispose()


def test_dry_run_reports_and_stores_nothing(files, capsys) -> None:
    assert main(["notes", "import", str(files["goed"]), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Goedgekeurd: 3 rij(en)" in out and "Proefdraai" in out
    assert "scheidingsteken puntkomma" in out
    assert _count() == 0


def test_import_then_reimport_then_undo(files, capsys) -> None:
    assert main(["notes", "import", str(files["goed"])]) == 0
    assert "Geïmporteerd als batch 1: 3 gesprek(ken)" in capsys.readouterr().out
    assert main(["notes", "import", str(files["goed"])]) == 2
    captured = capsys.readouterr()
    assert "Goedgekeurd: 3" in captured.out  # the report is still shown
    assert "al geïmporteerd als batch 1" in captured.err
    assert _count() == 3
    assert main(["notes", "import", str(files["goed"]), "--opnieuw"]) == 0
    assert _count() == 6
    assert main(["notes", "undo", "2"]) == 0
    assert "3 gesprek(ken) verwijderd" in capsys.readouterr().out
    assert _count() == 3
    assert main(["notes", "undo", "2"]) == 2
    assert "al ongedaan" in capsys.readouterr().err


def test_nothing_accepted_exits_non_zero_with_reasons(files, capsys) -> None:
    assert main(["notes", "import", str(files["slecht"])]) == 1
    out = capsys.readouterr().out
    assert "Afgewezen:   1 rij(en)" in out
    assert "regel 2: tekst ontbreekt; gebied 'Atlantis' is onbekend" in out
    assert "onbekend perspectief 'journalist'" in out
    assert "urgentie 9 ligt niet tussen 1 en 5" in out
    assert "Niets geïmporteerd" in out
    assert main(["notes", "import", str(files["slecht"]), "--dry-run"]) == 1


def test_unknown_area_is_listed_and_mapped(files, capsys) -> None:
    assert main(["notes", "import", str(files["onbekend"]), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "'De Brinck' (onbekend; regel 2)" in out and "--map" in out
    args = ["notes", "import", str(files["onbekend"]), "--map", "De Brinck=WK999903", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verslag"]["geaccepteerd"] == 2
    assert report["import"]["geimporteerd"] == 2
    assert report["verslag"]["onbekende_gebieden"] == []


def test_json_report_lists_rejected_rows(files, capsys) -> None:
    assert main(["notes", "import", str(files["slecht"]), "--json", "--dry-run"]) == 1
    report = json.loads(capsys.readouterr().out)["verslag"]
    assert report["afgewezen"] == 1
    assert report["afgewezen_rijen"][0]["plek"] == "regel 2"
    assert report["onbekende_gebieden"][0]["naam"] == "Atlantis"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes", "import", "{plaatje}"], "PNG-afbeelding"),
        (["notes", "import", "/bestaat/niet.csv"], "bestaat niet"),
        (["notes", "import", "{goed}", "--gemeente", "GM0001"], "GM0001"),
        (["notes", "import", "{goed}", "--map", "zonder-code"], "NAAM=CODE"),
        (["notes", "import", "{goed}", "--datum", "morgen"], "--datum"),
    ],
)
def test_errors_are_dutch_messages_not_tracebacks(files, capsys, args, message) -> None:
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and message in err and "Traceback" not in err


def test_defaults_for_a_document_without_fields(files, tmp_path, capsys) -> None:
    path = tmp_path / "interview.txt"
    path.write_text("Eerste punt over de speeltuin.\n\nTweede punt over de bus.\n", "utf-8")
    assert main(["notes", "import", str(path)]) == 1
    capsys.readouterr()
    args = ["notes", "import", str(path), "--wijk", "Rozenhof", "--perspectief", "huisarts"]
    assert main([*args, "--datum", "01-04-2024"]) == 0
    assert "2 gesprek(ken)" in capsys.readouterr().out
    store = NotesStore.open()
    frame = store.notes_frame()
    store.engine.dispose()
    assert set(frame["area_code"]) == {"BU99990201"}
    assert set(frame["role"]) == {"huisarts"}


def test_list_is_safe_for_the_terminal(files, tmp_path, capsys) -> None:
    path = tmp_path / "escape.csv"
    rows = [["15-03-2024", "Centrum", "bewoner", "", "Rood\x1b[31m tekst\x1b[0m hier", ""]]
    path.write_text(csv_text(rows), encoding="utf-8")
    assert main(["notes", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["notes", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Rood" in out
    assert "bron: escape.csv, batch 1, rij 2" in out
    assert main(["notes", "list", "--json", "--wijk", "WK999901"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 1 and listed[0]["area_code"] == "WK999901"
    assert main(["notes", "list", "--batches"]) == 0
    assert "escape.csv" in capsys.readouterr().out


def test_demo_names_and_recode(files, data_dir, capsys) -> None:
    (data_dir / "demo").mkdir()
    (data_dir / "demo" / "gesprekken.csv").write_text(csv_text(), encoding="utf-8")
    assert main(["notes", "demo"]) == 0
    assert "batch 1" in capsys.readouterr().out
    assert main(["notes", "demo"]) == 0
    assert "staan al in batch 1" in capsys.readouterr().out
    assert main(["notes", "namen", "--toevoegen", "Kerkplein", "Buurthuis De Schakel"]) == 0
    assert "Buurthuis De Schakel, Kerkplein" in capsys.readouterr().out
    assert main(["notes", "recode"]) == 0
    assert "3 gesprek(ken) opnieuw gecodeerd" in capsys.readouterr().out
