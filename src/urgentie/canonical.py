"""The canonical area table: CBS codes, levels, parents, missing values, and its schema.

Every source ends in the same shape: one row per area with ``BASE_COLUMNS`` and one float column
per catalogue indicator (NaN where CBS publishes nothing or keeps the figure secret).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from urgentie.errors import UserError

Level = Literal["gemeente", "wijk", "buurt"]
LEVELS: tuple[Level, ...] = ("gemeente", "wijk", "buurt")
LEVEL_LABELS: dict[str, str] = {"gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"}
NATIONAL = "NL00"

CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "buurt": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}

BASE_COLUMNS: tuple[str, ...] = (
    "code",
    "naam",
    "niveau",
    "gemeente_code",
    "gemeente_naam",
    "wijk_code",
    "jaar",
    "indelingswijziging",
    "postcode",
)
"""Identifying columns of the canonical table (geometry comes last)."""

INDELINGSWIJZIGING = {
    "1": "ongewijzigd",
    "2": "code gewijzigd, grens ongewijzigd",
    "3": "grens gewijzigd",
}

MISSING_LABEL = "geheim of onbekend"

ATTRIBUTION = "Bron: CBS, Kadaster/PDOK — CC BY 4.0"
"""The licence line on every page, map, export and print that shows CBS data."""

DEMO_LABEL = "demogegevens (fictief)"
"""How every page, map and export says that the figures are the made-up demo gemeente."""


def source_line(demo: bool = False) -> str:
    """The attribution, followed by the demo label when the data are the demo's."""
    return f"{ATTRIBUTION} · {DEMO_LABEL}" if demo else ATTRIBUTION


SENTINEL_LIMIT = -99990
_MISSING_STRINGS = {"", ".", "..", "-", "x", "nan", "none", "null", "?"}
_EXCLUDED_NAMES = {"groot water", "buitenland", "groot binnenwater", "buitenwater"}


class CanonicalError(UserError):
    """Raised when input cannot become a canonical table; the message is Dutch for the user."""


def clean_code(value: object) -> str:
    """Strip padding and whitespace from a CBS code (StatLine pads to 10 characters)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip().upper()


def level_of(code: str) -> Level | None:
    """The level of a CBS code, or None when it is not a gemeente, wijk or buurt code."""
    for level, pattern in CODE_PATTERNS.items():
        if pattern.match(code):
            return level  # type: ignore[return-value]
    return None


def gemeente_of(code: str) -> str:
    """``BU03440111`` -> ``GM0344``; also for wijk and gemeente codes."""
    return "GM" + code[2:6]


def wijk_of(code: str) -> str | None:
    """``BU03440111`` -> ``WK034401``; None for gemeente and wijk codes."""
    return "WK" + code[2:8] if code.startswith("BU") else None


def is_excluded(code: str, name: str = "", water: object = None) -> bool:
    """Water and Buitenland pseudo-areas, which have no inhabitants and no figures.

    Not every code ending in ``99`` is water (``WK010699`` is "Buitengebied" with 1,220
    inhabitants), so the code alone does not decide: the water flag or the CBS name does.
    """
    if water is not None and not pd.isna(water) and str(water).strip().upper() == "JA":
        return True
    if code.startswith(("GM0998", "WK0998", "BU0998")):
        return True
    return name.strip().lower() in _EXCLUDED_NAMES


def to_number(values: Iterable[object] | pd.Series) -> pd.Series:
    """Turn CBS cells into floats: ``.``, ``None``, blanks and sentinels ≤ -99990 become NaN.

    Strings are stripped first (StatLine right-aligns numbers in padded strings). A value that is
    not a number at all also becomes NaN; callers that must reject such input check before.
    """
    series = pd.Series(values, dtype="object") if not isinstance(values, pd.Series) else values
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype("string").str.strip()
        text = text.mask(text.str.lower().isin(_MISSING_STRINGS))
        numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    else:
        numbers = pd.to_numeric(series, errors="coerce").astype("float64")
    return numbers.mask(numbers <= SENTINEL_LIMIT)


def non_numeric_cells(values: pd.Series) -> pd.Series:
    """Cells that hold text which is neither a number nor a CBS missing symbol."""
    text = values.astype("string").str.strip()
    missing = text.isna() | text.str.lower().isin(_MISSING_STRINGS)
    return ~missing & pd.to_numeric(text, errors="coerce").isna()


def parents_frame(codes: pd.Series) -> pd.DataFrame:
    """Level, gemeente code and wijk code for each CBS code, derived by slicing the code."""
    levels = codes.map(level_of)
    return pd.DataFrame(
        {
            "niveau": levels,
            "gemeente_code": codes.map(gemeente_of),
            "wijk_code": codes.map(wijk_of),
        },
        index=codes.index,
    )


def validate_codes(codes: pd.Series, where: str) -> None:
    """Raise :class:`CanonicalError` on empty, malformed or duplicate codes."""
    if codes.empty:
        raise CanonicalError(f"{where}: geen gebieden gevonden.")
    bad = codes[codes.map(level_of).isna()]
    if not bad.empty:
        sample = ", ".join(repr(c) for c in bad.head(5))
        raise CanonicalError(
            f"{where}: {len(bad)} onbekende gebiedscode(s), bijvoorbeeld {sample}. "
            "Verwacht GM + 4 cijfers, WK + 6 tekens of BU + 8 tekens."
        )
    dupes = codes[codes.duplicated()].unique()
    if len(dupes):
        raise CanonicalError(
            f"{where}: gebiedscode(s) komen dubbel voor: {', '.join(map(str, dupes[:5]))}."
        )
