"""Small CBS files in the real formats, written by the tests themselves.

Proefstad (GM9991, fictional): 1 gemeente, 2 wijken, 4 buurten, year 2024. The same areas
appear in every format, so figures from one file and boundaries from another can be joined.
Values are chosen by hand; tests compute their expectations from these inputs.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
from openpyxl import Workbook
from shapely.geometry import box, mapping

GM = "GM9991"
WIJKEN = ("WK999101", "WK999102")
BUURTEN = ("BU99910101", "BU99910102", "BU99910201", "BU99910202")

KWB_HEADER = (
    "gwb_code_10",
    "gwb_code_8",
    "regio",
    "gm_naam",
    "recs",
    "gwb_code",
    "ind_wbi",
    "a_inw",
    "a_00_14",
    "a_65_oo",
    "a_hh",
    "a_1p_hh",
    "a_hh_m_k",
    "p_hh_lkk",
    "p_koopw",
    "g_wozbag",
    "pst_mvp",
    "ste_mvs",
)
# Numbers stored as text ("11.2", "55") and "." (secret or unknown), as in real KWB sheets.
KWB_ROWS = (
    ("GM9991", "9991", "Proefstad", "Proefstad", "Gemeente", "GM9991", 1, 1000, 150, 200,
     450, 180, 120, 9.5, 55, 310, ".", 3),
    ("WK999101", "999101", "Noord", "Proefstad", "Wijk", "WK999101", 1, 600, 90, 110,
     270, 100, 75, "11.2", 48, 280, "3511", 3),
    ("WK999102", "999102", "Zuid", "Proefstad", "Wijk", "WK999102", 1, 400, 60, 90,
     180, 80, 45, 7.1, 65, ".", "3512", 4),
    ("BU99910101", "99910101", "Café de Klok", "Proefstad", "Buurt", "BU99910101", 1, 350,
     "55", 60, 160, 60, 45, 12, 40, 260, "3511", 2),
    ("BU99910102", "99910102", "Molenbuurt", "Proefstad", "Buurt", "BU99910102", 3, 250,
     35, 50, 110, 40, 30, ".", 58, 300, "3511", 3),
    ("BU99910201", "99910201", "Oude Kern", "Proefstad", "Buurt", "BU99910201", 1, 300,
     45, 70, 135, 60, 35, 8, 60, ".", "3512", 4),
    ("BU99910202", "99910202", "Veld", "Proefstad", "Buurt", "BU99910202", 1, 100,
     15, 20, 45, 20, 10, ".", ".", ".", "3512", 5),
)  # fmt: skip
INWONERS = {row[0]: row[7] for row in KWB_ROWS}


def write_kwb_xlsx(path: Path, rows: tuple[tuple, ...] = KWB_ROWS, header=KWB_HEADER) -> Path:
    """A KWB Excel download cut to Proefstad (one sheet, header on row 1)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KWB2024"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def kwb_csv_text(rows: tuple[tuple, ...] = KWB_ROWS, sep: str = ";") -> str:
    """The KWB table as delimited text (as Excel saves it)."""
    lines = [sep.join(KWB_HEADER)]
    lines += [sep.join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


# --- StatLine CSV export ---------------------------------------------------------------------
STATLINE_HEADER = (
    "ID",
    "Wijken en buurten",
    "Regioaanduiding/Gemeentenaam (naam)",
    "Regioaanduiding/Soort regio (omschrijving)",
    "Regioaanduiding/Codering (code)",
    "Regioaanduiding/Indelingswijziging gemeente, wijk, buurt (code)",
    "Bevolking/Aantal inwoners (aantal)",
    "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)",
    "Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)",
    "Bevolking/Bevolking naar herkomst/Geboren in Nederland/Nederland (aantal)",
    "Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)",
    "Bevolking/Particuliere huishoudens/Huishoudens met kinderen (aantal)",
    "Inkomen/Inkomen van huishoudens/Huishoudens met een laag inkomen (%)",
    "Postcode/Meest voorkomende postcode (code)",
)
STATLINE_ROWS = (
    ("0", "Nederland", "Nederland", "Land", "NL00", ".", 17942942, 2760000, 12000000, 11000000,
     8200000, 2600000, 7.9, "."),
    ("1", "Proefstad", "Proefstad", "Gemeente", "GM9991", "1", 1000, 150, 700, 650, 450, 120,
     9.5, "."),
    ("2", "Noord", "Proefstad", "Wijk", "WK999101", "1", 600, 90, 420, 400, 270, 75, 11.2,
     "3511"),
    ("3", "Café de Klok", "Proefstad", "Buurt", "BU99910101", "1", 350, 55, 240, 230, 160, 45,
     ".", "3511"),
)  # fmt: skip
_WIDTH = {1: 40, 2: 40, 3: 10, 4: 10, 5: 10, 13: 10}


def _statline_cell(index: int, value: object) -> str:
    """Fixed-width like StatLine: strings padded right, numbers and '.' right-aligned."""
    text = str(value)
    if index in _WIDTH:
        return f'"{text:<{_WIDTH[index]}}"'
    return f'"{text:>8}"'


def statline_csv_bytes(rows: tuple[tuple, ...] = STATLINE_ROWS, header=STATLINE_HEADER) -> bytes:
    """A StatLine CSV export: UTF-8 with BOM, ``;``, quoted and padded cells, ``.`` missing."""
    lines = [";".join(f'"{h}"' for h in header)]
    for row in rows:
        lines.append(";".join(_statline_cell(i, v) for i, v in enumerate(row)))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# --- geometry -------------------------------------------------------------------------------
# RD New (EPSG:28992) boxes near Utrecht: the gemeente is 2 x 2 km, wijken are halves,
# buurten quarters; one water buurt lies beside it.
_X, _Y = 135000.0, 454000.0
RD_BOXES = {
    GM: box(_X, _Y, _X + 2000, _Y + 2000),
    "WK999101": box(_X, _Y, _X + 1000, _Y + 2000),
    "WK999102": box(_X + 1000, _Y, _X + 2000, _Y + 2000),
    "BU99910101": box(_X, _Y, _X + 1000, _Y + 1000),
    "BU99910102": box(_X, _Y + 1000, _X + 1000, _Y + 2000),
    "BU99910201": box(_X + 1000, _Y, _X + 2000, _Y + 1000),
    "BU99910202": box(_X + 1000, _Y + 1000, _X + 2000, _Y + 2000),
    "BU99910299": box(_X + 2000, _Y, _X + 2200, _Y + 200),
}


def _gpkg_attributes(code: str) -> dict:
    """Snake_case attributes as in the Wijk- en buurtkaart GeoPackage, with sentinels."""
    row = next((r for r in KWB_ROWS if r[0] == code), None)
    if row is None:  # the water buurt: no figures at all
        return {
            "aantal_inwoners": -99997,
            "aantal_huishoudens": -99997,
            "percentage_huishoudens_met_laag_inkomen": -99997.0,
            "percentage_personen_0_tot_15_jaar": -99997,
            "percentage_koopwoningen": -99995,
            "gemiddelde_woningwaarde": -99995,
            "percentage_huishoudens_met_kinderen": -99997,
        }
    inw, a0014, hh, hhmk, laag, koop = row[7], float(row[8]), row[10], row[12], row[13], row[14]
    return {
        "aantal_inwoners": inw,
        "aantal_huishoudens": hh,
        # -99997: suppressed in a small buurt; -99995: not yet published.
        "percentage_huishoudens_met_laag_inkomen": -99997.0 if laag == "." else float(laag),
        "percentage_personen_0_tot_15_jaar": round(100 * a0014 / inw),
        "percentage_koopwoningen": -99995 if koop == "." else koop,
        "gemiddelde_woningwaarde": -99995,
        "percentage_huishoudens_met_kinderen": round(100 * hhmk / hh),
    }


def _names() -> dict[str, str]:
    return {row[0]: row[2] for row in KWB_ROWS} | {"BU99910299": "Groot binnenwater"}


def write_wijkbuurtkaart_gpkg(path: Path, jaar: int = 2024) -> Path:
    """A Wijk- en buurtkaart GeoPackage: layers gemeenten, wijken, buurten in EPSG:28992."""
    names = _names()
    common = {
        "jaar": jaar,
        "water": "NEE",
        "indelingswijziging_wijken_en_buurten": 1,
        "meest_voorkomende_postcode": "3511",
    }
    gemeenten = [{"gemeentecode": GM, "gemeentenaam": "Proefstad"} | common]
    wijken = [
        {"wijkcode": w, "wijknaam": names[w], "gemeentecode": GM, "gemeentenaam": "Proefstad"}
        | common
        for w in WIJKEN
    ]
    buurten = [
        {
            "buurtcode": b,
            "buurtnaam": names[b],
            "wijkcode": "WK" + b[2:8],
            "gemeentecode": GM,
            "gemeentenaam": "Proefstad",
            "jrstatcode": f"{jaar}{b}",
        }
        | common
        | {"water": "JA" if b.endswith("99") else "NEE"}
        for b in (*BUURTEN, "BU99910299")
    ]
    for layer, records, key in (
        ("gemeenten", gemeenten, "gemeentecode"),
        ("wijken", wijken, "wijkcode"),
        ("buurten", buurten, "buurtcode"),
    ):
        for record in records:
            record.update(_gpkg_attributes(record[key]))
        frame = gpd.GeoDataFrame(
            records, geometry=[RD_BOXES[r[key]] for r in records], crs="EPSG:28992"
        )
        frame.to_file(path, layer=layer, driver="GPKG")
    return path


def _lonlat(code: str) -> dict:
    geom = gpd.GeoSeries([RD_BOXES[code]], crs="EPSG:28992").to_crs("EPSG:4326").iloc[0]
    return mapping(geom)


def wfs_geojson_bytes(jaar_property: int | None = None) -> bytes:
    """Buurten as the PDOK WFS returns them: GeoJSON, lon/lat, camelCase attributes."""
    names = _names()
    features = []
    for code in (*BUURTEN, "BU99910299"):
        snake = _gpkg_attributes(code)
        props = {
            "buurtcode": code,
            "buurtnaam": names[code],
            "wijkcode": "WK" + code[2:8],
            "gemeentecode": GM,
            "gemeentenaam": "Proefstad",
            "water": "JA" if code.endswith("99") else "NEE",
            "aantalInwoners": snake["aantal_inwoners"],
            "aantalHuishoudens": snake["aantal_huishoudens"],
            "percentageHuishoudensMetLaagInkomen": snake["percentage_huishoudens_met_laag_inkomen"],
            "percentagePersonen0Tot15Jaar": snake["percentage_personen_0_tot_15_jaar"],
            "percentageKoopwoningen": snake["percentage_koopwoningen"],
            "gemiddeldeWoningwaarde": snake["gemiddelde_woningwaarde"],
            "percentageHuishoudensMetKinderen": snake["percentage_huishoudens_met_kinderen"],
        }
        if jaar_property is not None:
            props["jaar"] = jaar_property
        features.append({"type": "Feature", "properties": props, "geometry": _lonlat(code)})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def boundaries_geojson_bytes(codes: tuple[str, ...] = WIJKEN, jaar: int | None = 2024) -> bytes:
    """Boundaries only, as the CBS gebiedsindelingen: ``statcode``/``statnaam``, lon/lat."""
    names = _names()
    features = []
    for code in codes:
        props = {"statcode": code, "statnaam": names.get(code, code)}
        if jaar is not None:
            props["jrstatcode"] = f"{jaar}{code}"
        features.append({"type": "Feature", "properties": props, "geometry": _lonlat(code)})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


# --- files that must be refused ----------------------------------------------------------
def _sqlite_not_gpkg(tmp_path: Path) -> bytes:
    path = tmp_path / "x.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (a)")
    return path.read_bytes()


def _truncated_gpkg(tmp_path: Path) -> bytes:
    data = write_wijkbuurtkaart_gpkg(tmp_path / "t.gpkg").read_bytes()
    return data[: len(data) // 2]


def _truncated_xlsx(tmp_path: Path) -> bytes:
    data = write_kwb_xlsx(tmp_path / "t.xlsx").read_bytes()
    return data[: len(data) // 2]


def _damaged_sheet_xlsx(tmp_path: Path) -> bytes:
    """A valid zip whose worksheet XML is cut off: the zip test passes, parsing does not."""
    source = write_kwb_xlsx(tmp_path / "d.xlsx").read_bytes()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(buffer, "w") as new,
    ):
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    return buffer.getvalue()


def _duplicate_codes() -> bytes:
    return kwb_csv_text((*KWB_ROWS, KWB_ROWS[3])).encode()


def _text_in_numbers() -> bytes:
    rows = list(KWB_ROWS)
    rows[1] = (*rows[1][:7], "zeshonderd", *rows[1][8:])
    return kwb_csv_text(tuple(rows)).encode()


def _mixed_years() -> bytes:
    data = json.loads(wfs_geojson_bytes(jaar_property=2024))
    data["features"][0]["properties"]["jaar"] = 2023
    return json.dumps(data).encode()


EMPTY_COLLECTION = b'{"type": "FeatureCollection", "features": []}'
BAD_FILES = [
    ("leeg.csv", lambda _t: b"", "leeg"),
    ("rapport.xlsx", lambda _t: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF-document"),
    ("kaart.csv", lambda _t: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG-afbeelding"),
    ("gegevens.csv", lambda _t: bytes(range(256)) * 4, "binair bestand"),
    ("kwb-2024.xls", lambda _t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, r"\.xlsx"),
    ("kwb-2024.xlsx", _truncated_xlsx, "niet helemaal gedownload"),
    ("kwb-2024-blad.xlsx", _damaged_sheet_xlsx, "kan niet gelezen worden"),
    ("wijken_2024.geojson", lambda _t: wfs_geojson_bytes()[:700], "onvolledig"),
    ("wijkenbuurten_2024.gpkg", _truncated_gpkg, "niet helemaal gedownload"),
    ("db_2024.gpkg", _sqlite_not_gpkg, "geen GeoPackage"),
    ("kwb-2024.csv", lambda _t: (";".join(KWB_HEADER) + "\n").encode(), "geen rijen"),
    ("kwb-2024.csv", lambda _t: b"naam;waarde\nA;1\nB;2\n", "geen kolom met een gebiedscode"),
    ("kwb-2024.csv", lambda _t: b"gwb_code_10;regio;onbekend\nGM9991;X;1\n", "geen enkele bekende"),
    ("kwb-2024.csv", lambda _t: _duplicate_codes(), "dubbel"),
    ("kwb-2024.csv", lambda _t: _text_in_numbers(), "a_inw.*zeshonderd"),
    ("kwb-2024.csv", lambda _t: b"gwb_code_10;a_inw\nGM9991;10\nUtrecht;5\n", "onbekende gebied"),
    ("buurten.geojson", lambda _t: _mixed_years(), "meerdere jaren"),
    ("buurten_2024.geojson", lambda _t: b'{"type": "Topology", "objects": {}}', "geen GeoJSON"),
    ("buurten_2024.geojson", lambda _t: EMPTY_COLLECTION, "bevat geen gebieden"),
    ("brief.docx", lambda _t: _zip_with("word/document.xml"), "Word-document"),
    ("gegevens.zip", lambda _t: _zip_with("data/kwb.csv"), "Pak het eerst uit"),
]  # fmt: skip


def _zip_with(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "x")
    return buffer.getvalue()


BAD_FILE_IDS = [message for _name, _make, message in BAD_FILES]
