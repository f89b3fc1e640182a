"""Coverage is part of every score: minimum indicators per domain, minimum domains for the
composite, and the line that states it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from urgentie.analysis.scores import (
    best_covered_domain,
    composite_withheld,
    compute_scores,
    coverage_text,
)
from urgentie.canonical import BASE_COLUMNS
from urgentie.indicators import INDICATOR_KEYS

CODES = ["WK999901", "WK999902", "WK999903", "WK999904"]
# Two werk-en-inkomen indicators, one wonen indicator, two energie indicators.
FIGURES = {
    "pct_hh_laag_inkomen": [10, 20, 30, 40],
    "inkomen_per_inwoner": [30, 30, 40, 20],
    "pct_leegstand": [1, 1, 1, 5],
    "gasverbruik": [900, 1200, 1500, 1000],
    "elektriciteitsverbruik": [2000, 2600, 2400, 3100],
}


def areas(columns: dict[str, list[float]]) -> pd.DataFrame:
    frame = pd.DataFrame({"code": CODES, "naam": CODES, "niveau": "wijk"})
    for column in BASE_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.NA
    for key in INDICATOR_KEYS:
        frame[key] = np.array(columns.get(key, [np.nan] * len(CODES)), dtype="float64")
    return frame


# (min indicators, min domains, domains with a score, composite present, withheld)
CASES = [
    (1, 1, ["werk_inkomen", "wonen", "energietransitie"], True, False),
    (2, 1, ["werk_inkomen", "energietransitie"], True, False),
    (2, 2, ["werk_inkomen", "energietransitie"], True, False),
    (2, 3, ["werk_inkomen", "energietransitie"], False, True),
    (3, 1, [], False, True),
    (1, 3, ["werk_inkomen", "wonen", "energietransitie"], True, False),
    (1, 4, ["werk_inkomen", "wonen", "energietransitie"], False, True),
]


@pytest.mark.parametrize(("need", "need_domains", "scored", "composite", "withheld"), CASES)
def test_coverage_thresholds(need, need_domains, scored, composite, withheld) -> None:
    result = compute_scores(areas(FIGURES), minimum_indicators=need, minimum_domains=need_domains)
    has_score = [d for d in result.domain.columns if result.domain[d].notna().all()]
    assert has_score == scored
    assert bool(result.composite.notna().all()) is composite
    assert composite_withheld(result) is withheld
    assert (result.domain_count == len(scored)).all()


def test_one_area_below_the_minimum_is_insufficient_the_others_are_not() -> None:
    figures = dict(FIGURES)
    figures["inkomen_per_inwoner"] = [30, 30, 40, np.nan]  # the fourth has one werk figure left
    result = compute_scores(areas(figures), minimum_indicators=2, minimum_domains=2)
    assert result.domain["werk_inkomen"].notna().tolist() == [True, True, True, False]
    assert result.insufficient_domain("werk_inkomen").tolist() == [False, False, False, True]
    assert result.insufficient_composite().tolist() == [False, False, False, True]
    assert math.isnan(result.composite.iloc[3])


def test_settings_declare_the_minimums(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("URGENTIE_MIN_INDICATOREN_DOMEIN", "2")
    monkeypatch.setenv("URGENTIE_MIN_DOMEINEN_SAMENGESTELD", "3")
    result = compute_scores(areas(FIGURES))
    assert (result.min_indicators, result.min_domains) == (2, 3)
    assert composite_withheld(result)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ((2022, 2024), "2 van 9 domeinen, cijfers 2022–2024"),
        ((2024, 2024), "2 van 9 domeinen, cijfers 2024"),
        (None, "2 van 9 domeinen"),
    ],
)
def test_coverage_text(span, expected) -> None:
    result = compute_scores(areas(FIGURES), minimum_indicators=2, minimum_domains=1)
    assert coverage_text(result, span) == expected


def test_best_covered_domain_is_the_one_most_areas_have() -> None:
    figures = dict(FIGURES)
    figures["gasverbruik"] = [900, 1200, np.nan, np.nan]
    result = compute_scores(areas(figures), minimum_indicators=2, minimum_domains=1)
    assert best_covered_domain(result) == "werk_inkomen"
    empty = compute_scores(areas({}), minimum_indicators=2, minimum_domains=1)
    assert best_covered_domain(empty) is None


def test_explain_says_a_domain_has_too_few_figures() -> None:
    from urgentie.analysis.scores import explain

    result = compute_scores(areas(FIGURES), minimum_indicators=2, minimum_domains=1)
    rows = explain(result, areas(FIGURES), "WK999901", None).set_index("indicator")
    assert rows.loc["wonen", "opmerking"] == "onvoldoende cijfers (1 indicator(en), minimaal 2)"
    assert rows.loc["werk_inkomen", "opmerking"] == ""
