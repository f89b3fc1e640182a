"""The figures as the fourth voice: domain scores on the same 1–5 scale as the stories."""

from __future__ import annotations

import pandas as pd

from urgentie.analysis.scores import ScoreResult, hard_urgency
from urgentie.domains import CIJFERS
from urgentie.indicators import scored_indicators


def hard_voices(result: ScoreResult) -> pd.DataFrame:
    """One ``cijfers`` voice per area and domain with a score.

    ``urgency`` is :func:`urgentie.analysis.scores.hard_urgency` of the domain score; ``n`` is the
    number of the domain's indicators that gave the area a z-score, so an alignment can say how
    much the figures rest on.
    """
    rows = []
    usable = result.indicator_z
    for domain in result.domain.columns:
        keys = [i.key for i in scored_indicators(domain) if i.key in usable.columns]
        counts = usable[keys].notna().sum(axis=1) if keys else pd.Series(0, index=usable.index)
        scores = result.domain[domain]
        urgency = hard_urgency(scores)
        for code in result.domain.index:
            if pd.isna(scores.get(code)):
                continue
            rows.append(
                {
                    "area_code": code,
                    "domain": domain,
                    "perspective": CIJFERS,
                    "urgency": float(urgency[code]),
                    "n": int(counts.get(code, 0)),
                    "score": float(scores[code]),
                }
            )
    return pd.DataFrame(
        rows, columns=["area_code", "domain", "perspective", "urgency", "n", "score"]
    )
