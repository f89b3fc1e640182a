"""Alignment: do beleid, professionals, bewoners and the figures feel the same urgency?

Per area and domain the voices (each on the 1–5 scale, with its *n*) are compared:

- ``te weinig gegevens`` — fewer than :data:`MIN_VOICES` voices have :data:`MIN_N` respondents;
- ``gedeeld urgent`` — *every* voice that counts lies above :data:`URGENT_ABOVE`;
- ``gedeeld niet urgent`` — every voice that counts lies on or below it. Voices that differ a
  lot but all on one side (1 and 2,5: both calm) agree on the verdict and differ only in degree;
- ``verdeeld`` — voices on both sides, the highest and lowest :data:`GAP` or more apart;
- ``deels urgent`` — voices on both sides but less than :data:`GAP` apart: the named middle
  class, so a calm voice next to an urgent one is never called agreement.

Every voice is judged as every page shows it: rounded to one decimal (half up).

The *agreement* is ``1 - spread / 4`` (1 = all voices equal, 0 = one says 1 and another 5). The
largest gap is named in plain Dutch ("beleid ziet urgentie, professionals niet").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from urgentie.analysis.thresholds import (
    GAP,
    MIN_N,
    MIN_VOICES,
    URGENT_ABOVE,
    VOICE_CALM,
    VOICE_URGENT,
)
from urgentie.domains import CIJFERS, PERSPECTIVES
from urgentie.numbers import round_half_up

VOICES: tuple[str, ...] = (*PERSPECTIVES, CIJFERS)
"""The four voices in the order every chart and table shows them."""

SHARED_URGENT = "gedeeld urgent"
SHARED_NOT_URGENT = "gedeeld niet urgent"
SPLIT = "verdeeld"
PARTLY = "deels urgent"
TOO_LITTLE = "te weinig gegevens"

STATUSES: tuple[str, ...] = (SHARED_URGENT, PARTLY, SHARED_NOT_URGENT, SPLIT, TOO_LITTLE)

STATUS_ORDER: tuple[str, ...] = (SPLIT, PARTLY, SHARED_URGENT, SHARED_NOT_URGENT, TOO_LITTLE)
"""The order of legends and lists: from what needs attention (the gaps the room discusses) to
what cannot be said."""

STATUS_EXPLANATION: dict[str, str] = {
    SHARED_URGENT: "Alle stemmen liggen boven het midden van de schaal: iedereen vindt dit urgent.",
    SHARED_NOT_URGENT: "Alle stemmen liggen op of onder het midden: niemand vindt dit urgent.",
    SPLIT: "De stemmen lopen ver uiteen: de een ziet urgentie, de ander niet.",
    PARTLY: (
        "Een deel van de stemmen ligt boven het midden, een deel erop of eronder; "
        "ze liggen minder dan anderhalf punt uit elkaar."
    ),
    TOO_LITTLE: "Te weinig gesprekken, stemmen of cijfers om iets te zeggen.",
}

# How each voice is named when it clearly sees urgency (from VOICE_URGENT) or leans that way,
# and when it clearly does not (up to VOICE_CALM) or only sees less of it.
_HIGH: dict[str, tuple[str, str]] = {
    "beleid": ("beleid ziet urgentie", "beleid ziet enige urgentie"),
    "professional": ("professionals zien urgentie", "professionals zien enige urgentie"),
    "bewoner": ("bewoners luiden de bel", "bewoners maken zich enige zorgen"),
    CIJFERS: ("cijfers hoog", "cijfers wat hoger"),
}
_LOW: dict[str, tuple[str, str]] = {
    "beleid": ("beleid niet", "beleid minder"),
    "professional": ("professionals niet", "professionals minder"),
    "bewoner": ("bewoners niet", "bewoners minder"),
    CIJFERS: ("cijfers niet", "cijfers minder"),
}

ALIGNMENT_COLUMNS: tuple[str, ...] = (
    "area_code",
    "domain",
    "status",
    "mean",
    "spread",
    "agreement",
    "n_voices",
    "high_voice",
    "low_voice",
    "gap_text",
    *(f"urgency_{v}" for v in VOICES),
    *(f"n_{v}" for v in VOICES),
)


def counts(perspective: str, n: object, urgency: object = None) -> bool:
    """Whether a voice counts in the alignment: :data:`MIN_N` different respondents, or for the
    figures (``cijfers``) one indicator. With ``urgency`` given, a voice without one (NaN) does
    not count either. ``n`` may be missing (None, NaN): then it is 0.
    """
    if urgency is not None and _missing(urgency):
        return False
    number = 0 if _missing(n) else int(n)  # type: ignore[arg-type]
    return number >= 1 if perspective == CIJFERS else number >= MIN_N.value


def _missing(value: object) -> bool:
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def name_gap(high: str, low: str, voices: dict[str, float]) -> str:
    """Plain-Dutch name of the gap between the highest and the lowest voice.

    A voice "ziet urgentie" only from :data:`VOICE_URGENT` and "niet" only up to
    :data:`VOICE_CALM`; in between the name says so ("ziet enige urgentie", "minder"), so a
    voice at 2,5 is never said to see urgency. When the figures are high and every human voice
    is calm, the gap is "cijfers hoog, verhalen laag": the stories as a whole do not recognise
    what the figures show.
    """
    shown = shown_voices(voices)
    strong_high = shown.get(high, float("nan")) >= VOICE_URGENT.value
    clear_low = shown.get(low, float("nan")) <= VOICE_CALM.value
    if high == CIJFERS and strong_high:
        stories = [shown[v] for v in PERSPECTIVES if v in shown]
        if len(stories) >= 2 and max(stories) <= VOICE_CALM.value:
            return "cijfers hoog, verhalen laag"
    return f"{_HIGH[high][0 if strong_high else 1]}, {_LOW[low][0 if clear_low else 1]}"


def shown_voices(voices: dict[str, float]) -> dict[str, float]:
    """The voices as every page shows them: rounded to one decimal, half up."""
    return {voice: round_half_up(value, 1) for voice, value in voices.items()}


def above_midpoint(shown: float) -> bool:
    """Whether a voice (as shown) lies on the urgent side of :data:`URGENT_ABOVE`."""
    return shown > URGENT_ABOVE.value


def classify(voices: dict[str, float]) -> tuple[str, float, float]:
    """Status, mean and spread of the voices that have enough data (name → 1–5 urgency).

    Shared means *every* voice on one side of :data:`URGENT_ABOVE`, never a mean that hides a
    calm voice next to an urgent one. Voices on both sides are ``verdeeld`` from a spread of
    :data:`GAP`, otherwise ``deels urgent``. The voices are compared as every page shows them,
    to one decimal: a room that sees 2,5 against 4,0 must not hear that the voices agree
    because the unrounded gap was 1,49. Mean and spread are of those rounded values.
    """
    if len(voices) < MIN_VOICES.value:
        return TOO_LITTLE, float("nan"), float("nan")
    values = list(shown_voices(voices).values())
    spread = round_half_up(max(values) - min(values), 1)
    mean = sum(values) / len(values)
    if all(above_midpoint(v) for v in values):
        return SHARED_URGENT, mean, spread
    if not any(above_midpoint(v) for v in values):
        return SHARED_NOT_URGENT, mean, spread
    return (SPLIT if spread >= GAP.value else PARTLY), mean, spread


def alignment(voices: pd.DataFrame, *, by: Iterable[str] = ()) -> pd.DataFrame:
    """Alignment per (area_code, domain, *by) from a long table of voices.

    ``voices`` has columns ``area_code, domain, perspective, urgency, n`` (as from
    :func:`urgentie.analysis.soft_urgency.soft_urgency`, plus rows with perspective
    ``cijfers`` for the figures, whose ``n`` is the number of indicators). A voice counts only
    with ``n >= MIN_N`` (the figures count with one indicator or more).
    """
    by = list(by)
    keys = ["area_code", "domain", *by]
    rows = []
    if voices.empty:
        return pd.DataFrame(columns=[*ALIGNMENT_COLUMNS, *by])
    for group_key, group in voices.groupby(keys, sort=True):
        values = group_key if isinstance(group_key, tuple) else (group_key,)
        known: dict[str, float] = {}
        row: dict[str, object] = dict(zip(keys, values, strict=True))
        for voice in VOICES:
            match = group[group["perspective"] == voice]
            urgency = float(match["urgency"].iloc[0]) if len(match) else float("nan")
            n = int(match["n"].iloc[0]) if len(match) else 0
            row[f"urgency_{voice}"] = urgency
            row[f"n_{voice}"] = n
            if counts(voice, n, urgency):
                known[voice] = urgency
        status, mean, spread = classify(known)
        high = max(known, key=known.__getitem__) if known else ""
        low = min(known, key=known.__getitem__) if known else ""
        row.update(
            status=status,
            mean=mean,
            spread=spread,
            agreement=1 - spread / 4,
            n_voices=len(known),
            high_voice=high,
            low_voice=low,
            gap_text=name_gap(high, low, known) if status in {SPLIT, PARTLY} else "",
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=[*ALIGNMENT_COLUMNS, *by])


def largest_gaps(table: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``verdeeld`` rows with the widest spread first (ties: more voices first)."""
    split = table[table["status"] == SPLIT]
    return split.sort_values(["spread", "n_voices"], ascending=[False, False]).head(top)


def convergence(per_period: pd.DataFrame) -> pd.DataFrame:
    """Do the voices grow towards each other over time?

    ``per_period`` is :func:`alignment` output with a ``period`` column. Returns per (area,
    domain) the first and last period with a spread, both spreads, and a Dutch verdict:
    "de stemmen groeien naar elkaar toe" when the spread shrank by half a point or more,
    "de stemmen lopen uiteen" when it grew that much, otherwise "ongeveer gelijk gebleven".
    """
    rows = []
    known = per_period.dropna(subset=["spread"])
    for (area, domain), group in known.groupby(["area_code", "domain"]):
        ordered = group.sort_values("period")
        if len(ordered) < 2:
            continue
        first, last = ordered.iloc[0], ordered.iloc[-1]
        change = last["spread"] - first["spread"]
        if change <= -0.5:
            verdict = "de stemmen groeien naar elkaar toe"
        elif change >= 0.5:
            verdict = "de stemmen lopen uiteen"
        else:
            verdict = "ongeveer gelijk gebleven"
        rows.append(
            {
                "area_code": area,
                "domain": domain,
                "first_period": first["period"],
                "last_period": last["period"],
                "first_spread": first["spread"],
                "last_spread": last["spread"],
                "change": change,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "area_code",
            "domain",
            "first_period",
            "last_period",
            "first_spread",
            "last_spread",
            "change",
            "verdict",
        ],
    )
