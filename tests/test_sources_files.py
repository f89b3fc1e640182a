"""File readers: KWB Excel, StatLine CSV, GeoPackage, GeoJSON, and every way a file goes wrong."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import cbs_files as cf
import pandas as pd
import pytest
from openpyxl import Workbook

from urgentie.errors import UserError
from urgentie.indicators import BY_KEY, STATLINE_TITLES, Ratio
from urgentie.sources.detect import FileKind, SourceFile, decode_text, sniff
from urgentie.sources.files import read_file
from urgentie.sources.statline_csv import map_headers
from urgentie.sources.years import resolve_year, year_from_name


def _read(name: str, data: bytes, jaar: int | None = None):
    return read_file(SourceFile(name=name, data=data), jaar)


def _by_code(result) -> pd.DataFrame:
    return result.incoming.frame.set_index("code")


def _xlsx_bytes(rows, header=cf.KWB_HEADER) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(list(header))
    for row in rows:
        workbook.active.append(list(row))
    workbook.save(buffer)
    return buffer.getvalue()


# --- KWB Excel -------------------------------------------------------------------------------
def test_kwb_excel_reads_levels_missing_and_numbers_stored_as_text(tmp_path: Path) -> None:
    path = cf.write_kwb_xlsx(tmp_path / "kwb-2024_proefstad.xlsx")
    result = read_file(SourceFile.of(path))
    frame = _by_code(result)
    assert result.incoming.jaar == 2024  # from the file name
    assert frame["niveau"].value_counts().to_dict() == {"buurt": 4, "wijk": 2, "gemeente": 1}
    assert frame.loc["BU99910101", "naam"] == "Café de Klok"
    assert frame.loc["BU99910101", "wijk_code"] == "WK999101"
    assert (frame["gemeente_naam"] == "Proefstad").all()
    # "11.2" and "55" were stored as text in Excel.
    assert frame.loc["WK999101", "pct_hh_laag_inkomen"] == pytest.approx(11.2)
    assert frame.loc["BU99910101", "pct_0_14"] == pytest.approx(100 * 55 / 350)
    # "." is missing, never 0.
    assert math.isnan(frame.loc["BU99910102", "pct_hh_laag_inkomen"])
    assert math.isnan(frame.loc["WK999102", "woz_waarde"])
    assert frame.loc["WK999101", "pct_hh_met_kinderen"] == pytest.approx(100 * 75 / 270)
    assert frame.loc["BU99910102", "indelingswijziging"] == "3"
    assert frame.loc["WK999102", "postcode"] == "3512"
    assert result.incoming.has_figures and not result.incoming.has_geometry


def test_kwb_as_csv_reads_like_the_excel(tmp_path: Path) -> None:
    from_csv = _by_code(_read("kwb-2024.csv", cf.kwb_csv_text(sep=",").encode()))
    from_xlsx = _by_code(read_file(SourceFile.of(cf.write_kwb_xlsx(tmp_path / "kwb-2024.xlsx"))))
    pd.testing.assert_series_equal(from_csv["inwoners"], from_xlsx["inwoners"])
    pd.testing.assert_series_equal(from_csv["pct_koopwoningen"], from_xlsx["pct_koopwoningen"])


@pytest.mark.parametrize(
    ("drop", "code_from"),
    [
        (("gwb_code_10",), "gwb_code"),  # older sheets: gwb_code holds the code
        (("gwb_code_10", "gwb_code"), "gwb_code_8"),  # only digits plus the level in recs
    ],
)
def test_older_kwb_sheets_without_gwb_code_10(drop: tuple[str, ...], code_from: str) -> None:
    keep = [i for i, h in enumerate(cf.KWB_HEADER) if h not in drop]
    header = [cf.KWB_HEADER[i] for i in keep]
    rows = [[row[i] for i in keep] for row in cf.KWB_ROWS]
    # The sheet really lacks the newer code columns, so the reader must fall back on code_from.
    assert len(header) == len(cf.KWB_HEADER) - len(drop)
    assert code_from in header and not set(drop) & set(header)
    frame = _by_code(_read("kwb-2019.xlsx", _xlsx_bytes(rows, header)))
    assert sorted(frame.index) == sorted(r[0] for r in cf.KWB_ROWS)
    assert frame.loc["WK999102", "inwoners"] == 400


def test_kwb_header_below_title_rows_is_found() -> None:
    rows = [("Kerncijfers wijken en buurten 2024",), (), cf.KWB_HEADER, *cf.KWB_ROWS]
    buffer = io.BytesIO()
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    workbook.save(buffer)
    frame = _by_code(_read("kwb-2024.xlsx", buffer.getvalue()))
    assert len(frame) == 7


def test_letter_codes_and_padding_are_accepted() -> None:
    rows = (
        ("GM0363  ", "0363", "Amsterdam", "Amsterdam", "Gemeente", "GM0363", 1, 900, 100, 100,
         400, 200, 90, 10, 30, 500, ".", 1),
        (" WK0363AA", "0363AA", "Burgwallen-Oude Zijde", "Amsterdam", "Wijk", "WK0363AA", 1,
         500, 50, 60, 250, 120, 40, 12, 20, 600, ".", 1),
        ("BU0363AA01 ", "0363AA01", "Kop Zeedijk", "Amsterdam", "Buurt", "BU0363AA01", 1, 400,
         40, 50, 150, 80, 30, 14, 25, 650, ".", 1),
    )  # fmt: skip
    frame = _by_code(_read("kwb-2024.xlsx", _xlsx_bytes(rows)))
    assert list(frame.index) == ["GM0363", "WK0363AA", "BU0363AA01"]
    assert frame.loc["BU0363AA01", "wijk_code"] == "WK0363AA"


# --- StatLine CSV ----------------------------------------------------------------------------
def test_statline_csv_with_bom_padding_and_dots() -> None:
    result = _read("kerncijfers_2024.csv", cf.statline_csv_bytes())
    frame = _by_code(result)
    assert list(frame.index) == ["GM9991", "WK999101", "BU99910101"]  # NL00 is not an area
    assert frame.loc["BU99910101", "naam"] == "Café de Klok"  # padding stripped
    assert frame.loc["WK999101", "gemeente_naam"] == "Proefstad"
    assert frame.loc["WK999101", "pct_hh_laag_inkomen"] == pytest.approx(11.2)
    assert math.isnan(frame.loc["BU99910101", "pct_hh_laag_inkomen"])
    assert frame.loc["GM9991", "pct_0_14"] == pytest.approx(15.0)
    assert frame.loc["WK999101", "pct_hh_met_kinderen"] == pytest.approx(100 * 75 / 270)
    assert frame.loc["WK999101", "postcode"] == "3511"
    # Absent from this export: reported, not an error.
    assert "woz_waarde" in result.incoming.missing_indicators
    assert "inwoners" not in result.incoming.missing_indicators


def test_statline_csv_with_odata_keys() -> None:
    text = (
        "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;AantalInwoners_5;"
        "HuishoudensTotaal_29;GemiddeldeWOZWaardeVanWoningen_39\n"
        "1;GM9991    ;Proefstad                               ;Gemeente  ;GM9991    ;"
        "    1000;     450;     310\n"
        "2;WK999101  ;Proefstad                               ;Wijk      ;WK999101  ;"
        "     600;     270;       .\n"
    )
    frame = _by_code(_read("85984NED_2024.csv", text.encode()))
    assert frame.loc["WK999101", "inwoners"] == 600
    assert frame.loc["GM9991", "woz_waarde"] == 310
    assert math.isnan(frame.loc["WK999101", "woz_waarde"])
    # The dimension column held codes, not names: the gemeente row is named from Gemeentenaam.
    assert frame.loc["GM9991", "naam"] == "Proefstad"


def test_statline_table_id_from_file_name() -> None:
    result = _read("85984NED_export_2024.csv", cf.statline_csv_bytes())
    assert result.incoming.source.table_id == "85984NED"
    assert result.incoming.source.file_format == "StatLine-export"


_INW = "Bevolking/Aantal inwoners (aantal)"
_BASE = "AantalInwoners"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # The full topic-group path decides.
        ([_INW], {_INW: "AantalInwoners"}),
        # A title moved to another group (another year) still maps when its last part is unique.
        (["Kerncijfers/Aantal inwoners (aantal)"], {"Kerncijfers/Aantal inwoners (aantal)": _BASE}),
        # Two columns with the same last part: the exact path wins, the other is not guessed.
        (
            ["Elders/Aantal inwoners (aantal)", _INW],
            {_INW: _BASE},
        ),
        (["X/Aantal inwoners (aantal)", "Y/Aantal inwoners (aantal)"], {}),
        # "Nederland" occurs twice in 85984NED; neither is in the catalogue, neither is guessed.
        (
            [
                "Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)",
                "Bevolking/Bevolking naar herkomst/Geboren in Nederland/Nederland (aantal)",
            ],
            {},
        ),
        (["AantalInwoners_5", "Codering_3"], {"AantalInwoners_5": _BASE, "Codering_3": "Codering"}),
    ],
)  # fmt: skip
def test_statline_titles_map_by_topic_group_path(
    headers: list[str], expected: dict[str, str]
) -> None:
    assert map_headers(headers) == expected


def test_every_catalogue_odata_name_has_a_statline_title() -> None:
    names = set()
    for ind in BY_KEY.values():
        if ind.table:  # police and RIVM tables: their exports carry OData keys
            continue
        spec = ind.odata
        names |= set(spec.columns()) if isinstance(spec, Ratio) else {spec}
    assert names - set(STATLINE_TITLES) == set()


def test_statline_titles_match_the_real_dataproperties(shared_cbs: Path) -> None:
    """Our declared titles are CBS's own (85984NED), path and all."""
    props = json.loads((shared_cbs / "kerncijfers" / "85984NED_DataProperties.json").read_text())
    by_id = {p["ID"]: p for p in props}

    def path(p: dict) -> tuple[str, ...]:
        parts = [p["Title"].strip()]
        while p.get("ParentID") is not None:
            p = by_id[p["ParentID"]]
            parts.insert(0, p["Title"].strip())
        return tuple(parts)

    real = {p["Key"].rsplit("_", 1)[0]: path(p) for p in props if p["Type"] == "Topic"}
    for base, title in STATLINE_TITLES.items():
        assert real[base] == title, base


# --- GeoPackage and GeoJSON ------------------------------------------------------------------
def test_wijkbuurtkaart_geopackage(tmp_path: Path) -> None:
    path = cf.write_wijkbuurtkaart_gpkg(tmp_path / "wijkenbuurten_2024_v1.gpkg")
    result = read_file(SourceFile.of(path))
    incoming = result.incoming
    frame = _by_code(result)
    assert incoming.has_figures and incoming.has_geometry
    assert incoming.excluded == 1  # the water buurt
    assert "BU99910299" not in frame.index
    assert frame["niveau"].value_counts().to_dict() == {"buurt": 4, "wijk": 2, "gemeente": 1}
    # Reprojected from RD New to lon/lat near Utrecht.
    minx, miny, maxx, maxy = incoming.frame.total_bounds
    assert 5.0 < minx < maxx < 5.2 and 52.0 < miny < maxy < 52.1
    assert str(incoming.frame.crs) == "EPSG:4326"
    # Sentinels: -99997 (suppressed) and -99995 (not published) are missing, never a number.
    assert math.isnan(frame.loc["BU99910102", "pct_hh_laag_inkomen"])
    assert math.isnan(frame.loc["GM9991", "woz_waarde"])
    assert frame.loc["BU99910101", "pct_hh_laag_inkomen"] == 12.0
    assert frame.loc["WK999101", "naam"] == "Noord"
    assert frame.loc["BU99910201", "wijk_code"] == "WK999102"
    assert frame.loc["BU99910201", "postcode"] == "3511"


def test_camelcase_geojson_from_the_wfs() -> None:
    result = _read("buurten_wfs_2023.geojson", cf.wfs_geojson_bytes())
    frame = _by_code(result)
    assert result.incoming.jaar == 2023  # from the name: the WFS has no year attribute
    assert result.incoming.has_figures
    assert sorted(frame.index) == sorted(cf.BUURTEN)
    assert frame.loc["BU99910201", "inwoners"] == 300
    assert frame.loc["BU99910201", "huishoudens"] == 135
    assert math.isnan(frame.loc["BU99910202", "pct_hh_laag_inkomen"])


def test_boundary_file_with_statcode_is_boundaries_only() -> None:
    result = _read("wijk_gegeneraliseerd.geojson", cf.boundaries_geojson_bytes())
    assert not result.incoming.has_figures
    assert result.incoming.source.part == "grenzen"
    assert sorted(result.incoming.frame["code"]) == sorted(cf.WIJKEN)
    assert result.incoming.jaar == 2024  # from jrstatcode
    assert result.notes  # the user is told why the file gave no figures


def test_geojson_in_rd_new_with_crs_member_is_reprojected() -> None:
    data = json.loads(cf.boundaries_geojson_bytes())
    rd = cf.RD_BOXES["WK999101"]
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    data["features"][0]["geometry"] = json.loads(json.dumps(rd.__geo_interface__))
    data["features"] = data["features"][:1]
    frame = _read("wijk_2024.geojson", json.dumps(data).encode()).incoming.frame
    minx, miny, _, _ = frame.total_bounds
    assert 5.0 < minx < 5.2 and 52.0 < miny < 52.1


# --- years ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kwb-2024.xlsx", 2024),
        ("kwb-2024_GM0344_utrecht.xlsx", 2024),
        ("wijken_2024_nl_wgs84.geojson", 2024),
        ("wijkenbuurten_2023_v1.gpkg", 2023),
        ("85984NED_13112024.csv", None),  # digits inside longer numbers do not count
        ("export.csv", None),
        ("kwb-2023-2024.xlsx", None),  # two years: either could be meant
    ],
)
def test_year_from_file_name(name: str, expected: int | None) -> None:
    assert year_from_name(name) == expected


@pytest.mark.parametrize(
    ("given", "found", "name", "expected"),
    [
        (2023, [], "kwb-2024.xlsx", 2023),  # the user's year wins over the file name
        (None, [2022], "kwb-2024.xlsx", 2022),  # a year column wins over the file name
        (None, [], "kwb-2024.xlsx", 2024),
        (2024, [2024], "x.csv", 2024),
    ],
)
def test_resolve_year(given: int | None, found: list[int], name: str, expected: int) -> None:
    assert resolve_year(name, given, found) == expected


@pytest.mark.parametrize(
    ("given", "found", "message"),
    [
        (None, [2023, 2024], "meerdere jaren"),
        (2023, [2024], "u gaf jaar 2023 op, maar het bestand zegt 2024"),
        (None, [], "--jaar"),
        (1850, [], "geen geldig jaar"),
    ],
)
def test_year_problems_are_clear_errors(given, found, message: str) -> None:
    with pytest.raises(UserError, match=message):
        resolve_year("export.csv", given, found)


def test_geojson_without_year_asks_for_it_and_accepts_it() -> None:
    data = cf.boundaries_geojson_bytes(jaar=None)
    with pytest.raises(UserError, match="jaar"):
        _read("wijken.geojson", data)
    assert _read("wijken.geojson", data, jaar=2024).incoming.jaar == 2024


# --- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""), ("utf-16", b"")],
)
def test_text_encodings_keep_accents(encoding: str, prefix: bytes) -> None:
    data = prefix + cf.kwb_csv_text().encode(encoding)
    frame = _by_code(_read("kwb-2024.csv", data))
    assert frame.loc["BU99910101", "naam"] == "Café de Klok"
    assert frame.loc["BU99910101", "inwoners"] == 350


def test_decimal_comma_from_dutch_excel() -> None:
    # Dutch Excel writes every decimal in the column with a comma.
    text = cf.kwb_csv_text()
    for dot, comma in ((";9.5;", ";9,5;"), (";11.2;", ";11,2;"), (";7.1;", ";7,1;")):
        text = text.replace(dot, comma)
    frame = _by_code(_read("kwb-2024.csv", text.encode("cp1252")))
    assert frame.loc["WK999101", "pct_hh_laag_inkomen"] == pytest.approx(11.2)
    assert frame.loc["WK999102", "pct_hh_laag_inkomen"] == pytest.approx(7.1)


def test_decode_text_does_not_cut_a_character_at_the_sniff_boundary() -> None:
    data = "é".encode() * 10
    assert decode_text(data[:-1], "x", partial=True) == "é" * 9


# --- sniffing --------------------------------------------------------------------------------
def test_kind_comes_from_content_not_extension(tmp_path: Path) -> None:
    xlsx = cf.write_kwb_xlsx(tmp_path / "a.xlsx").read_bytes()
    gpkg = cf.write_wijkbuurtkaart_gpkg(tmp_path / "b.gpkg").read_bytes()
    assert sniff(SourceFile("gegevens.csv", data=xlsx)) is FileKind.XLSX
    assert sniff(SourceFile("gegevens.xlsx", data=gpkg)) is FileKind.GPKG
    assert sniff(SourceFile("gegevens.xlsx", data=cf.wfs_geojson_bytes())) is FileKind.GEOJSON
    assert sniff(SourceFile("gegevens.gpkg", data=cf.statline_csv_bytes())) is FileKind.TEXT
    # And it reads: an xlsx renamed to .csv is still the KWB sheet.
    assert len(_read("kwb-2024.csv", xlsx).incoming.frame) == 7


@pytest.mark.parametrize(
    ("name", "make", "message"), cf.BAD_FILES, ids=[b[2] for b in cf.BAD_FILES]
)
def test_bad_files_give_a_clear_dutch_error(tmp_path: Path, name: str, make, message: str) -> None:
    with pytest.raises(UserError, match=message) as info:
        _read(name, make(tmp_path))
    assert name in str(info.value)  # the user knows which file is meant


def test_unknown_extra_columns_are_ignored() -> None:
    text = cf.kwb_csv_text().replace("gwb_code_10;", "mijn_notitie;gwb_code_10;", 1)
    lines = text.splitlines()
    lines = [lines[0]] + ["iets;" + line for line in lines[1:]]
    frame = _by_code(_read("kwb-2024.csv", ("\n".join(lines) + "\n").encode()))
    assert frame.loc["WK999101", "inwoners"] == 600
