"""Export notes to CSV and Excel, safe against formula injection.

A note text such as ``=HYPERLINK("http://…")`` or ``+31 6 …`` would become a live formula when
the export is opened in Excel or LibreOffice. Every text cell that starts with a character a
spreadsheet treats as the start of a formula gets a leading apostrophe (the OWASP advice), and in
the Excel file every text cell is written as text, never as a formula. The original
(non-pseudonymised) text is never exported.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from urgentie.exports import neutralise

EXPORT_COLUMNS: dict[str, str] = {
    "id": "id",
    "note_date": "datum",
    "area_code": "gebiedscode",
    "area_name": "gebied (zoals geschreven)",
    "perspective": "perspectief",
    "role": "rol",
    "text": "tekst (gepseudonimiseerd)",
    "codes": "codes",
    "source_file": "bronbestand",
    "batch_id": "batch",
    "source_row": "rij in bron",
    "source_sheet": "blad",
}


def safe_cell(value: Any) -> Any:
    """A text value that cannot start a formula; other values unchanged (one rule for every
    export of the project: :func:`urgentie.exports.neutralise`)."""
    return neutralise(value)


def export_frame(notes: pd.DataFrame) -> pd.DataFrame:
    """The notes table as exported: Dutch headers, codes joined, every text cell made safe."""
    frame = notes.reindex(columns=list(EXPORT_COLUMNS)).rename(columns=EXPORT_COLUMNS)
    frame["codes"] = frame["codes"].map(
        lambda codes: ", ".join(codes) if isinstance(codes, list) else (codes or "")
    )
    frame["datum"] = pd.to_datetime(frame["datum"]).dt.strftime("%Y-%m-%d").fillna("")
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(safe_cell)
    return frame


def to_csv_bytes(notes: pd.DataFrame) -> bytes:
    """CSV with ``;`` and a UTF-8 byte-order mark, the form Dutch Excel opens correctly."""
    return export_frame(notes).to_csv(index=False, sep=";").encode("utf-8-sig")


def to_xlsx_bytes(notes: pd.DataFrame) -> bytes:
    """An Excel workbook with one sheet ``Gesprekken``; text cells are typed as text."""
    from openpyxl import Workbook

    frame = export_frame(notes)
    book = Workbook()
    sheet = book.active
    sheet.title = "Gesprekken"
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl marks any string starting with "=" as a formula; force text.
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
