"""Exports: neutralised CSV/Excel, a self-contained map page, a printable profile."""

from __future__ import annotations

import io
import math
import re

import openpyxl
import pandas as pd
import pytest
from synthetic import grid_frame

from urgentie import exports
from urgentie.choropleth import ClassedValues, Measure, value_layer
from urgentie.mapdata import encode_shapes
from urgentie.views.map import build_map, rendered_html


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rtekst", "'\rtekst"),
        ("-12,5", "-12,5"),  # a number written as text stays a number
        ("-3.5e2", "-3.5e2"),
        ("+31", "+31"),
        ("Wijk = centrum", "Wijk = centrum"),  # only the first character counts
        ("", ""),
        (-3.5, -3.5),  # real numbers are never touched
        (42, 42),
        (None, None),
    ],
)
def test_neutralise(cell, expected):
    assert exports.neutralise(cell) == expected


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Gebied": ["=1+1", "Oost", "@Noord"],
            "Code": ["BU00010001", "BU00010002", "BU00010003"],
            "Verschil": [-2.5, 1.25, float("nan")],
        }
    )


def test_csv_neutralises_text_and_keeps_numbers():
    data = exports.csv_bytes(_table())
    assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 correctly
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "'=1+1;BU00010001;-2,5"
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["Verschil"].iloc[0] == -2.5  # a genuine negative number stays a number
    assert math.isnan(back["Verschil"].iloc[2])  # missing is empty, never 0
    assert back["Gebied"].tolist() == ["'=1+1", "Oost", "'@Noord"]


def test_excel_has_strings_not_formulas_and_a_source_sheet():
    data = exports.excel_bytes(_table(), title="Proef", notes=["Indeling: kwantielen"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Gegevens"]
    assert [c.value for c in sheet[1]] == ["Gebied", "Code", "Verschil"]
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert sheet["C2"].value == -2.5
    assert sheet["C2"].data_type == "n"
    assert sheet["C4"].value is None
    source = [row[0] for row in book["Bron"].iter_rows(values_only=True)]
    assert "Proef" in source
    assert "Indeling: kwantielen" in source
    assert exports.ATTRIBUTION in source


def _map_page() -> str:
    frame = grid_frame(names={"BU99980000": "<b>Vet</b>"})
    buurten = frame[frame["niveau"] == "buurt"].reset_index(drop=True)
    values = pd.Series(buurten["inwoners"].to_numpy(), index=buurten["code"])
    classed = ClassedValues(
        dict.fromkeys(values.index, 0), ("alle",), (len(values),), ("#fd8d3c",), "x"
    )
    layer = value_layer(
        encode_shapes(buurten), buurten, values, Measure("indicator", "inwoners"), classed
    )
    return rendered_html(build_map(layer))


def test_standalone_map_inlines_leaflet_and_loads_nothing():
    page = exports.standalone_map_html(_map_page(), title="Kaart <proef>")
    assert exports.external_assets(page) == []
    assert "/app/static" not in page
    assert re.search(r"<script[^>]*\ssrc=", page) is None
    assert re.search(r"<link[^>]*stylesheet", page) is None
    assert "L.map" in page and ".leaflet-container" in page  # Leaflet's code and CSS are in
    assert "<title>Kaart &lt;proef&gt;</title>" in page
    assert "&lt;b&gt;Vet&lt;/b&gt;" in page


def test_standalone_refuses_a_page_without_local_leaflet():
    with pytest.raises(ValueError, match="lokale Leaflet"):
        exports.standalone_map_html("<html><head></head><body></body></html>")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('<script src="/app/static/leaflet/leaflet.js"></script>', []),
        (
            '<script src="https://cdn.jsdelivr.net/x.js"></script>',
            ["https://cdn.jsdelivr.net/x.js"],
        ),
        ('<link rel="stylesheet" href="//unpkg.com/x.css"/>', ["//unpkg.com/x.css"]),
        ("<script src='data:text/javascript,1'></script>", []),
        ('<link rel="stylesheet" href="static/local.css">', []),
    ],
)
def test_external_assets(page, expected):
    assert exports.external_assets(page) == expected


def test_printable_profile_escapes_and_prints():
    profile = exports.PrintableProfile(
        name="<script>x</script> Oost",
        subtitle="Wijk in Proefdorp",
        sections=[
            exports.ProfileSection(
                "Werk en inkomen",
                pd.DataFrame(
                    {"Indicator": ["Bijstand"], "Dit gebied": ["12,0 per 1 000"], "n": [3.5]}
                ),
            )
        ],
        strengths=["Laag opgeleid: 20 % — beter"],
        concerns=[],
        demo=True,
    )
    page = exports.profile_html(profile)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt; Oost" in page
    assert "@page" in page and "@media print" in page
    assert "Geen indicatoren duidelijk slechter." in page
    assert exports.ATTRIBUTION in page
    assert "demogegevens (fictief)" in page  # the wording of every page
    assert '<td class="num">3.5</td>' in page
    assert exports.external_assets(page) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('＝HYPERLINK("http://kwaad.example")', '\'＝HYPERLINK("http://kwaad.example")'),
        ("＋31 6 12345678", "'＋31 6 12345678"),
        ("\n=1+1", "'\n=1+1"),
        ("-12,5", "-12,5"),
        ("Oude Haven", "Oude Haven"),
    ],
)
def test_full_width_and_newline_formula_starts_are_neutralised(cell: str, expected: str) -> None:
    from urgentie.exports import neutralise
    from urgentie.notes.export import safe_cell

    assert neutralise(cell) == expected
    assert safe_cell(cell) == expected  # notes exports follow the same rule


def test_exports_show_numbers_as_the_pages_do() -> None:
    from urgentie.exports import as_shown, csv_bytes

    frame = pd.DataFrame(
        {
            "Inwoners": [8770.0, 1250.0, float("nan")],
            "Score (z, zie uitleg)": [0.7012345678901234, -1.2345, 0.0],
            "Score (onafgerond)": [0.7012345678901234, -1.2345, 0.0],
        }
    )
    shown = as_shown(frame)
    assert str(shown["Inwoners"].dtype) == "Int64" and pd.isna(shown["Inwoners"].iloc[2])
    assert list(shown["Score (z, zie uitleg)"]) == [0.7, -1.23, 0.0]
    assert shown["Score (onafgerond)"].iloc[0] == 0.7012345678901234
    text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[1] == "8770;0,7;0,7012345678901234"  # no "8770,0", one decimal comma
    assert text[3].startswith(";")  # unknown stays empty, never 0
