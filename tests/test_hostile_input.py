"""Hostile or broken notes files and exports (issue 9): Dutch messages, row by row, no
traceback, nothing stored silently; strict JSON on the command line."""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import pytest

from tests.notes_support import HEADER, csv_text, make_areas
from urgentie.cli import main
from urgentie.errors import UserError
from urgentie.exports import neutralise
from urgentie.notes.readers import read_tables


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("\ufeff=HYPERLINK(1)", "'\ufeff=HYPERLINK(1)"),  # byte-order mark
        ("\u200b=1+1", "'\u200b=1+1"),  # zero-width space
        ("\u200d\u2060@SUM(A1)", "'\u200d\u2060@SUM(A1)"),  # zero-width joiner, word joiner
        ("\u202e+31 6 1234", "'\u202e+31 6 1234"),  # right-to-left override
        ("\u200f\u2066-cmd", "'\u200f\u2066-cmd"),  # bidi mark and isolate
        ("  =1", "'  =1"),
        ("\ufeff-12,5", "\ufeff-12,5"),  # a number stays a number
        ("Café \u200bNoord", "Café \u200bNoord"),  # nothing to neutralise
    ],
)
def test_formula_behind_invisible_characters_is_neutralised(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def _csv_bytes(rows: list[str]) -> bytes:
    return "\n".join([";".join(HEADER), *rows]).encode("utf-8") + b"\n"


def test_a_row_in_another_encoding_is_read_per_line_and_flagged() -> None:
    utf8 = "15-03-2024;Centrum;bewoner;;Café Noord is dicht.;3".encode()
    cp1252 = "16-03-2024;Centrum;bewoner;;Brasserie één is open.;2".encode("cp1252")
    data = ";".join(HEADER).encode() + b"\n" + utf8 + b"\n" + cp1252 + b"\n"
    table = read_tables(data, "gesprekken.csv")[0]
    texts = [r.values["tekst"] for r in table.records]
    assert texts == ["Café Noord is dicht.", "Brasserie één is open."]  # no "CafÃ©"
    assert not table.records[0].warnings
    assert any("regel 3" in w and "Windows-1252" in w for w in table.records[1].warnings)


def test_a_file_wholly_in_windows_1252_is_not_flagged() -> None:
    data = "\n".join(
        [";".join(HEADER), "15-03-2024;Centrum;bewoner;;Café Noord is dicht.;3"]
    ).encode("cp1252")
    table = read_tables(data, "gesprekken.csv")[0]
    assert table.records[0].values["tekst"] == "Café Noord is dicht."
    assert not table.records[0].warnings


def test_an_unclosed_quote_that_swallows_rows_is_refused_with_a_reason() -> None:
    data = _csv_bytes(
        [
            '15-03-2024;Centrum;bewoner;;"De speeltuin is kapot.;3',
            "16-03-2024;Centrum;bewoner;;Te veel verkeer.;2",
            "17-03-2024;Centrum;bewoner;;Fijne markt.;1",
        ]
    )
    table = read_tables(data, "gesprekken.csv")[0]
    first = table.records[0]
    assert any("aanhalingsteken" in e for e in first.errors), first.errors


def test_a_quoted_note_over_several_lines_is_fine() -> None:
    data = _csv_bytes(['15-03-2024;Centrum;bewoner;;"Eerste zin.\nTweede zin.";3'])
    table = read_tables(data, "gesprekken.csv")[0]
    assert table.records[0].values["tekst"] == "Eerste zin.\nTweede zin."
    assert not table.records[0].errors


def test_a_zip_bomb_disguised_as_docx_is_refused_in_dutch() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 60_000_000)
    with pytest.raises(UserError, match="zip-bom"):
        read_tables(buffer.getvalue(), "verslag.docx")


def test_a_damaged_docx_gives_a_dutch_message() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "geen xml <<<")
    with pytest.raises(UserError, match="Het Word-document is niet te lezen") as caught:
        read_tables(buffer.getvalue(), "verslag.docx")
    assert "Package" not in str(caught.value) and "KeyError" not in str(caught.value)


def test_notes_list_json_is_strict_json(data_dir: Path, tmp_path: Path, capsys) -> None:
    make_areas(data_dir)
    path = tmp_path / "gesprekken.csv"
    # No date and no rating: the missing values must come out as null, never NaN.
    path.write_text(
        csv_text([["", "Centrum", "bewoner", "", "Veel afval op straat.", ""]]), encoding="utf-8"
    )
    assert main(["notes", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["notes", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert "NaN" not in out and "Infinity" not in out

    def refuse(constant: str) -> float:
        raise ValueError(f"geen JSON: {constant}")

    records = json.loads(out, parse_constant=refuse)
    assert len(records) == 1
    assert records[0]["note_date"] is None
    assert all(not (isinstance(v, float) and math.isnan(v)) for v in records[0].values())


def test_an_unexpected_error_on_the_command_line_shows_no_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from urgentie.store.areas import AreaStore

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(AreaStore, "manifests", crash)
    assert main(["data", "list"]) == 3
    err = capsys.readouterr().err
    assert "foutcode" in err and "Traceback" not in err and "RecursionError" not in err
    log = (data_dir / "fouten.log").read_text("utf-8")
    assert "RecursionError" in log and "Traceback" in log
