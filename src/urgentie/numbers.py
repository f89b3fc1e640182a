"""Numbers in Dutch, written the same way on every page, chart, table and export page.

One rule for all of them:

- a decimal comma (``12,5``);
- a point between thousands only from 10.000 on (``1234``, ``12.345``): four digits stay
  together, as the Dutch style guides (Taalunie, Rijkshuisstijl) write them;
- halves rounded away from zero on the number as written (``2,25`` → ``2,3``), as people round
  by hand — not Python's round-half-even on the binary value, which turns ``2,25`` into ``2,2``;
- never ``-0,0``;
- a missing value (NaN, None) as :data:`urgentie.canonical.MISSING_LABEL` unless the caller
  names another word (the session uses ``–`` for "nobody voted");
- a percentage with a space before the sign (``12,5 %``), like every other unit.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from urgentie.canonical import MISSING_LABEL

GROUP_FROM = 10_000
"""From this absolute value on, thousands are separated by a point."""

EURO_THOUSANDS = "× 1 000 euro"
"""CBS's unit for amounts in thousands of euros (WOZ value, income): shown as whole euros."""


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing number (None, NaN, pandas NA or not a number at all)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def round_half_up(value: float, decimals: int = 1) -> float:
    """``value`` rounded as :func:`format_number` shows it (half up, not to even): a decision
    taken on this agrees with the figure on the screen."""
    step = Decimal(1).scaleb(-max(0, int(decimals)))
    return float(Decimal(repr(float(value))).quantize(step, ROUND_HALF_UP))


def format_number(value: object, decimals: int = 1, *, missing: str = MISSING_LABEL) -> str:
    """``value`` with ``decimals`` decimals in Dutch notation (see the module docstring).

    ``format_number(2.25)`` → ``"2,3"``; ``format_number(12345, 0)`` → ``"12.345"``;
    ``format_number(1234, 0)`` → ``"1234"``; ``format_number(-0.04)`` → ``"0,0"``;
    NaN → ``missing``.
    """
    if is_missing(value):
        return missing
    decimals = max(0, int(decimals))
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(step, ROUND_HALF_UP)  # type: ignore[arg-type]
    if rounded == 0:
        rounded = Decimal(0).quantize(step)  # no "-0,0"
    text = f"{rounded:,.{decimals}f}" if abs(rounded) >= GROUP_FROM else f"{rounded:.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_threshold(value: float) -> str:
    """A threshold as the documentation writes it: no trailing zeros (``3``, ``1,5``, ``2,25``)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, decimals)


def readable_numbers(frame: pd.DataFrame, decimals: int = 1, missing: str = "–") -> pd.DataFrame:
    """A copy of ``frame`` for the screen: every decimal column as Dutch text (``4,3``, and
    ``missing`` where there is no value — a table widget would write "None"); whole-number
    and text columns unchanged. The export keeps the numbers."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [format_number(v, decimals, missing=missing) for v in out[column]]
    return out


def unit_suffix(unit: str) -> str:
    """The unit as written after a number; empty for counts (``aantal``) and code lists.

    CBS describes some indicators with a code list (``code 1 (zeer sterk) – 5 (niet)``): that
    is a description, not a unit, so it is not repeated after every value.
    """
    cleaned = (unit or "").strip()
    if cleaned.lower() == "aantal" or cleaned.lower().startswith("code"):
        return ""
    return cleaned


def format_value(
    value: object, unit: str, decimals: int = 1, *, missing: str = MISSING_LABEL
) -> str:
    """A value with its unit, for tooltips, tables, profiles and the resident page.

    ``"%"`` → ``"12,5 %"``; ``"km"`` → ``"1,2 km"``; ``"aantal"`` → ``"8240"``;
    ``"× 1 000 euro"`` → ``"€ 412.000"`` (whole euros); ``"z-score"`` → ``"+0,50"`` (a sign,
    because the direction is the point); ``"domeinen"`` → ``"1 domein"`` / ``"3 domeinen"``.
    NaN → ``missing``.
    """
    if is_missing(value):
        return missing
    number = float(value)  # type: ignore[arg-type]
    if unit == EURO_THOUSANDS:
        return f"€ {format_number(number * 1000, 0)}"
    text = format_number(number, decimals)
    if unit == "z-score":
        return f"+{text}" if Decimal(text.replace(".", "").replace(",", ".")) > 0 else text
    if unit == "domeinen":
        return f"{text} {'domein' if text == '1' else 'domeinen'}"
    suffix = unit_suffix(unit)
    return f"{text} {suffix}" if suffix else text
