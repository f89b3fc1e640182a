"""Raw tables from spreadsheet and text files: cells as the file has them, header found.

Readers of specific CBS formats (KWB, StatLine) work on the ``pandas.DataFrame`` these
functions return: every cell as text or number exactly as in the file (nothing converted yet),
the header row found even when a title or notes stand above it, and empty rows dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from urgentie.errors import UserError
from urgentie.indicators import base_name, squash
from urgentie.sources.detect import SourceFile, decode_text

HEADER_SEARCH_ROWS = 30
"""Title and note rows above the header that the readers skip."""

CODE_HEADERS: frozenset[str] = frozenset(
    {
        "gwbcode10",
        "gwbcode",
        "gwbcode8",
        "codering",
        "buurtcode",
        "wijkcode",
        "gemeentecode",
        "statcode",
        "bucode",
        "wkcode",
        "gmcode",
        # The region dimension key of the police and RIVM exports (``WijkenEnBuurten``).
        "wijkenenbuurten",
    }
)
"""Column names (as :func:`header_key`) that hold a CBS area code in some CBS format."""

_UNIT = re.compile(r"^(?P<title>.*\S)\s*\((?P<unit>[^()]*)\)\s*$")


def split_unit(header: str) -> tuple[str, str]:
    """``"Bevolking/Aantal inwoners (aantal)"`` -> ``("Bevolking/Aantal inwoners", "aantal")``.

    Only the last parenthesised part is the unit: ``"Europa (exclusief Nederland) (aantal)"``
    keeps its first one.
    """
    match = _UNIT.match(header.strip())
    if not match:
        return header.strip(), ""
    return match.group("title"), match.group("unit").strip()


def header_key(header: object) -> str:
    """A spelling-free key for a column header, to recognise code columns in any format.

    StatLine titles lose their topic-group path and unit, OData keys their position suffix,
    and snake_case, camelCase and case all compare equal (``Codering_3``,
    ``"Regioaanduiding/Codering (code)"`` and ``codering`` are all ``codering``).
    """
    title, _unit = split_unit(str(header))
    last = title.split("/")[-1].strip()
    return squash(base_name(last))


def has_code_header(headers: Iterable[object]) -> bool:
    """Whether any header names a CBS code column."""
    return any(header_key(h) in CODE_HEADERS for h in headers)


def _frame(rows: Sequence[Sequence[object]], name: str) -> pd.DataFrame:
    """Build the table from raw rows: find the header, drop empty rows and empty columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if has_code_header(c for c in row if c is not None):
            header_row = index
            break
    else:
        if not any(any(_filled(c) for c in row) for row in rows):
            raise UserError(f"{name}: het bestand bevat geen gegevens.")
        raise UserError(
            f"{name}: geen kolom met een gebiedscode gevonden. Verwacht bijvoorbeeld "
            "gwb_code_10 (KWB), 'Regioaanduiding/Codering (code)' of Codering_3 (StatLine), "
            "buurtcode, wijkcode, gemeentecode of statcode (kaartbestanden)."
        )
    header = [str(c).strip() if _filled(c) else "" for c in rows[header_row]]
    width = len(header)
    body = []
    for number, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        cells = list(row)
        if len(cells) > width:
            if any(_filled(c) for c in cells[width:]):
                raise UserError(
                    f"{name}: regel {number} heeft meer velden ({len(cells)}) dan de kop "
                    f"({width}). Is het scheidingsteken goed?"
                )
            cells = cells[:width]
        cells += [None] * (width - len(cells))
        if any(_filled(c) for c in cells):
            body.append(cells)
    named = [i for i, h in enumerate(header) if h]
    frame = pd.DataFrame([[r[i] for i in named] for r in body], columns=[header[i] for i in named])
    frame = frame.astype(object)
    if frame.columns.duplicated().any():
        dupes = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise UserError(f"{name}: kolomnamen komen dubbel voor: {', '.join(dupes[:5])}.")
    if frame.empty:
        raise UserError(f"{name}: het bestand heeft wel kolomkoppen, maar geen rijen met gegevens.")
    return frame


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell.strip() == "")


def read_xlsx_table(file: SourceFile) -> pd.DataFrame:
    """The first worksheet that has a CBS code column, as a raw table.

    Cells keep their Excel type: numbers stay numbers, numbers stored as text stay text (the
    canonical step converts both), ``"."`` stays ``"."``.
    """
    from openpyxl import load_workbook

    damaged = UserError(
        f"{file.name}: de Excel-werkmap kan niet gelezen worden; ze is beschadigd of niet "
        "helemaal gedownload. Download of bewaar het bestand opnieuw."
    )
    try:
        workbook = load_workbook(io.BytesIO(file.read_bytes()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors) on bad input
        raise damaged from exc
    try:
        first_error: UserError | None = None
        for sheet in workbook.worksheets:
            try:
                rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            except Exception as exc:  # a damaged sheet is only parsed now (read-only mode)
                raise damaged from exc
            try:
                return _frame(rows, f"{file.name} (blad {sheet.title})")
            except UserError as exc:
                first_error = first_error or exc
        raise first_error or UserError(f"{file.name}: de werkmap heeft geen werkbladen.")
    finally:
        workbook.close()


def read_csv_table(file: SourceFile) -> pd.DataFrame:
    """A CSV or other delimited text file as a raw table of strings.

    The encoding is detected (UTF-8 with or without BOM, Windows-1252) and the delimiter taken
    from the header line (``;`` for StatLine and Dutch Excel, ``,`` or tab otherwise).
    """
    text = decode_text(file.read_bytes(), file.name)
    lines = text.splitlines()
    delimiter = _delimiter(lines[:HEADER_SEARCH_ROWS])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UserError(f"{file.name}: de CSV kan niet gelezen worden ({exc}).") from exc
    frame = _frame(rows, file.name)
    return _decimal_commas(frame) if delimiter != "," else frame


def _delimiter(lines: list[str]) -> str:
    """The delimiter of the header line: the candidate that splits it into most fields."""
    for line in lines:
        if has_code_header(re.split(r"[;,\t]", line.replace('"', ""))):
            return max(";,\t", key=line.count)
    sample = "\n".join(lines)
    return max(";,\t", key=sample.count)


_COMMA_NUMBER = re.compile(r"^\s*-?\d+,\d+\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*-?\d+\s*$")


def _decimal_commas(frame: pd.DataFrame) -> pd.DataFrame:
    """``"1,9"`` -> ``"1.9"`` in columns that use a decimal comma throughout.

    Dutch Excel writes decimal commas in a ``;``-separated CSV. A column converts only when
    every filled cell is a whole number or a decimal-comma number, so codes and names are
    never touched.
    """
    for column in frame.columns:
        values = frame[column].astype("string").str.strip()
        filled = values[values.notna() & (values != "") & (values != ".")]
        if filled.empty:
            continue
        commas = filled.str.match(_COMMA_NUMBER)
        if commas.any() and (commas | filled.str.match(_PLAIN_NUMBER)).all():
            frame[column] = frame[column].where(
                ~values.str.match(_COMMA_NUMBER).fillna(False),
                values.str.replace(",", ".", regex=False),
            )
    return frame
