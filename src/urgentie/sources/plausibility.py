"""Figures that cannot be true (a negative count, a share above 100 %) are reported per area and
left empty, never stored silently. The ranges per unit live in ``plausible_ranges.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from urgentie.indicators import INDICATORS
from urgentie.numbers import format_number

RANGES_FILE = Path(__file__).with_name("plausible_ranges.yaml")
MAX_LISTED = 25
"""Messages listed one by one; the rest are counted (a whole broken column is one problem)."""


@cache
def ranges() -> dict[str, tuple[float | None, float | None]]:
    raw = yaml.safe_load(RANGES_FILE.read_text("utf-8")) or {}
    return {str(unit): (low, high) for unit, (low, high) in raw.items()}


def _reason(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"kan alleen tussen {format_number(low, 0)} en {format_number(high, 0)} liggen"
    if low == 0:
        return "kan niet negatief zijn"
    return f"kan niet kleiner zijn dan {format_number(low, 0)}"


def blank_impossible(frame: pd.DataFrame) -> list[str]:
    """Empty every impossible figure in ``frame`` (in place); one Dutch message per figure.

    ``frame`` has ``code``, ``naam`` and one column per indicator key.
    """
    messages: list[str] = []
    limits = ranges()
    for indicator in INDICATORS:
        if indicator.key not in frame.columns or indicator.unit not in limits:
            continue
        low, high = limits[indicator.unit]
        values = pd.to_numeric(frame[indicator.key], errors="coerce")
        bad = pd.Series(False, index=frame.index)
        if low is not None:
            bad |= values < low
        if high is not None:
            bad |= values > high
        for index in frame.index[bad.fillna(False)]:
            name = frame.at[index, "naam"] if "naam" in frame.columns else ""
            messages.append(
                f"{frame.at[index, 'code']} {name}: {indicator.label} = "
                f"{format_number(float(values[index]), 1)} {indicator.unit} "
                f"{_reason(low, high)}; dit cijfer is niet opgeslagen."
            )
        frame.loc[bad.fillna(False), indicator.key] = float("nan")
    return messages


def summary(messages: list[str]) -> list[str]:
    """The messages for the import report: the first :data:`MAX_LISTED`, then a count."""
    if len(messages) <= MAX_LISTED:
        return messages
    rest = len(messages) - MAX_LISTED
    return [*messages[:MAX_LISTED], f"… en nog {rest} onmogelijke cijfers, ook niet opgeslagen."]
