"""CBS *Kerncijfers wijken en buurten* Excel download (``kwb-YYYY.xlsx``), or rows cut from it.

Short column names (``gwb_code_10``, ``regio``, ``gm_naam``, ``a_inw`` …), missing as ``"."``,
some numbers stored as text. Older releases lack ``gwb_code_10``: then ``gwb_code`` holds the
code, or the digits of ``gwb_code_8`` with the level in ``recs``. The same table saved as CSV
reads the same way.
"""

from __future__ import annotations

import pandas as pd

from urgentie.canonical import NATIONAL, level_of
from urgentie.errors import UserError
from urgentie.sources.common import (
    ReadResult,
    check_numbers,
    find_column,
    no_indicators_error,
    source_columns,
)
from urgentie.sources.detect import SourceFile
from urgentie.sources.mapping import to_canonical
from urgentie.sources.years import resolve_year, years_in_columns
from urgentie.store.areas import SourceRecord, now_iso

FORMAT = "KWB-Excel"
_PREFIX = {"gemeente": "GM", "wijk": "WK", "buurt": "BU", "land": "NL"}


def is_kwb(raw: pd.DataFrame) -> bool:
    """Whether the table has the KWB code columns."""
    return find_column(raw.columns, "gwb_code_10", "gwb_code", "gwb_code_8") is not None


def read_kwb(raw: pd.DataFrame, file: SourceFile, jaar: int | None) -> ReadResult:
    """Canonical rows from a KWB table; see the module docstring for the columns."""
    raw = raw.copy()
    raw["__code__"] = _codes(raw, file.name)
    raw = raw[raw["__code__"] != ""]
    if raw.empty:
        raise UserError(f"{file.name}: geen rijen met een gebiedscode.")
    used = source_columns([str(c) for c in raw.columns], "kwb")
    if not used:
        raise no_indicators_error(file.name, "a_inw, a_hh, p_hh_li (KWB)")
    check_numbers(raw, used, file.name)
    year = resolve_year(file.name, jaar, years_in_columns(raw))
    incoming = to_canonical(
        raw,
        source="kwb",
        jaar=year,
        record=SourceRecord(
            "bestand", "cijfers", file.name, retrieved_at=now_iso(), file_format=FORMAT
        ),
        code_column="__code__",
        name_column=find_column(raw.columns, "regio"),
        gemeente_name_column=find_column(raw.columns, "gm_naam"),
        extra={
            target: column
            for target, column in (
                ("indelingswijziging", find_column(raw.columns, "ind_wbi")),
                ("postcode", find_column(raw.columns, "pst_mvp")),
            )
            if column
        },
        where=file.name,
    )
    return ReadResult(incoming, FORMAT)


def _codes(raw: pd.DataFrame, name: str) -> pd.Series:
    """The CBS code of each row: ``gwb_code_10``, else ``gwb_code``, else level + digits."""
    for candidate in ("gwb_code_10", "gwb_code"):
        column = find_column(raw.columns, candidate)
        if column is None:
            continue
        codes = raw[column].map(_text)
        filled = codes[codes != ""]
        if len(filled) and filled.map(lambda c: level_of(c) is not None or c == NATIONAL).any():
            return codes
    digits_column = find_column(raw.columns, "gwb_code_8")
    level_column = find_column(raw.columns, "recs")
    if digits_column is None or level_column is None:
        raise UserError(
            f"{name}: de KWB-kolom gwb_code_10 ontbreekt en de codes zijn niet af te leiden "
            "(daarvoor zijn gwb_code_8 en recs nodig)."
        )
    digits = raw[digits_column].map(_text)
    prefixes = raw[level_column].map(_text).str.lower().map(_PREFIX).fillna("")
    # Excel may have dropped leading zeros of the digit code: pad to the level's width.
    widths = prefixes.map({"GM": 4, "WK": 6, "BU": 8, "NL": 2}).fillna(0).astype(int)
    padded = [d.zfill(w) if d else "" for d, w in zip(digits, widths, strict=True)]
    return pd.Series(
        [p + d if p and d else "" for p, d in zip(prefixes, padded, strict=True)],
        index=raw.index,
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip().upper()
