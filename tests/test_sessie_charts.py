"""The projector's bar charts: a rating of 1 is a bar, not the empty track of no answer."""

from __future__ import annotations

import math

import pandas as pd

from urgentie.domains import PERSPECTIVES
from urgentie.session.results import RESULT_COLUMNS
from urgentie.views import sessie_charts


def _results(means: dict[str, float]) -> pd.DataFrame:
    rows = []
    for perspective in PERSPECTIVES:
        mean = means.get(perspective, math.nan)
        n = 0 if math.isnan(mean) else 1
        rows.append(("wonen", perspective, mean, n, math.nan, 0, False))
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def _bar_ends(fig) -> dict[str, float]:
    """Per perspective where its bar ends (NaN: no bar)."""
    bar = next(t for t in fig.data if t.type == "bar")
    return {y: bar.base + x if x > 0 else math.nan for y, x in zip(bar.y, bar.x, strict=True)}


def test_a_rating_of_one_draws_a_bar_and_no_vote_draws_none():
    fig = sessie_charts.results_figure(_results({"beleid": 1.0, "bewoner": 4.0}), ["wonen"])
    ends = _bar_ends(fig)
    assert ends["Beleid"] == 1.0  # the bar ends at its value, and has a length
    assert ends["Bewoners"] == 4.0
    assert math.isnan(ends["Professionals"])  # nobody voted: nothing drawn
    low, _ = fig.layout.xaxis.range
    assert low < sessie_charts.BAR_FROM < 1  # the stub of a 1 is inside the visible range
