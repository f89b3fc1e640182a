"""REFI-QDA exchange: .qdpx and .qdc written valid against the published schemas, read back with
the same codes, foreign codebooks mapped, bad files explained in Dutch, CLI and page wired."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.notes_support import GEMEENTE, make_areas
from urgentie.cli import main
from urgentie.errors import UserError
from urgentie.notes import qda
from urgentie.store.notes_db import CodeRecord, NewBatch, NoteRecord, NotesStore

TEXTS = [
    "Veel overlast bij de flat. Het buurthuis is fijn.",
    "Schimmel in de badkamer & <vocht>.",
    "Geen bijzonderheden.",
]
CODES = [
    [("veiligheid", "zorg", ["overlast"]), ("sociaal_functioneren", "kracht", ["buurthuis"])],
    [("wonen", "zorg", ["schimmel"])],
    [],
]


@pytest.fixture
def store(data_dir: Path) -> NotesStore:
    make_areas(data_dir)
    notes = NotesStore.open()
    records = [
        NoteRecord(
            gemeente_code=GEMEENTE,
            area_code="WK999901",
            area_name="Centrum",
            area_match="exact",
            perspective="bewoner",
            text=text,
            codes=[CodeRecord(d, p, t, None, "uitleg", None, 0.6) for d, p, t in hits],
        )
        for text, hits in zip(TEXTS, CODES, strict=True)
    ]
    notes.write_batch(NewBatch("t.csv", "y" * 64, "csv", GEMEENTE, "v1"), records)
    first = int(notes.notes_frame(GEMEENTE, search="overlast")["id"].iloc[0])
    notes.set_codes(first, [("veiligheid", "zorg"), ("opvoeding", "zorg")], analyst="Sanne")
    return notes


def _active(notes: NotesStore) -> dict[int, set[str]]:
    frame = notes.codes_frame(GEMEENTE)
    out: dict[int, set[str]] = {}
    for n, d, p in frame[["note_id", "domain", "polarity"]].itertuples(index=False):
        out.setdefault(int(n), set()).add(f"{d}/{p}")
    return out


def _export(notes: NotesStore) -> bytes:
    return qda.write_qdpx(
        notes.notes_frame(GEMEENTE), notes.codes_frame(GEMEENTE), "Test", {"WK999901": "Centrum"}
    )


def test_qdpx_is_valid_and_reads_back_with_the_same_codes(store: NotesStore):
    data = _export(store)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        sources = [n for n in names if n.startswith("sources/")]
        assert len(sources) == 3
        assert archive.read(sources[1]).decode() in TEXTS
    assert qda.validate(qde, "Project.xsd") == []
    texts = {
        int(i): t
        for i, t in zip(*store.notes_frame(GEMEENTE)[["id", "text"]].T.values, strict=True)
    }
    imported = qda.read_qdpx_codes(data, texts)
    assert qda.note_codes(imported) == _active(store)
    root = etree.fromstring(qde)
    users = {u.get("name") for u in root.iter(f"{{{qda.PROJECT_NS}}}User")}
    assert {"Sanne", qda.AUTOMATIC_USER} <= users
    assert imported.unknown_sources == [] and imported.skipped_codings == 0


def test_a_segment_is_the_sentence_with_the_term():
    text = "Het buurthuis is fijn. Veel overlast bij de flat."
    assert text[slice(*qda.segment(text, ["overlast"]))].strip() == "Veel overlast bij de flat."
    assert qda.segment(text, ["bestaat niet"]) == (0, len(text))


def test_qdc_is_valid_and_maps_every_code_back(data_dir):
    data = qda.write_qdc()
    assert qda.validate(data, "Codebook.xsd") == []
    mappings = qda.read_qdc(data)
    assert len(mappings) == 18
    assert all(m.target and m.how == "zelfde GUID" for m in mappings)


# (name in another tool, expected code)
FOREIGN_NAMES = [
    ("Wonen — zorg", "wonen/zorg"),
    ("veiligheid/kracht", "veiligheid/kracht"),
    ("Gezondheid: problemen", "gezondheid/zorg"),
    ("Wonen - wat goed gaat", "wonen/kracht"),
    ("Interessant citaat", None),
]


@pytest.mark.parametrize(("name", "expected"), FOREIGN_NAMES)
def test_foreign_code_names_are_mapped(data_dir, name, expected):
    assert qda.map_code("0b8e1f3a-0000-4000-8000-000000000000", name).target == expected


def test_codes_changed_in_another_tool_come_back_as_a_review(store: NotesStore):
    data = _export(store)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(files["project.qde"])
    ns = qda.PROJECT_NS
    users = root.find(f"{{{ns}}}Users")
    etree.SubElement(users, f"{{{ns}}}User", guid=qda.guid("user", "Kees"), name="Kees")
    source = next(
        s
        for s in root.iter(f"{{{ns}}}TextSource")
        if "Schimmel" in files["sources/" + s.get("guid") + ".txt"].decode()
    )
    selection = etree.Element(
        f"{{{ns}}}PlainTextSelection",
        guid=qda.guid("segment", "extra"),
        startPosition="0",
        endPosition="8",
    )
    coding = etree.SubElement(
        selection,
        f"{{{ns}}}Coding",
        guid=qda.guid("coding", "extra"),
        creatingUser=qda.guid("user", "Kees"),
    )
    etree.SubElement(coding, f"{{{ns}}}CodeRef", targetGUID=qda.guid("code", "gezondheid/zorg"))
    source.insert(1, selection)
    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    path = Path(store.engine.url.database).parent / "terug.qdpx"
    path.write_bytes(out.getvalue())
    assert main(["notes", "import-codes", str(path), "--gemeente", GEMEENTE]) == 0
    schimmel = int(store.notes_frame(GEMEENTE, search="schimmel")["id"].iloc[0])
    assert _active(store)[schimmel] == {"wonen/zorg", "gezondheid/zorg"}
    reviews = store.reviews_frame(GEMEENTE)
    assert "Kees" in set(reviews["analyst"])


# (file content, Dutch message)
BAD_FILES = [
    (b"geen zip", "geen zip-archief"),
    (b"PK\x05\x06" + b"\x00" * 18, "geen project.qde"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_qdpx_is_explained(content, message):
    with pytest.raises(UserError, match=message):
        qda.read_qdpx_codes(content, {})


def test_invalid_project_is_refused_with_the_schema_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0"/>')
    with pytest.raises(UserError, match="REFI-QDA-schema"):
        qda.read_qdpx_codes(out.getvalue(), {})


def test_cli_exports_and_imports(store: NotesStore, tmp_path: Path, capsys):
    target = tmp_path / "project.qdpx"
    assert main(["notes", "export", "--qdpx", str(target), "--gemeente", GEMEENTE]) == 0
    assert zipfile.is_zipfile(target)
    out = capsys.readouterr().out
    assert "3 gesprek(ken)" in out and "schema" in out
    codebook = tmp_path / "codeboek.qdc"
    assert main(["notes", "export", "--qdc", str(codebook)]) == 0
    assert qda.validate(codebook.read_bytes(), "Codebook.xsd") == []
    assert main(["notes", "import-codes", str(codebook)]) == 0
    assert "18 van 18 codes" in capsys.readouterr().out
    assert main(["notes", "import-codes", str(target), "--gemeente", GEMEENTE]) == 0
    assert "0 gesprek(ken) gewijzigd" in capsys.readouterr().out


def test_page_offers_both_downloads_and_takes_codes_back(store: NotesStore, monkeypatch):
    from apptest_support import open_page

    monkeypatch.setenv("URGENTIE_DEMO", "off")
    data = _export(store)
    schimmel = int(store.notes_frame(GEMEENTE, search="schimmel")["id"].iloc[0])
    store.set_codes(schimmel, [], analyst="Sanne")  # changed here after the export
    at = open_page("gesprekken")
    assert not at.exception
    at.button(key="qda_prepare").click().run()
    labels = [b.label for b in at.get("download_button")]
    assert any(".qdpx, 3 gesprekken" in label for label in labels)
    assert "Codeboek (.qdc)" in labels
    uploader = next(u for u in at.file_uploader if u.key == "qda_upload")
    uploader.set_value(("terug.qdpx", data, "application/zip"))
    at.run()
    assert not at.exception
    assert any("1 anders dan nu" in m.value for m in at.markdown)
    at.button(key="qda_apply").click().run()
    assert not at.exception
    assert _active(store)[schimmel] == {"wonen/zorg"}


def test_a_foreign_codebook_and_the_analysts_links_are_remembered(data_dir, tmp_path, capsys):
    """A codebook from another tool: what maps is remembered, the rest is linked by hand, and
    a project from that tool is then read with those links."""
    ns = qda.CODEBOOK_NS
    root = etree.Element(f"{{{ns}}}CodeBook", nsmap={None: ns}, origin="ATLAS.ti")
    codes = etree.SubElement(root, f"{{{ns}}}Codes")
    for name, number in (("Wonen: problemen", 1), ("Hangjongeren", 2)):
        etree.SubElement(
            codes,
            f"{{{ns}}}Code",
            guid=f"00000000-0000-4000-8000-00000000000{number}",
            name=name,
            isCodable="true",
        )
    path = tmp_path / "atlas.qdc"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    args = ["notes", "import-codes", str(path), "--koppel", "Hangjongeren=veiligheid/zorg"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2 van 2 codes passen" in out and "door de analist gekoppeld" not in out
    assert "eerder gekoppeld" in out
    later = qda.map_code("00000000-0000-4000-8000-000000000002", "iets anders")
    assert later.target == "veiligheid/zorg" and later.how == "eerder gekoppeld"
    assert main(["notes", "import-codes", str(path), "--koppel", "Hangjongeren=niets"]) == 2
    assert "begrijp ik niet" in capsys.readouterr().err
