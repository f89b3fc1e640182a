"""Checks every file reader applies before its rows become canonical.

A file that is structurally readable can still be unusable: no indicator the catalogue knows,
or text where numbers belong. Those get a Dutch error that names the column and an example,
instead of silently turning into empty figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from urgentie.canonical import non_numeric_cells
from urgentie.errors import UserError
from urgentie.indicators import INDICATORS, Ratio, squash
from urgentie.sources.mapping import ColumnIndex, Incoming


@dataclass
class ReadResult:
    """What a file reader made of one file: canonical rows plus remarks for the user."""

    incoming: Incoming
    file_format: str
    """Dutch name of the format that was recognised (``KWB-Excel``, ``GeoPackage`` …)."""
    notes: list[str] = field(default_factory=list)
    """Dutch remarks about how the file was read, shown with the import report."""


def find_column(columns: Iterable[object], *candidates: str) -> str | None:
    """The first column whose name matches one of ``candidates`` in any spelling."""
    lookup: dict[str, str] = {}
    for column in columns:
        lookup.setdefault(squash(str(column)), str(column))
    for candidate in candidates:
        found = lookup.get(squash(candidate))
        if found is not None:
            return found
    return None


def source_columns(columns: list[str], source: str) -> dict[str, list[str]]:
    """Per catalogue indicator found in ``columns``: the source columns it is computed from.

    Indicators whose columns are (partly) absent are left out.
    """
    index = ColumnIndex(columns, source)
    found: dict[str, list[str]] = {}
    for ind in INDICATORS:
        spec = ind.spec(source)
        if spec is None:
            continue
        names = spec.columns() if isinstance(spec, Ratio) else (str(spec),)
        resolved = [index.find(n) for n in names]
        if all(r is not None for r in resolved):
            found[ind.key] = [str(r) for r in resolved]
    return found


def check_numbers(raw: pd.DataFrame, used: dict[str, list[str]], name: str) -> None:
    """Raise when an indicator column holds text that is neither a number nor a CBS symbol.

    Such a column would otherwise become empty figures without anyone noticing (a shifted
    column, or a name in a number column).
    """
    for column in sorted({c for cols in used.values() for c in cols}):
        values = raw[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values.dtype):
            continue
        bad = non_numeric_cells(values)
        if bad.any():
            examples = ", ".join(repr(str(v).strip()) for v in values[bad].head(3))
            raise UserError(
                f"{name}: kolom {column} hoort getallen te bevatten, maar heeft tekst "
                f"({int(bad.sum())} cel(len), bijvoorbeeld {examples})."
            )


def no_indicators_error(name: str, expected: str) -> UserError:
    """The error for a file whose columns contain none of the catalogue's indicators."""
    return UserError(
        f"{name}: geen enkele bekende indicator gevonden. Verwacht kolommen zoals {expected}. "
        "Is dit het goede bestand?"
    )
