"""Importing notes files end to end: the bad-input corpus, areas, re-imports, defaults, demo.

Every file in the corpus is written here, in its real format. Each either gives a clear Dutch
error (and nothing is stored) or imports exactly the rows it should.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.notes_support import (
    GEMEENTE,
    csv_text,
    docx_bytes,
    make_areas,
    with_cached_value,
    xlsx_bytes,
)
from urgentie.demo.conversations import import_demo_notes
from urgentie.errors import UserError
from urgentie.notes import export, importer
from urgentie.notes.importer import ImportContext, NoteDefaults
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


class Env:
    def __init__(self, root: Path) -> None:
        self.areas: AreaStore = make_areas(root)
        self.notes = NotesStore.open()
        self.root = root

    def context(self) -> ImportContext:
        return importer.build_context(self.notes, self.areas, GEMEENTE)

    def prepare(self, data: bytes, name: str = "gesprekken.csv", **kw) -> importer.ImportPreview:
        return importer.prepare_import(data, name, self.context(), self.notes, **kw)

    def run(self, data: bytes, name: str = "gesprekken.csv", **kw) -> importer.ImportPreview:
        preview = self.prepare(data, name, **kw)
        importer.commit_import(preview, self.notes)
        return preview


@pytest.fixture
def env(data_dir: Path) -> Env:
    environment = Env(data_dir)
    yield environment
    environment.notes.engine.dispose()


# --- the corpus: files that import ---------------------------------------------------------------
def _utf16(text: str) -> bytes:
    return text.encode("utf-16")


def _ragged() -> bytes:
    text = csv_text()
    return (text + "18-03-2024;Centrum;bewoner;;Te veel velden;3;extra;nog meer\n").encode()


def _short_row() -> bytes:
    return (csv_text() + "18-03-2024;Centrum;bewoner\n").encode()


def _xlsx_merged_and_formulas() -> bytes:
    rows = [
        ["datum", "wijk", "perspectief", "tekst", "urgentie_wonen"],
        ["15-03-2024", "Centrum", "bewoner", "Schimmel in de woning", 4],
        ["16-03-2024", None, "bewoner", '=HYPERLINK("http://kwaad.example","klik")', "=2+2"],
        ["17-03-2024", None, "bewoner", "=A1", 3],
        ["18-03-2024", "Bloemenbuurt", "wijkagent", "Rustig in de buurt", "#REF!"],
    ]
    data = xlsx_bytes(rows, title_rows=2, merges=("B4:B6",))
    # D5 and E5 get the result Excel saved; D6 keeps no saved result.
    data = with_cached_value(data, "D5", "klik hier voor info")
    return with_cached_value(data, "E5", "4")


CORPUS_OK = [
    # (id, bytes, file name, accepted, rejected)
    ("utf8-puntkomma", csv_text().encode(), "a.csv", 3, 0),
    ("utf8-bom-komma", b"\xef\xbb\xbf" + csv_text(delimiter=",").encode(), "a.csv", 3, 0),
    ("cp1252", csv_text(delimiter=";").replace("fijn", "café, ë").encode("cp1252"), "a.csv", 3, 0),
    ("tab", csv_text(delimiter="\t").encode(), "a.tsv", 3, 0),
    ("pipe", csv_text(delimiter="|").encode(), "a.txt", 3, 0),
    ("utf16-excel-unicode", _utf16(csv_text(delimiter="\t")), "a.txt", 3, 0),
    ("crlf", csv_text().replace("\n", "\r\n").encode(), "a.csv", 3, 0),
    ("rafelige-rij", _ragged(), "a.csv", 3, 1),
    ("korte-rij", _short_row(), "a.csv", 3, 1),
    ("csv-als-docx", csv_text().encode(), "gesprekken.docx", 3, 0),
    ("xlsx-formules-samengevoegd", _xlsx_merged_and_formulas(), "a.xlsx", 3, 1),
]


@pytest.mark.parametrize(
    ("data", "name", "accepted", "rejected"),
    [case[1:] for case in CORPUS_OK],
    ids=[case[0] for case in CORPUS_OK],
)
def test_corpus_files_that_import(
    env: Env, data: bytes, name: str, accepted: int, rejected: int
) -> None:
    preview = env.prepare(data, name)
    assert (preview.accepted_count, preview.rejected_count) == (accepted, rejected)
    report = importer.commit_import(preview, env.notes)
    assert env.notes.count_notes() == accepted == report.accepted


def test_encodings_keep_every_character(env: Env) -> None:
    text = csv_text().replace("fijn", "fijn café, één ë")
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        preview = env.prepare(data)
        texts = [n.record.text for n in preview.notes]
        assert any("café, één ë" in t for t in texts)
    assert env.prepare(text.encode("cp1252")).details["codering"] == "Windows-1252"


def test_ragged_and_short_rows_are_named_by_line(env: Env) -> None:
    preview = env.prepare(_ragged())
    assert [(r.location, r.reasons[0][:22]) for r in preview.rejected] == [
        ("regel 5", "rij heeft 8 velden, de")
    ]
    preview = env.prepare(_short_row())
    assert preview.rejected[0].location == "regel 5"
    assert "tekst ontbreekt" in preview.rejected[0].reasons


def test_multiline_cells_keep_line_numbers(env: Env) -> None:
    text = (
        "wijk;perspectief;tekst\n"
        'Centrum;bewoner;"Eerste regel\nTweede regel\nDerde regel"\n'
        "Onbekendstad;bewoner;Los\n"
    )
    preview = env.prepare(text.encode())
    assert preview.notes[0].location == "regel 2"
    assert "Tweede regel" in preview.notes[0].record.text
    assert preview.rejected[0].location == "regel 5"


def test_xlsx_formulas_are_never_evaluated_and_merged_cells_fill_down(env: Env) -> None:
    preview = env.prepare(_xlsx_merged_and_formulas(), "a.xlsx")
    by_row = {n.row: n for n in preview.notes}
    # The header sits below two title rows; Excel row numbers are kept.
    assert sorted(by_row) == [4, 5, 7]
    hyperlink = by_row[5]
    assert hyperlink.original_text == "klik hier voor info"  # the saved result, not the formula
    assert hyperlink.record.area_code == "WK999901"  # merged "Centrum" filled down
    assert hyperlink.record.ratings == {"wonen": 4.0}
    assert any("formule" in w and "D5" in w for w in hyperlink.warnings)
    rejected = {r.row: r for r in preview.rejected}
    assert "tekst ontbreekt" in rejected[6].reasons  # formula without a saved result
    assert any("#REF!" in w for w in by_row[7].warnings)
    assert by_row[7].record.ratings == {}
    assert any("Samengevoegde cellen B4:B6" in w for w in preview.file_warnings)
    assert preview.notes[0].record.source_sheet == "Gesprekken"


# --- the corpus: files that are refused ----------------------------------------------------------
def _zip_of(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "x")
    return buffer.getvalue()


CORPUS_ERRORS = [
    ("leeg", b"", "a.csv", "leeg"),
    ("alleen-witruimte", b"  \n\n\t\n", "a.csv", "leeg"),
    ("alleen-kop", b"datum;wijk;perspectief;tekst\n", "a.csv", "geen rijen"),
    ("nul-bytes", csv_text().replace("fijn", "fi\x00jn").encode(), "a.csv", "NUL-tekens"),
    ("png-als-csv", PNG + b"\x00" * 64, "gesprekken.csv", "PNG-afbeelding"),
    ("pdf-als-xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a.xlsx", "PDF"),
    ("oud-excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "a.xls", "oude Office"),
    ("zip", _zip_of("foto.jpg"), "a.xlsx", "ZIP-archief"),
    ("beschadigde-docx", docx_bytes([("tekst", None)])[:300], "a.docx", "beschadigd"),
    ("ods", _zip_of("mimetype").replace(b"x", b"x"), "a.ods", "ZIP"),
    (
        "geen-tekstkolom",
        b"datum;wijk;perspectief\n1-1-2024;Centrum;bewoner\n",
        "a.csv",
        "Geen kolom",
    ),
    (
        "xlsx-zonder-tekstkolom",
        xlsx_bytes([["wijk", "naam"], ["Centrum", "x"]]),
        "a.xlsx",
        "Geen blad",
    ),
]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [case[1:] for case in CORPUS_ERRORS],
    ids=[case[0] for case in CORPUS_ERRORS],
)
def test_corpus_files_that_are_refused(env: Env, data: bytes, name: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        env.prepare(data, name)
    assert env.notes.count_notes() == 0


def test_random_binary_is_refused(env: Env) -> None:
    data = random.Random(42).randbytes(4096)
    with pytest.raises(UserError):
        env.prepare(data, "gesprekken.csv")


def test_oversized_file_is_refused_before_reading(
    env: Env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("URGENTIE_MAX_UPLOAD_MB", "0.001")
    path = tmp_path / "groot.csv"
    path.write_text(csv_text() * 20, encoding="utf-8")
    with pytest.raises(UserError, match="URGENTIE_MAX_UPLOAD_MB"):
        importer.import_path(path, env.context(), env.notes)
    with pytest.raises(UserError, match=r"grens is 0,001 MB"):
        env.prepare(path.read_bytes())


def test_too_many_rows_is_refused(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_MAX_ROWS", "2")
    with pytest.raises(UserError, match="URGENTIE_MAX_ROWS"):
        env.prepare(csv_text().encode())
    with pytest.raises(UserError, match="URGENTIE_MAX_ROWS"):
        env.prepare(xlsx_bytes([["wijk", "tekst"], *[["Centrum", "x"]] * 5]), "a.xlsx")


# --- documents ----------------------------------------------------------------------------------
def test_docx_one_note_per_paragraph_with_sticky_fields(env: Env) -> None:
    data = docx_bytes(
        [
            ("Wijk: Centrum", None),
            ("Perspectief: wijkagent", None),
            ("Datum: 12-03-2024", None),
            ("Veel overlast rond het station.", None),
            ("Jongeren hangen 's avonds bij de speeltuin.", None),
            ("Wijk: Bloemenbuurt", None),
            ("Het is hier rustig.", None),
        ]
    )
    preview = env.prepare(data, "verslag.docx")
    records = [(n.location, n.record.area_code, n.record.role) for n in preview.notes]
    assert records == [
        ("alinea 4", "WK999901", "wijkagent"),
        ("alinea 5", "WK999901", "wijkagent"),
        ("alinea 7", "WK999902", "wijkagent"),
    ]
    assert all(n.record.note_date == date(2024, 3, 12) for n in preview.notes)


def test_docx_one_note_per_heading_block(env: Env) -> None:
    data = docx_bytes(
        [
            ("Verslag wijkschouw", "Heading 1"),
            ("Gesprek 1", "Heading 2"),
            ("Wijk: Centrum", None),
            ("Perspectief: bewoner", None),
            ("Rol: buurtbewoonster", None),
            ("De portiek is vies.", None),
            ("Niemand doet iets.", None),
            ("Gesprek 2", "Heading 2"),
            ("Wijk: Rozenhof", None),
            ("Perspectief: corporatie", None),
            ("urgentie_wonen: 4", None),
            ("Veel vocht in de woningen.", None),
        ]
    )
    preview = env.prepare(data, "wijkschouw.docx")
    assert preview.details["inhoud"] == "blok per kop"
    assert [n.record.area_code for n in preview.notes] == ["WK999901", "BU99990201"]
    first, second = preview.notes
    assert first.original_text == "De portiek is vies.\n\nNiemand doet iets."
    assert first.record.role == "buurtbewoonster"
    assert second.record.perspective == "professional"
    assert second.record.ratings == {"wonen": 4.0}
    assert any("kop zonder tekst" in w for w in preview.file_warnings)


def test_docx_table_is_read_as_a_table(env: Env) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ["Wijk", "Perspectief", "Tekst"],
            ["Centrum", "bewoner", "A"],
            ["Rozenhof", "bewoner", "B"],
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    preview = env.prepare(buffer.getvalue(), "tabel.docx")
    assert [n.original_text for n in preview.notes] == ["A", "B"]
    assert preview.notes[0].location == "tabelrij 2"


def test_markdown_blocks_with_headings_and_bold_fields(env: Env) -> None:
    text = (
        "# Gesprekken maart\n\n"
        "**Perspectief:** bewoner\n\n"
        "## Keukentafel 1\n"
        "**Wijk:** Tulpenhof\n"
        "Datum: 3 maart 2024\n\n"
        "Mijn buren helpen mij met boodschappen.\n\n"
        "## Keukentafel 2\n"
        "Wijk: Noord-Oost\n"
        "Ik voel me eenzaam sinds mijn man overleed.\n"
    )
    preview = env.prepare(text.encode(), "notities.md")
    assert [(n.record.area_code, n.location) for n in preview.notes] == [
        ("BU99990202", "regel 5"),
        ("WK999903", "regel 11"),
    ]
    assert preview.notes[0].original_text == "Mijn buren helpen mij met boodschappen."
    assert preview.notes[0].record.note_date == date(2024, 3, 3)
    assert all(n.record.perspective == "bewoner" for n in preview.notes)


def test_plain_text_blocks_use_defaults(env: Env) -> None:
    text = "Overlast van scooters.\n\nDe buurtsuper is dicht.\n\n\nWijk: Rozenhof\nFijn buurthuis."
    preview = env.prepare(text.encode(), "notities.txt")
    assert preview.accepted_count == 0 and preview.rejected_count == 3
    assert any("standaardperspectief" in w for w in preview.file_warnings)
    assert "wijk of buurt ontbreekt" in preview.rejected[0].reasons
    defaults = NoteDefaults(area="WK999901", perspective="bewoner")
    preview = env.prepare(text.encode(), "notities.txt", defaults=defaults)
    assert preview.accepted_count == 3
    assert [n.record.area_code for n in preview.notes] == ["WK999901", "WK999901", "BU99990201"]
    with pytest.raises(UserError, match="Standaardgebied"):
        env.prepare(text.encode(), "notities.txt", defaults=NoteDefaults(area="Atlantis"))


# --- safety -------------------------------------------------------------------------------------
def test_html_and_formulas_in_text_are_stored_as_text_and_exported_safely(env: Env) -> None:
    rows = [
        ["15-03-2024", "Centrum", "bewoner", "", "<script>alert('x')</script> <b>vet</b>", ""],
        ["15-03-2024", "Centrum", "bewoner", "", '=HYPERLINK("http://kwaad.example","klik")', ""],
        ["15-03-2024", "Centrum", "bewoner", "", "+31 zegt iets", ""],
    ]
    env.run(csv_text(rows).encode())
    frame = env.notes.notes_frame()
    texts = set(frame["text"])
    assert any("<script>" in t for t in texts)  # stored as written (escaped on output)
    csv_out = export.to_csv_bytes(frame).decode("utf-8-sig")
    for line in csv_out.splitlines()[1:]:
        for cell in line.split(";"):
            assert not cell.strip('"').startswith(("=", "+", "-", "@"))
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frame)))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)


def test_personal_details_are_replaced_before_storage(env: Env) -> None:
    rows = [
        [
            "15-03-2024",
            "Centrum",
            "bewoner",
            "",
            "Mevrouw Jansen belde met 06-12345678 en mailde j.jansen@example.nl.",
            "",
        ]
    ]
    preview = env.run(csv_text(rows).encode())
    assert sum(preview.replacement_counts().values()) >= 2
    stored = env.notes.notes_frame(with_original=True)
    text = stored["text"].item()
    assert "12345678" not in text and "j.jansen@example.nl" not in text
    assert stored["original_text"].isna().all()  # the original is not kept by default


def test_original_text_kept_only_when_switched_on(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("URGENTIE_KEEP_ORIGINAL_TEXT", "ja")
    rows = [["15-03-2024", "Centrum", "bewoner", "", "Bel 06-12345678", ""]]
    env.run(csv_text(rows).encode())
    stored = env.notes.notes_frame(with_original=True)
    assert stored["original_text"].item() == "Bel 06-12345678"
    assert "original_text" not in env.notes.notes_frame().columns


# --- areas --------------------------------------------------------------------------------------
def test_unknown_area_waits_for_the_user_and_is_remembered(env: Env) -> None:
    rows = [
        ["15-03-2024", "De Brinck", "bewoner", "", "Het buurthuis is een fijne plek.", ""],
        ["16-03-2024", "De Brinck", "bewoner", "", "De bus rijdt niet meer.", ""],
        ["16-03-2024", "Bloemenbuurd", "bewoner", "", "Overlast.", ""],
        ["16-03-2024", "Atlantis", "bewoner", "", "Overlast.", ""],
    ]
    data = csv_text(rows).encode()
    preview = env.prepare(data)
    assert preview.accepted_count == 1  # the typo, shown with its score
    assert "%" in preview.notes[0].warnings[0]
    issues = {i.written: i.rows for i in preview.area_issues}
    assert issues == {"De Brinck": ["regel 2", "regel 3"], "Atlantis": ["regel 5"]}
    preview = env.prepare(data, mapping={"de brinck": "WK999903", "Atlantis": None})
    assert preview.accepted_count == 3
    assert any("overgeslagen" in r for r in preview.rejected[0].reasons)
    importer.commit_import(preview, env.notes)
    # The choice is remembered: a later file with the same name needs no mapping.
    later = env.prepare(csv_text([rows[0]]).encode())
    assert later.notes[0].record.area_code == "WK999903"
    assert later.notes[0].record.area_match == "eerder gekozen"


def test_mapping_to_an_area_of_another_gemeente_is_refused(env: Env) -> None:
    rows = [["15-03-2024", "De Brinck", "bewoner", "", "x", ""]]
    with pytest.raises(UserError, match="hoort niet bij"):
        env.prepare(csv_text(rows).encode(), mapping={"De Brinck": "WK034401"})


def test_gemeente_must_be_stored(env: Env) -> None:
    assert importer.resolve_gemeente(env.areas, None) == GEMEENTE
    with pytest.raises(UserError, match="GM0001"):
        importer.resolve_gemeente(env.areas, "GM0001")
    make_areas(env.root, "GM0344", "Utrecht")
    with pytest.raises(UserError, match="--gemeente"):
        importer.resolve_gemeente(env.areas, None)


# --- batches ------------------------------------------------------------------------------------
def test_reimport_of_the_same_file_is_detected(env: Env) -> None:
    data = csv_text().encode()
    env.run(data)
    again = env.prepare(data, "andere-naam.csv")
    assert again.duplicate_of and "al geïmporteerd als batch 1" in again.duplicate_message()
    with pytest.raises(UserError, match="al geïmporteerd"):
        importer.commit_import(again, env.notes)
    assert env.notes.count_notes() == 3
    importer.commit_import(again, env.notes, allow_duplicate=True)
    assert env.notes.count_notes() == 6


def test_commit_rechecks_duplicates_made_after_the_preview(env: Env) -> None:
    data = csv_text().encode()
    first, second = env.prepare(data), env.prepare(data)  # e.g. two browser tabs
    importer.commit_import(first, env.notes)
    with pytest.raises(UserError, match="al geïmporteerd"):
        importer.commit_import(second, env.notes)
    assert env.notes.count_notes() == 3


def test_undo_then_reimport(env: Env) -> None:
    data = csv_text().encode()
    env.run(data)
    batch = env.notes.batches()[0]
    assert env.notes.undo_batch(batch.id) == 3
    assert env.notes.count_notes() == 0
    preview = env.prepare(data)
    assert not preview.duplicate_of
    importer.commit_import(preview, env.notes)
    assert env.notes.count_notes() == 3


def test_nothing_accepted_means_nothing_imported(env: Env) -> None:
    rows = [["15-03-2024", "Atlantis", "bewoner", "", "x", ""]]
    preview = env.prepare(csv_text(rows).encode())
    with pytest.raises(UserError, match="niets geïmporteerd"):
        importer.commit_import(preview, env.notes)
    assert env.notes.batches() == []


def test_provenance_is_stored_per_note(env: Env) -> None:
    env.run(csv_text().encode(), "maart.csv")
    frame = env.notes.notes_frame().sort_values("source_row")
    assert frame["source_file"].unique().tolist() == ["maart.csv"]
    assert frame["source_row"].tolist() == [2, 3, 4]
    assert frame["period"].tolist() == ["2024", "2024", "2024"]


# --- by hand, re-coding, demo -------------------------------------------------------------------
def test_note_by_hand_goes_through_the_same_checks(env: Env) -> None:
    context = env.context()
    bad = importer.prepare_manual_note(
        context, text=" ", area_code="WK999901", perspective="bewoner"
    )
    assert bad.rejected and "tekst ontbreekt" in bad.rejected[0].reasons
    good = importer.prepare_manual_note(
        context,
        text="Bel mij op 06-12345678 over de overlast.",
        area_code="WK999902",
        perspective="professional",
        role="jongerenwerker",
        note_date=date(2024, 4, 1),
        ratings={"veiligheid": 5},
    )
    assert good.accepted_count == 1 and good.replacement_counts()
    importer.commit_import(good, env.notes)
    batch = env.notes.batches()[0]
    assert batch.kind == "handmatig"
    stored = env.notes.notes_frame()
    assert "12345678" not in stored["text"].item()
    assert env.notes.ratings_frame()["rating"].tolist() == [5.0]


def test_recoding_keeps_manual_codes(env: Env) -> None:
    from urgentie.notes import coding

    env.run(csv_text().encode())
    note_id = int(env.notes.notes_frame()["id"].iloc[0])
    env.notes.set_codes(note_id, [("energietransitie", "kracht")])
    result = importer.recode_all(env.notes)
    assert result.notes == 3
    assert result.codebook_version == str(coding.load_codebook().version)
    codes = env.notes.codes_frame()
    manual = codes[~codes["automatic"]]
    assert manual[["note_id", "domain"]].values.tolist() == [[note_id, "energietransitie"]]
    assert set(codes.loc[codes["automatic"], "codebook_version"]) <= {result.codebook_version}


def test_demo_notes_import_once(env: Env) -> None:
    demo = env.root / "demo"
    demo.mkdir()
    text = "datum;wijk;perspectief;rol;tekst;urgentie_veiligheid;urgentie_wonen\n"
    text += "2024-02-01;Centrum;bewoner;buurtbewoner;Veel overlast bij het station;4;\n"
    text += "2024-02-02;Bloemenbuurt;professional;wijkverpleegkundige;Schimmel in huizen;;5\n"
    (demo / "gesprekken.csv").write_text(text, encoding="utf-8")
    report = import_demo_notes(env.notes, env.areas)
    assert report.imported and report.accepted == 2
    again = import_demo_notes(env.notes, env.areas)
    assert not again.imported and again.duplicate_of == [report.batch_id]
    assert env.notes.count_notes() == 2


def test_demo_notes_missing_file(env: Env) -> None:
    with pytest.raises(UserError, match="Demogesprekken ontbreken"):
        import_demo_notes(env.notes, env.areas)


def test_area_names_stay_while_people_and_the_analysts_list_are_replaced(env: Env) -> None:
    env.notes.add_pseudo_terms(["Buurthuis De Klimop"])
    rows = [
        [
            "15-03-2024",
            "Bloemenbuurt",
            "bewoner",
            "",
            "In de Bloemenbuurt en het Stationskwartier zegt mevrouw Jansen dat Buurthuis De "
            "Klimop dichtgaat.",
            "4",
        ]
    ]
    preview = env.run(csv_text(rows).encode())
    stored = env.notes.notes_frame()["text"].iloc[0]
    assert "Bloemenbuurt" in stored and "Stationskwartier" in stored  # areas keep their name
    assert "Jansen" not in stored  # a person does not
    assert "Klimop" not in stored  # nor a name on the analyst's own list
    assert preview.accepted_count == 1
