"""Read any supported CBS file into canonical rows: detect the kind, pick the reader.

Spreadsheets and text tables are told apart by their header, not by their name: a KWB table
has ``gwb_code_10``, a StatLine export has a *Codering* column, and an attribute table of the
Wijk- en buurtkaart has ``buurtcode``/``wijkcode``/``gemeentecode``.
"""

from __future__ import annotations

import pandas as pd

from urgentie.sources import thirdparty
from urgentie.sources.common import ReadResult
from urgentie.sources.detect import FileKind, SourceFile, sniff
from urgentie.sources.geofiles import attributes_to_rows, read_geojson, read_geopackage
from urgentie.sources.kwb_excel import is_kwb, read_kwb
from urgentie.sources.statline_csv import is_statline, read_statline
from urgentie.sources.tables import read_csv_table, read_xlsx_table


def read_file(file: SourceFile, jaar: int | None = None) -> ReadResult:
    """Canonical rows from one file of any supported kind.

    Parameters
    ----------
    file
        The file (path or uploaded bytes).
    jaar
        The statistics year when the user gave one; otherwise it comes from the file.

    Raises
    ------
    UserError
        With a Dutch message naming the file, for anything that makes the file unusable.
    """
    kind = sniff(file)
    if kind is FileKind.GEOJSON:
        return read_geojson(file, jaar)
    if kind is FileKind.GPKG:
        return read_geopackage(file, jaar)
    table = read_xlsx_table(file) if kind is FileKind.XLSX else read_csv_table(file)
    return read_table(table, file, jaar)


def read_table(raw: pd.DataFrame, file: SourceFile, jaar: int | None) -> ReadResult:
    """Dispatch a raw table to the KWB, StatLine or attribute-table reader by its header."""
    if is_kwb(raw):
        return read_kwb(raw, file, jaar)
    if thirdparty.table_of([str(c) for c in raw.columns]) is not None:
        return read_thirdparty(raw, file, jaar)
    if is_statline(raw):
        return read_statline(raw, file, jaar)
    return attributes_to_rows(raw, None, file, jaar, "attributentabel")


def read_thirdparty(raw: pd.DataFrame, file: SourceFile, jaar: int | None) -> ReadResult:
    """A StatLine CSV export of the police or RIVM table (OData keys as headers).

    An export may hold several years; the newest (or the one asked for) is imported and the
    others are named, so the user can import them with ``--jaar``.
    """
    tables = thirdparty.read_export(raw, file.name, jaar)
    table = tables[-1]
    incoming = thirdparty.to_incoming(table, thirdparty.file_record(file.name, table))
    notes = []
    others = [str(t.jaar) for t in tables[:-1]]
    if others:
        notes.append(
            f"Het bestand heeft ook cijfers van {', '.join(others)}; importeer die met --jaar."
        )
    return ReadResult(incoming, thirdparty.FORMAT, notes)
