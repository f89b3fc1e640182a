"""StatLine export of a *Kerncijfers wijken en buurten* table (CSV, or the same as xlsx).

Headers are titles with their topic-group path and unit (``"Bevolking/Aantal inwoners
(aantal)"``), or OData keys (``AantalInwoners_5``) when the export came from the open-data
feed. Strings are space-padded to a fixed width, numbers right-aligned, missing is ``.``.
Titles map onto the catalogue through :data:`urgentie.indicators.STATLINE_TITLES`.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from urgentie.errors import UserError
from urgentie.indicators import STATLINE_TITLES, base_name
from urgentie.sources.common import (
    ReadResult,
    check_numbers,
    find_column,
    no_indicators_error,
    source_columns,
)
from urgentie.sources.detect import SourceFile
from urgentie.sources.mapping import to_canonical
from urgentie.sources.tables import header_key, split_unit
from urgentie.sources.years import resolve_year, years_in_columns
from urgentie.store.areas import SourceRecord, now_iso

FORMAT = "StatLine-export"
_ODATA_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9]*_\d+$")
_DIMENSION = ("Wijken en buurten", "WijkenEnBuurten")


def is_statline(raw: pd.DataFrame) -> bool:
    """Whether the table has StatLine's code column (by title or by OData key)."""
    return any(header_key(c) == "codering" for c in raw.columns)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _title_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """``{full path: base name}`` and ``{last title: base name}`` for unambiguous last titles."""
    full = {_normal("/".join(path)): base for base, path in STATLINE_TITLES.items()}
    counts = Counter(_normal(path[-1]) for path in STATLINE_TITLES.values())
    last = {
        _normal(path[-1]): base
        for base, path in STATLINE_TITLES.items()
        if counts[_normal(path[-1])] == 1
    }
    return full, last


def map_headers(columns: list[str]) -> dict[str, str]:
    """``{file column: OData base name}`` for every column that is a known StatLine title.

    The full topic-group path decides (``Bevolking/Herkomstland/Nederland`` and
    ``Bevolking/Geboren in Nederland …/Nederland`` are different columns); only when the path
    differs from the one we know (CBS moved a topic between years) does the last part decide,
    and only if that last part is unambiguous. OData keys map to their base name.
    """
    full, last = _title_lookup()
    mapped: dict[str, str] = {}
    titled: dict[str, list[str]] = {}
    for column in columns:
        text = str(column).strip()
        if _ODATA_KEY.match(text):
            mapped[column] = base_name(text)
            continue
        title, _unit = split_unit(text)
        parts = [p.strip() for p in title.split("/")]
        titled[column] = parts
        base = full.get(_normal("/".join(parts)))
        if base is not None:
            mapped[column] = base
    # Second pass: a title whose path changed, matched on its last part when that part is
    # unique both in our list and among the file's own columns.
    in_file = Counter(_normal(parts[-1]) for parts in titled.values())
    for column, parts in titled.items():
        key = _normal(parts[-1])
        base = last.get(key)
        if column in mapped or base is None or in_file[key] > 1 or base in mapped.values():
            continue
        mapped[column] = base
    return mapped


def read_statline(raw: pd.DataFrame, file: SourceFile, jaar: int | None) -> ReadResult:
    """Canonical rows from a StatLine export; see the module docstring."""
    headers = map_headers([str(c) for c in raw.columns])
    code_column = next((c for c, b in headers.items() if b == "Codering"), None)
    if code_column is None:
        raise UserError(f"{file.name}: de kolom Codering (gebiedscode) ontbreekt.")
    name_column = find_column(raw.columns, *_DIMENSION)
    year = resolve_year(file.name, jaar, years_in_columns(raw))
    table = pd.DataFrame({base: raw[column] for column, base in headers.items()}, index=raw.index)
    table["__code__"] = raw[code_column]
    table["__naam__"] = _names(raw, name_column)
    if "Gemeentenaam" in table.columns:
        # Without names (an export of keys) a gemeente row is still named by Gemeentenaam.
        is_gm = table["__code__"].astype("string").str.strip().str.startswith("GM")
        unnamed = table["__naam__"] == ""
        gm_names = table["Gemeentenaam"].astype("string").str.strip()
        table["__naam__"] = table["__naam__"].where(~(is_gm & unnamed), gm_names)
    used = source_columns([str(c) for c in table.columns], "odata")
    if not used:
        raise no_indicators_error(file.name, "'Bevolking/Aantal inwoners (aantal)' (StatLine)")
    check_numbers(table, used, file.name)
    incoming = to_canonical(
        table,
        source="odata",
        jaar=year,
        record=SourceRecord(
            "bestand",
            "cijfers",
            file.name,
            table_id=_table_id(file.name),
            retrieved_at=now_iso(),
            file_format=FORMAT,
        ),
        code_column="__code__",
        name_column="__naam__",
        gemeente_name_column="Gemeentenaam" if "Gemeentenaam" in table.columns else None,
        extra={
            target: base
            for target, base in (
                ("indelingswijziging", "IndelingswijzigingGemeenteWijkBuurt"),
                ("postcode", "MeestVoorkomendePostcode"),
            )
            if base in table.columns
        },
        where=file.name,
    )
    return ReadResult(incoming, FORMAT)


def _table_id(name: str) -> str:
    """The StatLine table id when the file name carries it (``85984NED_export.csv``)."""
    match = re.search(r"(?<![0-9A-Z])(\d{5}NED)(?![0-9A-Z])", name.upper())
    return match.group(1) if match else ""


def _names(raw: pd.DataFrame, column: str | None) -> pd.Series:
    """Area names from the dimension column, unless it holds codes (the OData key export)."""
    if column is None:
        return pd.Series("", index=raw.index, dtype="string")
    names = raw[column].astype("string").str.strip().fillna("")
    looks_like_code = names.str.match(r"^(GM|WK|BU|NL)[0-9A-Z]+$")
    return names.where(~looks_like_code, "")
