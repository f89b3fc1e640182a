"""``python -m urgentie data …``: import, list, show, fetch/demo argument checks, acceptance."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import cbs_files as cf
import pytest

from urgentie.cli import main
from urgentie.store.areas import AreaStore

ROOT = Path(__file__).resolve().parents[1]


def _run(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh Python process."""
    env = os.environ | {"PYTHONPATH": str(ROOT / "src"), "URGENTIE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "urgentie", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def _rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_import_show_list_in_a_real_process(data_dir: Path, tmp_path: Path) -> None:
    kwb = cf.write_kwb_xlsx(tmp_path / "kwb-2024_proefstad.xlsx")
    done = _run(data_dir, "data", "import", kwb)
    assert done.returncode == 0, done.stderr
    assert "GM9991 Proefstad: 1 gemeente, 2 wijken, 4 buurten" in done.stdout
    assert "[100%] klaar" in done.stderr  # progress goes to stderr, not into the report
    assert "%]" not in done.stdout

    shown = _run(data_dir, "data", "show", "GM9991", "--jaar", "2024", "--niveau", "buurt")
    assert shown.returncode == 0, shown.stderr
    rows = _rows(shown.stdout)
    assert [r["code"] for r in rows] == sorted(cf.BUURTEN)
    by_code = {r["code"]: r for r in rows}
    assert by_code["BU99910101"]["naam"] == "Café de Klok"
    assert by_code["BU99910101"]["wijk_code"] == "WK999101"
    assert by_code["BU99910101"]["inwoners"] == "350"
    assert by_code["BU99910102"]["pct_hh_laag_inkomen"] == ""  # "." stays empty, not 0
    assert by_code["BU99910101"]["pct_hh_laag_inkomen"] == "12"

    listed = _run(data_dir, "data", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    manifests = json.loads(listed.stdout)
    assert [(m["gemeente_code"], m["jaar"]) for m in manifests] == [("GM9991", 2024)]
    assert manifests[0]["counts"] == {"gemeente": 1, "wijk": 2, "buurt": 4}

    table = _run(data_dir, "data", "list")
    assert "Proefstad" in table.stdout and "kwb-2024_proefstad.xlsx" in table.stdout


def test_a_bad_file_exits_non_zero_with_a_dutch_message(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "kwb-2024.xlsx"
    empty.write_bytes(b"")
    done = _run(data_dir, "data", "import", empty)
    assert done.returncode == 2
    assert "Fout: kwb-2024.xlsx: het bestand is leeg." in done.stderr
    assert "Traceback" not in done.stderr
    assert _run(data_dir, "data", "list", "--json").stdout.strip() == "[]"


def test_show_levels_and_json(data_dir: Path, tmp_path: Path, capsys) -> None:
    kwb = cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx")
    assert main(["data", "import", str(kwb)]) == 0
    capsys.readouterr()
    assert main(["data", "show", "gm9991", "--niveau", "wijk"]) == 0  # year: the latest
    rows = _rows(capsys.readouterr().out)
    assert [(r["code"], r["niveau"], r["gemeente_code"]) for r in rows] == [
        ("WK999101", "wijk", "GM9991"),
        ("WK999102", "wijk", "GM9991"),
    ]
    assert main(["data", "show", "GM9991", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["niveau"] for r in records] == ["gemeente", "wijk", "wijk", *["buurt"] * 4]
    assert records[0]["code"] == "GM9991" and records[0]["inwoners"] == 1000
    assert records[6]["pct_hh_laag_inkomen"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "show", "GM0001"], "Geen gegevens voor GM0001"),
        (["data", "show", "GM9991", "--jaar", "2019"], "Opgeslagen jaren: 2024"),
        (["data", "show", "GM9991", "--niveau", "provincie"], "kies gemeente, wijk of buurt"),
        (["data", "show", "GM9991", "--format", "xml"], "kies csv of json"),
        (["data", "show", "GM9991", "--jaar", "vorig"], "geen jaartal"),
        (["data", "import", "bestaat-niet.xlsx"], "niet gevonden"),
    ],
)
def test_show_and_import_errors_are_dutch(
    data_dir: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    main(["data", "import", str(cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx"))])
    capsys.readouterr()
    assert main(args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("gemeente", "jaar", "message"),
    [
        ("GM034", "2024", "geen gemeentecode"),
        ("Utrecht", "2024", "geen gemeentecode"),
        ("WK034401", "2024", "geen gemeentecode"),
        ("GM0344", "2016", "kies een jaar van 2017 tot en met 2025"),
        ("GM0344", "2026", "kies een jaar van 2017 tot en met 2025"),
        ("GM0344", "24", "geen jaartal"),
    ],
)
def test_fetch_checks_its_arguments_before_going_online(
    data_dir: Path, capsys, gemeente: str, jaar: str, message: str
) -> None:
    assert main(["data", "fetch", "--gemeente", gemeente, "--jaar", jaar]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "code"), [("GM0344", "GM0344"), ("gm0344", "GM0344"), ("344", "GM0344")]
)
def test_gemeente_codes_are_normalised(text: str, code: str) -> None:
    from urgentie.datasets import gemeente_code

    assert gemeente_code(text) == code


# --- acceptance with the real CBS files ---------------------------------------------------
@pytest.mark.shared_data
def test_baarn_buurten_geojson(data_dir: Path, shared_cbs: Path) -> None:
    done = _run(
        data_dir, "data", "import", shared_cbs / "geo" / "buurten_2024_GM0308_baarn.geojson"
    )
    assert done.returncode == 0, done.stderr
    shown = _run(
        data_dir, "data", "show", "GM0308", "--jaar", "2024", "--niveau", "buurt", "--format", "csv"
    )
    assert shown.returncode == 0, shown.stderr
    rows = {r["code"]: r for r in _rows(shown.stdout)}
    assert len(rows) == 21
    assert sum(int(r["inwoners"]) for r in rows.values()) == 25_065
    # -99997 in the file (suppressed in small buurten): an empty cell, never 0.
    for code in ("BU03080400", "BU03080401", "BU03080501"):
        assert rows[code]["autos_per_huishouden"] == ""
    assert rows["BU03080401"]["pct_eenpersoons"] == ""
    assert rows["BU03080000"]["autos_per_huishouden"] == "0.9"


@pytest.mark.shared_data
@pytest.mark.parametrize("boundaries_first", [False, True], ids=["kwb-eerst", "grenzen-eerst"])
def test_utrecht_kwb_with_national_wijken(
    data_dir: Path, shared_cbs: Path, boundaries_first: bool
) -> None:
    kwb = shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx"
    wijken = shared_cbs / "geo" / "wijken_2024_nl_wgs84.geojson"
    order = [wijken, kwb] if boundaries_first else [kwb, wijken]
    first = _run(data_dir, "data", "import", order[0])
    assert first.returncode == 0, first.stderr
    if not boundaries_first:
        assert "GM0344 Utrecht: 1 gemeente, 10 wijken, 111 buurten" in first.stdout
    second = _run(data_dir, "data", "import", order[1])
    assert second.returncode == 0, second.stderr
    listed = json.loads(_run(data_dir, "data", "list", "--json").stdout)
    # Only Utrecht is a gemeente dataset: the other 341 gemeenten' wijken wait as boundaries,
    # and the national overview (NL00) holds every wijk with the one figure the file has.
    assert [(m["gemeente_code"], m["counts"]) for m in listed] == [
        ("GM0344", {"gemeente": 1, "wijk": 10, "buurt": 111}),
        ("NL00", {"gemeente": 0, "wijk": 3393, "buurt": 0}),
    ]
    national = AreaStore(data_dir).load("NL00", 2024, "wijk")
    assert national["inwoners"].notna().sum() == 3393
    assert national["pct_0_14"].isna().all()
    utrecht = listed[0]
    assert not any(code.startswith("WK") for code in utrecht["without_geometry"])
    assert len(utrecht["without_geometry"]) == 111  # no buurt boundaries in these files
    wijk = AreaStore(data_dir).load("GM0344", 2024, "wijk")
    assert wijk.geometry.notna().all() and len(wijk) == 10
    assert wijk.set_index("code").loc["WK034401", "inwoners"] == 29_710
