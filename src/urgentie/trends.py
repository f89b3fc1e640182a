"""Honest trend charts: a baseline that does not exaggerate, labels precise enough to show a
change, and the change itself in words.

An axis that fits itself to 8 750 and 8 770 inhabitants turns a change of 0,2 % into a climb
across the whole chart. Counts and shares (anything that cannot be negative) therefore start at
zero; the change is written out in the title ("+20 sinds 2022"). Labels get one more decimal
when the indicator's own precision would print two different values the same ("15 %" and
"15 %" for 14,6 and 15,4).
"""

from __future__ import annotations

from collections.abc import Sequence

from urgentie.indicators import BY_KEY
from urgentie.numbers import format_number, format_value, is_missing, round_half_up

MAX_EXTRA_DECIMALS = 2


def _known(values: Sequence[object]) -> list[float]:
    return [float(v) for v in values if not is_missing(v)]  # type: ignore[arg-type]


def label_decimals(key: str, values: Sequence[object]) -> int:
    """The fewest decimals (the indicator's own, up to two more) at which values that differ
    also read differently."""
    indicator = BY_KEY.get(key)
    base = indicator.decimals if indicator is not None else 1
    known = _known(values)
    for decimals in range(base, base + MAX_EXTRA_DECIMALS + 1):
        shown = [round_half_up(v, decimals) for v in known]
        if all(
            (a == b) == (shown[i] == shown[j])
            for i, a in enumerate(known)
            for j, b in enumerate(known)
            if i < j
        ):
            return decimals
    return base + MAX_EXTRA_DECIMALS


def labels(key: str, values: Sequence[object]) -> list[str]:
    """Each value with its unit, at :func:`label_decimals`."""
    indicator = BY_KEY.get(key)
    unit = indicator.unit if indicator is not None else ""
    decimals = label_decimals(key, values)
    return [format_value(v, unit, decimals) for v in values]


def y_range(values: Sequence[object]) -> list[float] | None:
    """The y-axis of one trend: from zero for values that cannot be negative (counts, shares,
    distances), with room for the labels above the highest; None (fit) when values go
    below zero."""
    known = _known(values)
    if not known or min(known) < 0:
        return None
    top = max(known)
    return [0.0, top * 1.25 if top > 0 else 1.0]


def change_text(key: str, values: Sequence[object], years: Sequence[int]) -> str:
    """ "+20 (+0,2 %) sinds 2022": the change from the first known value to the last, with the
    relative change for counts; empty with fewer than two known values."""
    pairs = [(y, float(v)) for y, v in zip(years, values, strict=True) if not is_missing(v)]
    if len(pairs) < 2:
        return ""
    (first_year, first), (_, last) = pairs[0], pairs[-1]
    indicator = BY_KEY.get(key)
    unit = indicator.unit if indicator is not None else ""
    decimals = label_decimals(key, [first, last])
    difference = round_half_up(last - first, decimals)
    if difference == 0:
        return f"gelijk sinds {first_year}"
    sign = "+" if difference > 0 else "−"
    amount = format_number(abs(difference), decimals)
    if unit == "%":
        text = f"{sign}{amount} procentpunt"
    else:
        suffix = f" {unit}" if unit and unit not in {"aantal"} else ""
        text = f"{sign}{amount}{suffix}"
        if first > 0 and unit in {"aantal", ""}:
            share = (last - first) / first * 100
            text += f" ({'+' if share > 0 else '−'}{format_number(abs(share), 1)} %)"
    return f"{text} sinds {first_year}"
