"""Honest trend charts: baseline, label precision and the change in words."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from urgentie import trends
from urgentie.views.charts import trend_lines


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("pct_65plus", [14.6, 15.4], ["14,6 %", "15,4 %"]),  # not "15 %" twice
        ("pct_65plus", [14.0, 16.0], ["14 %", "16 %"]),  # whole percents already differ
        ("pct_65plus", [15.0, 15.0], ["15 %", "15 %"]),  # equal stays equal
        ("inwoners", [8750.0, 8770.0], ["8750", "8770"]),
        ("afstand_huisarts", [1.01, 1.04, math.nan], ["1,01 km", "1,04 km", "geheim of onbekend"]),
    ],
)
def test_labels_are_as_precise_as_the_change_needs(key: str, values, expected) -> None:
    assert trends.labels(key, values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([8750.0, 8770.0], [0.0, 8770.0 * 1.25]),  # a count starts at zero
        ([14.6, 15.4], [0.0, 15.4 * 1.25]),
        ([0.0, 0.0], [0.0, 1.0]),
        ([-0.5, 0.7], None),  # values below zero: the axis fits them
        ([math.nan], None),
    ],
)
def test_counts_and_shares_start_at_zero(values, expected) -> None:
    assert trends.y_range(values) == (pytest.approx(expected) if expected else None)


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("inwoners", [8750.0, 8770.0], "+20 (+0,2 %) sinds 2022"),
        ("inwoners", [8770.0, 8750.0], "−20 (−0,2 %) sinds 2022"),
        ("pct_65plus", [14.6, 15.4], "+0,8 procentpunt sinds 2022"),
        ("pct_65plus", [15.0, 15.0], "gelijk sinds 2022"),
        ("afstand_huisarts", [math.nan, 1.2], ""),  # one known value: no change to tell
    ],
)
def test_the_change_is_written_out(key: str, values, expected) -> None:
    assert trends.change_text(key, values, [2022, 2024]) == expected


def test_the_wijkprofiel_trend_uses_all_three() -> None:
    table = pd.DataFrame(
        {
            "indicator": ["inwoners"],
            "label": ["Inwoners"],
            "unit": ["aantal"],
            "2022": [8750.0],
            "value": [8770.0],
        }
    )
    table = table.rename(columns={"2022": 2022})
    fig = trend_lines(table, 2024)
    assert fig is not None
    assert list(fig.data[0].text) == ["8750", "8770"]
    assert list(fig.layout.yaxis.range) == pytest.approx([0.0, 8770.0 * 1.25])
    assert "+20 (+0,2 %) sinds 2022" in fig.layout.annotations[0].text
