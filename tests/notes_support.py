"""Small fixtures the notes tests write themselves: a gemeente with areas, and notes files."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from urgentie.indicators import INDICATOR_KEYS
from urgentie.store.areas import AreaStore, Manifest, SourceRecord

GEMEENTE = "GM9999"

AREAS: tuple[tuple[str, str, str], ...] = (
    ("GM9999", "Voorbeeldstad", "gemeente"),
    ("WK999901", "Centrum", "wijk"),
    ("WK999902", "Bloemenbuurt", "wijk"),
    ("WK999903", "Noord-Oost", "wijk"),
    ("WK999904", "Noord-West", "wijk"),
    ("BU99990101", "Centrum", "buurt"),
    ("BU99990102", "Stationskwartier", "buurt"),
    ("BU99990201", "Rozenhof", "buurt"),
    ("BU99990202", "Tulpenhof", "buurt"),
)
"""Names chosen for the matching table: "Centrum" is both a wijk and a buurt, and Noord-Oost and
Noord-West are one letter-pair apart."""


def make_areas(root: Path, gemeente: str = GEMEENTE, naam: str = "Voorbeeldstad") -> AreaStore:
    """Store a canonical dataset for ``gemeente`` with :data:`AREAS` and return the store."""
    rows = []
    for template, name, level in AREAS:
        code = template.replace("9999", gemeente[2:], 1)
        row = {
            "code": code,
            "naam": naam if level == "gemeente" else name,
            "niveau": level,
            "gemeente_code": gemeente,
            "gemeente_naam": naam,
            "wijk_code": "WK" + code[2:8] if level == "buurt" else None,
            "jaar": 2024,
            "indelingswijziging": "1",
            "postcode": None,
        }
        row.update(dict.fromkeys(INDICATOR_KEYS, float("nan")))
        rows.append(row)
    geometry = [box(5 + i * 0.01, 52, 5.01 + i * 0.01, 52.01) for i in range(len(rows))]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometry, crs="EPSG:4326")
    store = AreaStore(root)
    store.save(frame, Manifest(gemeente, naam, 2024, sources=[SourceRecord("demo", "beide", "t")]))
    return store


HEADER = ["datum", "wijk", "perspectief", "rol", "tekst", "urgentie_veiligheid"]

ROWS = [
    [
        "15-03-2024",
        "Centrum",
        "wijkagent",
        "",
        "Veel overlast op het plein, het voelt onveilig.",
        "4",
    ],
    ["16-03-2024", "Bloemenbuurt", "bewoner", "", "Het park is opgeknapt, fijn.", "2"],
    ["2024-03-17", "WK999903", "beleid", "wethouder", "Schulden nemen toe in de wijk.", ""],
]


def csv_text(rows: list[list[str]] | None = None, delimiter: str = ";") -> str:
    """A notes CSV with :data:`HEADER`; cells containing the delimiter are quoted."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(ROWS if rows is None else rows)
    return buffer.getvalue()


def xlsx_bytes(
    rows: list[list[object]], title_rows: int = 0, merges: tuple[str, ...] = ()
) -> bytes:
    """An Excel workbook: optional title rows, then ``rows`` (first one the header)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Gesprekken"
    for i in range(title_rows):
        sheet.append([f"Verslag wijkschouw {i + 1}"])
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A Word document from (text, style) pairs; style None is a normal paragraph."""
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        if style and style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """Give a formula cell a saved result, as Excel does when it saves (openpyxl cannot)."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode("utf-8")
                xml = re.sub(
                    rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                    lambda m: f'<c r="{cell}"{m[1]} t="str"><f>{m[2]}</f><v>{value}</v></c>',
                    xml,
                )
                content = xml.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
"""The first bytes of a PNG image, for "a picture renamed to .csv"."""
