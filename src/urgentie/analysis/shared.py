"""Shared urgency of one gemeente: every voice per area and domain, and whether they align.

This composes the parts: hard voices from the domain scores of the areas of one level
(:mod:`urgentie.analysis.voices`), soft voices from notes and votes
(:mod:`urgentie.analysis.soft_urgency`), and their alignment (:mod:`urgentie.analysis.alignment`),
also per period so convergence can be shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from urgentie.analysis.alignment import alignment, convergence
from urgentie.analysis.scores import ScoreResult, compute_scores
from urgentie.analysis.soft_urgency import period_of, soft_urgency, with_parents
from urgentie.analysis.voices import hard_voices


@dataclass
class SharedUrgency:
    """Everything the shared-urgency pages show for one gemeente, year and level."""

    level: str
    areas: pd.DataFrame
    """The canonical rows of the level (code, naam, … indicators)."""
    scores: ScoreResult | None
    evidence: pd.DataFrame
    """Soft evidence of these areas (buurt evidence rolled up to wijken)."""
    voices: pd.DataFrame
    """Long table: area_code, domain, perspective (incl. cijfers), urgency, n, confidence."""
    table: pd.DataFrame
    """Alignment per area and domain (:func:`urgentie.analysis.alignment.alignment`)."""
    over_time: pd.DataFrame
    """Alignment per area, domain and period (soft voices per calendar year, figures constant)."""
    trend: pd.DataFrame
    """Convergence per area and domain (:func:`urgentie.analysis.alignment.convergence`)."""

    def names(self) -> dict[str, str]:
        return dict(zip(self.areas["code"], self.areas["naam"], strict=True))


def shared_urgency(
    areas: pd.DataFrame,
    evidence: pd.DataFrame,
    *,
    level: str = "wijk",
    weights: Mapping[str, float] | None = None,
) -> SharedUrgency:
    """Voices and alignment for the areas of ``level`` in a gemeente-year.

    ``areas`` is the canonical table of the gemeente-year (all levels); ``evidence`` the soft
    evidence of the gemeente (:func:`urgentie.analysis.evidence.combine`).
    """
    rows = areas[areas["niveau"] == level].reset_index(drop=True)
    codes = set(rows["code"])
    scores = compute_scores(rows, weights=weights) if len(rows) >= 3 else None
    hard = hard_voices(scores) if scores is not None else _no_voices()
    rolled = with_parents(evidence) if len(evidence) else evidence
    mine = rolled[rolled["area_code"].isin(codes)] if len(rolled) else rolled
    soft = soft_urgency(mine)
    voices = (
        pd.concat([df for df in (soft, hard) if len(df)], ignore_index=True)
        if (len(soft) or len(hard))
        else _no_voices()
    )
    table = alignment(voices)
    over_time, trend = _over_time(mine, hard)
    return SharedUrgency(level, rows, scores, mine, voices, table, over_time, trend)


def _over_time(evidence: pd.DataFrame, hard: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Alignment per year; the figures are one year's and stay the same in every period.

    Years rather than half years: a voice needs MIN_N respondents in a period to count, and
    conversation rounds are rarely dense enough for that every six months.
    """
    if evidence.empty:
        return pd.DataFrame(), pd.DataFrame()
    dated = evidence.assign(period=period_of(evidence["date"], "jaar")).dropna(subset=["period"])
    if dated["period"].nunique() < 2:
        return pd.DataFrame(), pd.DataFrame()
    soft = soft_urgency(dated, by=("period",))
    periods = sorted(dated["period"].unique())
    hard_by_period = (
        pd.concat([hard.assign(period=p) for p in periods], ignore_index=True)
        if len(hard)
        else pd.DataFrame()
    )
    voices = pd.concat([df for df in (soft, hard_by_period) if len(df)], ignore_index=True)
    per_period = alignment(voices, by=["period"])
    return per_period, convergence(per_period)


def _no_voices() -> pd.DataFrame:
    return pd.DataFrame(columns=["area_code", "domain", "perspective", "urgency", "n"])
