"""Read CSV, Excel, Word and plain-text/Markdown notes files into plain rows.

Every reader returns :class:`RawTable` objects: the file's own headers and, per row, its cells
and the row number as the user sees it (the CSV line, the Excel row, the Word paragraph, the
text line), plus problems found while reading (ragged rows, formula cells). Nothing here judges
the values; :mod:`urgentie.notes.importer` does that.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from urgentie import settings
from urgentie.errors import UserError
from urgentie.notes import fields
from urgentie.notes.sniff import SUPPORTED, sniff

HEADER_SEARCH_ROWS = 10
"""A header may sit below a title or a blank line, but not further down than this."""

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "komma", ";": "puntkomma", "\t": "tab", "|": "verticale streep"}


@dataclass
class RawRecord:
    """One row of a file: its cells by header, where it is, and what went wrong reading it."""

    row: int
    values: dict[str, Any]
    sheet: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """The rows of one table (a CSV file, an Excel sheet, a document) and how it was read."""

    kind: str
    row_label: str
    """How a row number is named to the user: ``regel``, ``rij`` or ``alinea``."""
    headers: list[str]
    records: list[RawRecord]
    details: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sheet: str | None = None

    def location(self, record: RawRecord) -> str:
        """``regel 5`` or ``blad Gesprekken, rij 5``: the place of a row in the user's file."""
        where = f"{self.row_label} {record.row}"
        return f"blad {record.sheet}, {where}" if record.sheet else where


def read_tables(data: bytes, file_name: str) -> list[RawTable]:
    """Every table in an uploaded file, by its content. Raises :class:`UserError` when the file
    is unsupported, empty, or larger than the row limit."""
    sniffed = sniff(data)
    if sniffed.kind == "xlsx":
        tables = read_xlsx(data)
    elif sniffed.kind == "docx":
        tables = [read_docx(data)]
    else:
        assert sniffed.text is not None
        tables = [read_text_file(sniffed.text, file_name, sniffed.encoding or "")]
        _flag_foreign_lines(tables[0], sniffed.foreign_lines)
    total = sum(len(t.records) for t in tables)
    limit = int(settings.get("URGENTIE_MAX_ROWS"))
    if total > limit:
        raise UserError(
            f"Het bestand heeft {total} rijen; de grens is {limit} (instelling "
            "URGENTIE_MAX_ROWS). Splits het bestand."
        )
    if total == 0:
        raise UserError("Het bestand bevat geen rijen met gesprekken (alleen een kop of leeg).")
    return tables


def _flag_foreign_lines(table: RawTable, lines: tuple[int, ...]) -> None:
    """Warn on each row that holds a line written in another encoding than the rest."""
    if not lines:
        return
    starts = sorted((r.row, r) for r in table.records)
    for line in lines:
        owner = None
        for start, record in starts:
            if start > line:
                break
            owner = record
        if owner is not None:
            owner.warnings.append(
                f"regel {line} stond in Windows-1252, de rest van het bestand in UTF-8; de "
                "tekens zijn per regel omgezet. Controleer letters als é en ë."
            )
        else:
            table.warnings.append(f"Regel {line} stond in Windows-1252 (kop of lege regel).")


def _check_rows(count: int) -> None:
    limit = int(settings.get("URGENTIE_MAX_ROWS"))
    if count > limit:
        raise UserError(
            f"Het bestand heeft meer dan {limit} rijen (instelling URGENTIE_MAX_ROWS). "
            "Splits het bestand."
        )


# --- header detection (CSV and Excel) -----------------------------------------------------------
def find_header(rows: list[list[Any]]) -> int | None:
    """Index of the header row among the first rows: the row with a text column that
    recognises the most columns. None when no row names a text column."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapped = fields.map_columns([fields.clean_text(v) for v in row])
        if mapped.text is None:
            continue
        if best is None or mapped.recognised > best[1]:
            best = (index, mapped.recognised)
    return best[0] if best else None


def _unique_headers(row: list[Any]) -> list[str]:
    headers: list[str] = []
    for index, value in enumerate(row):
        name = fields.clean_text(value) or f"kolom {index + 1}"
        while name in headers:
            name = f"{name} ({index + 1})"
        headers.append(name)
    return headers


# --- CSV and plain text -------------------------------------------------------------------------
def read_text_file(text: str, file_name: str, encoding: str) -> RawTable:
    """A decoded text file is a CSV table when one of its first lines is a header with a text
    column for some delimiter; otherwise it is a document of blocks (plain text/Markdown)."""
    as_table = file_name.lower().endswith((".csv", ".tsv"))
    found = pick_delimiter(text)
    # A prose line such as "Opmerking, de speeltuin …" looks like a one-column header; a real
    # table names at least two known columns unless the file says it is a CSV.
    if found is not None and (as_table or found[1] >= 2):
        table = read_csv(text, found[0])
        table.details["codering"] = encoding
        return table
    if as_table:
        first = next((line for line in text.split("\n") if line.strip()), "")
        raise UserError(
            "Geen kolom met de tekst van het gesprek gevonden. De kopregel moet een kolom "
            "'tekst' (of text, notitie, opmerking) hebben; gevonden: "
            f"'{first[:120]}'."
        )
    table = read_document(_text_paragraphs(text), kind="tekst", row_label="regel")
    table.details["codering"] = encoding
    return table


def pick_delimiter(text: str) -> tuple[str, int] | None:
    """The delimiter whose header row recognises the most columns (ties: the most consistent
    field count), with that number. None when no delimiter gives a header with a text column."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best: tuple[int, float, int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        header_index = find_header(rows)
        if header_index is None:
            continue
        header = rows[header_index]
        width = len(header)
        if width < 2:
            continue
        body = rows[header_index + 1 :] or [header]
        consistent = sum(len(r) == width for r in body) / len(body)
        recognised = fields.map_columns(header).recognised
        score = (recognised, consistent, width, delimiter)
        if best is None or score[:3] > best[:3]:
            best = score
    return (best[3], best[0]) if best else None


def read_csv(text: str, delimiter: str) -> RawTable:
    """Rows of a CSV text with a known delimiter; row numbers are file line numbers."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    raw: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for cells in reader:
            raw.append((previous_line + 1, cells))
            previous_line = reader.line_num
            _check_rows(len(raw) - HEADER_SEARCH_ROWS)
    except csv.Error as exc:
        raise UserError(f"CSV niet te lezen rond regel {reader.line_num}: {exc}.") from exc
    nonblank = [(line, cells) for line, cells in raw if any(c.strip() for c in cells)]
    header_index = find_header([cells for _, cells in nonblank])
    if header_index is None:
        raise UserError("Geen kopregel met een kolom 'tekst' gevonden.")
    header_line, header_cells = nonblank[header_index]
    headers = _unique_headers(header_cells)
    table = RawTable(
        kind="csv",
        row_label="regel",
        headers=headers,
        records=[],
        details={"scheidingsteken": DELIMITER_NAMES[delimiter], "kopregel": str(header_line)},
    )
    for line, cells in nonblank[header_index + 1 :]:
        record = RawRecord(row=line, values=dict(zip(headers, cells, strict=False)))
        swallowed = _swallowed_rows(cells, delimiter, len(headers))
        if swallowed:
            record.errors.append(
                f"een aanhalingsteken in deze rij sluit niet: {swallowed} volgende regel(s) "
                'zijn in één veld opgenomen en lijken eigen rijen. Zet een " voor en na de '
                'hele tekst, of verdubbel een " in de tekst; deze rij is niet ingelezen.'
            )
        if len(cells) > len(headers):
            extra = [c for c in cells[len(headers) :] if c.strip()]
            if extra:
                record.errors.append(
                    f"rij heeft {len(cells)} velden, de kopregel {len(headers)} (staat er een "
                    f"'{delimiter if delimiter != chr(9) else 'tab'}' in de tekst zonder "
                    "aanhalingstekens?)"
                )
        table.records.append(record)
    return table


def _swallowed_rows(cells: list[str], delimiter: str, width: int) -> int:
    """How many lines inside one field look like rows of their own: an opening quote that
    never closed takes the next rows into this field (and so would merge several notes)."""
    if width < 2:
        return 0
    count = 0
    for cell in cells:
        for line in cell.split("\n")[1:]:
            if line.count(delimiter) >= width - 1:
                count += 1
    return count


# --- Excel --------------------------------------------------------------------------------------
def read_xlsx(data: bytes) -> list[RawTable]:
    """Every sheet with a notes header. Formulas are never evaluated: the value Excel saved is
    used and the cell is flagged; merged cells give their value to every row they span."""
    import openpyxl

    try:
        values_book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formula_book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many types (in English) for damaged files
        raise UserError(
            "Het Excel-bestand is niet te lezen: het is beschadigd of geen echt .xlsx-bestand. "
            "Open het in Excel en sla het opnieuw op."
        ) from exc
    tables = []
    for sheet in values_book.worksheets:
        _check_rows(sheet.max_row - 1)
        table = _read_sheet(sheet, formula_book[sheet.title])
        if table is not None:
            tables.append(table)
    if not tables:
        names = ", ".join(s.title for s in values_book.worksheets)
        raise UserError(
            f"Geen blad met een kolom 'tekst' (of text, notitie, opmerking) gevonden in de "
            f"eerste {HEADER_SEARCH_ROWS} rijen. Bladen: {names}."
        )
    return tables


def _read_sheet(sheet: Any, formulas: Any) -> RawTable | None:
    from openpyxl.utils import get_column_letter

    grid: dict[tuple[int, int], Any] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                grid[(cell.row, cell.column)] = cell.value
    warnings: list[str] = []
    for merged in sheet.merged_cells.ranges:
        top = grid.get((merged.min_row, merged.min_col))
        for r in range(merged.min_row, merged.max_row + 1):
            grid[(r, merged.min_col)] = top
        if merged.max_row > merged.min_row:
            warnings.append(
                f"Samengevoegde cellen {merged.coord}: de waarde geldt voor elke rij ervan."
            )
    max_row = max((r for r, _ in grid), default=0)
    max_col = max((c for _, c in grid), default=0)
    rows = [[grid.get((r, c)) for c in range(1, max_col + 1)] for r in range(1, max_row + 1)]
    header_index = find_header(rows)
    if header_index is None:
        return None
    headers = _unique_headers(rows[header_index])
    table = RawTable(
        kind="xlsx",
        row_label="rij",
        headers=headers,
        records=[],
        details={"blad": sheet.title, "kopregel": str(header_index + 1)},
        warnings=warnings,
        sheet=sheet.title,
    )
    for r in range(header_index + 2, max_row + 1):
        cells = rows[r - 1]
        if all(fields.clean_text(v) == "" for v in cells):
            continue
        record = RawRecord(row=r, values={}, sheet=sheet.title)
        for c, header in enumerate(headers, start=1):
            value = cells[c - 1] if c - 1 < len(cells) else None
            source = formulas.cell(row=r, column=c)
            where = f"{get_column_letter(c)}{r}"
            if source.data_type == "f":
                if value is None:
                    record.warnings.append(
                        f"cel {where} ({header}) is een formule zonder opgeslagen uitkomst; "
                        "leeg gelaten (open en bewaar het bestand in Excel)"
                    )
                else:
                    record.warnings.append(
                        f"cel {where} ({header}) is een formule; de opgeslagen uitkomst is "
                        "gebruikt, de formule niet"
                    )
            if isinstance(value, str) and re.fullmatch(r"#[A-Z0-9/!?]+", value.strip()):
                record.warnings.append(f"cel {where} ({header}) bevat de Excel-fout {value}")
                value = None
            record.values[header] = value
        table.records.append(record)
    return table


# --- Word and text documents --------------------------------------------------------------------
@dataclass
class Paragraph:
    """A paragraph of a document: its text, position, and whether it is a heading."""

    text: str
    number: int
    heading: bool = False


def read_docx(data: bytes) -> RawTable:
    """A Word document: a table with a notes header if it has one, else its paragraphs."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types (in English) for damaged files
        raise UserError(
            "Het Word-document is niet te lezen: het is beschadigd of geen echt .docx-bestand. "
            "Open het in Word en sla het opnieuw op."
        ) from exc
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        header_index = find_header(rows)
        if header_index is not None:
            headers = _unique_headers(rows[header_index])
            records = [
                RawRecord(row=i + 1, values=dict(zip(headers, cells, strict=False)))
                for i, cells in enumerate(rows)
                if i > header_index and any(c.strip() for c in cells)
            ]
            return RawTable("docx", "tabelrij", headers, records, details={"inhoud": "tabel"})
    paragraphs = []
    number = 0
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        number += 1
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        heading = style.startswith(("heading", "kop", "title", "titel"))
        paragraphs.append(Paragraph(text, number, heading))
    return read_document(paragraphs, kind="docx", row_label="alinea")


def _text_paragraphs(text: str) -> list[Paragraph]:
    """Blocks separated by blank lines; a Markdown ``#`` line is a heading of its own."""
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.lstrip().startswith("#"):
            if block:
                paragraphs.append(Paragraph("\n".join(block), start))
                block = []
            paragraphs.append(Paragraph(line.strip().lstrip("#").strip(), number, heading=True))
        elif line.strip():
            if not block:
                start = number
            block.append(line.rstrip())
        elif block:
            paragraphs.append(Paragraph("\n".join(block), start))
            block = []
    return paragraphs


_META = re.compile(r"^\s*[*_]*\s*([A-Za-zÀ-ÿ _-]{2,40}?)\s*[*_]*\s*:\s*[*_]*\s*(.*?)\s*[*_]*\s*$")


def split_meta(text: str) -> tuple[dict[str, str], list[str]]:
    """Split a block into its ``Wijk: …`` style lines (by their key as written) and the rest."""
    meta: dict[str, str] = {}
    rest: list[str] = []
    for line in text.split("\n"):
        match = _META.match(line)
        if match and fields.column_kind(match.group(1)) not in (None, (fields.TEXT, None)):
            meta[match.group(1).strip()] = match.group(2)
        else:
            rest.append(line)
    return meta, rest


def read_document(paragraphs: list[Paragraph], kind: str, row_label: str) -> RawTable:
    """Notes from a document.

    With headings, each heading starts one note: the paragraphs under it form its text and its
    ``Wijk:``/``Perspectief:``/``Datum:``/``Rol:`` lines its fields. Without headings, every
    paragraph is a note; a paragraph of only such lines sets the fields of the notes after it.
    Field lines before the first heading apply to every note.
    """
    table = RawTable(kind=kind, row_label=row_label, headers=[fields.TEXT], records=[])
    headings = any(p.heading for p in paragraphs)
    table.details["inhoud"] = "blok per kop" if headings else "notitie per alinea"
    context: dict[str, str] = {}
    current: RawRecord | None = None
    texts: list[str] = []

    def flush() -> None:
        if current is None:
            return
        if texts:
            current.values[fields.TEXT] = "\n\n".join(texts)
            table.records.append(current)
        elif current.values != context:
            # A heading with only field lines (e.g. "# Centrum" + "Wijk: Centrum") sets the
            # fields of the blocks that follow it.
            context.update(current.values)
        else:
            table.warnings.append(f"{row_label} {current.row}: kop zonder tekst overgeslagen.")

    skipped_intro = False
    for paragraph in paragraphs:
        if paragraph.heading:
            flush()
            current = RawRecord(row=paragraph.number, values=dict(context))
            texts = []
            continue
        meta, rest = split_meta(paragraph.text)
        body = "\n".join(rest).strip()
        if headings:
            if current is None:
                context.update(meta)
                skipped_intro = skipped_intro or bool(body)
                continue
            current.values.update(meta)
            if body:
                texts.append(body)
        elif body:
            table.records.append(
                RawRecord(row=paragraph.number, values={**context, **meta, fields.TEXT: body})
            )
        else:
            context.update(meta)
    flush()
    if skipped_intro:
        table.warnings.append("Tekst vóór de eerste kop is overgeslagen (geen gesprek).")
    for record in table.records:
        for key in record.values:
            if key not in table.headers:
                table.headers.append(key)
    return table


__all__ = ["SUPPORTED", "RawRecord", "RawTable", "read_tables"]
