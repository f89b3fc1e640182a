"""Scores against cases computed by hand: z-scores, direction, domains, weights, stapeling."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from urgentie.analysis.scores import (
    EXPLAIN_COLUMNS,
    REASON_NO_DATA,
    REASON_NO_SPREAD,
    REASON_TOO_FEW,
    compute_scores,
    equal_weights,
    explain,
    hard_urgency,
    reference_stats,
)
from urgentie.canonical import BASE_COLUMNS, MISSING_LABEL
from urgentie.errors import UserError
from urgentie.indicators import INDICATOR_KEYS, scored_indicators

CODES = ["WK999901", "WK999902", "WK999903", "WK999904"]


@pytest.fixture(autouse=True)
def one_figure_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """These hand computations test the arithmetic with one indicator per domain; the coverage
    thresholds have their own tests (``test_coverage.py``)."""
    monkeypatch.setenv("URGENTIE_MIN_INDICATOREN_DOMEIN", "1")
    monkeypatch.setenv("URGENTIE_MIN_DOMEINEN_SAMENGESTELD", "1")


def areas(columns: dict[str, list[float]], codes: list[str] = CODES) -> pd.DataFrame:
    """A canonical wijk table: every indicator column present, NaN unless given."""
    frame = pd.DataFrame({"code": codes, "naam": codes, "niveau": "wijk"})
    for column in BASE_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.NA
    for key in INDICATOR_KEYS:
        frame[key] = np.array(columns.get(key, [np.nan] * len(codes)), dtype="float64")
    return frame


# Hand computation for the 4-area table below (population standard deviation, ddof=0):
#   pct_hh_laag_inkomen (more is worse) 10, 20, 30, 40: mean 25, std sqrt(125)
#   inkomen_per_inwoner (more is better) 30, 30, 40, 20: mean 30, std sqrt(50)
#   pct_leegstand       (more is worse)  1, 1, 1, 5:    mean 2,  std sqrt(3)
S125, S50, S3 = math.sqrt(125), math.sqrt(50), math.sqrt(3)
LAAG = [(10 - 25) / S125, (20 - 25) / S125, (30 - 25) / S125, (40 - 25) / S125]
INKOMEN_RAW = [0.0, 0.0, 10 / S50, -10 / S50]
INKOMEN_ADJ = [-z for z in INKOMEN_RAW]
WERK = [(a + b) / 2 for a, b in zip(LAAG, INKOMEN_ADJ, strict=True)]
WONEN = [-1 / S3, -1 / S3, -1 / S3, 3 / S3]


@pytest.fixture
def four() -> pd.DataFrame:
    return areas(
        {
            "pct_hh_laag_inkomen": [10, 20, 30, 40],
            "inkomen_per_inwoner": [30, 30, 40, 20],
            "pct_leegstand": [1, 1, 1, 5],
            "pct_koopwoningen": [10, 90, 50, 20],  # neutral: never scored
            "inwoners": [100, 200, 300, 400],  # context: never scored
        }
    )


def test_reference_stats_are_unweighted_population_statistics(four):
    ref = reference_stats(four)
    assert ref.loc["pct_hh_laag_inkomen", "mean"] == pytest.approx(25)
    assert ref.loc["pct_hh_laag_inkomen", "std"] == pytest.approx(S125)
    assert ref.loc["pct_hh_laag_inkomen", "n"] == 4
    # Not weighted by inwoners (that would give 30).
    assert ref.loc["pct_hh_laag_inkomen", "mean"] != pytest.approx(30)
    assert ref.loc["woz_waarde", "n"] == 0


def test_reference_stats_of_one_level_from_a_mixed_table(four):
    gemeente = areas({"pct_hh_laag_inkomen": [99.0]}, ["GM9999"])
    gemeente["niveau"] = "gemeente"
    mixed = pd.concat([gemeente, four], ignore_index=True)
    with pytest.raises(UserError, match="één niveau"):
        reference_stats(mixed)
    ref = reference_stats(mixed, niveau="wijk")
    assert ref.loc["pct_hh_laag_inkomen", "mean"] == pytest.approx(25)


def test_z_scores_and_direction(four):
    result = compute_scores(four)
    assert list(result.indicator_z.index) == CODES
    assert result.indicator_z["pct_hh_laag_inkomen"].tolist() == pytest.approx(LAAG)
    assert result.raw_z["inkomen_per_inwoner"].tolist() == pytest.approx(INKOMEN_RAW)
    # More income is better, so the adjusted score flips the sign: positive = worse.
    assert result.indicator_z["inkomen_per_inwoner"].tolist() == pytest.approx(INKOMEN_ADJ)
    assert "pct_koopwoningen" not in result.indicator_z.columns
    assert "inwoners" not in result.indicator_z.columns


def test_domain_is_the_mean_of_its_indicators(four):
    result = compute_scores(four)
    assert list(result.domain.columns) == ["werk_inkomen", "wonen"]
    assert result.domain["werk_inkomen"].tolist() == pytest.approx(WERK)
    assert result.domain["wonen"].tolist() == pytest.approx(WONEN)


def test_composite_equal_changed_and_reset_weights(four):
    equal = compute_scores(four)
    expected = [(a + b) / 2 for a, b in zip(WERK, WONEN, strict=True)]
    assert equal.composite.tolist() == pytest.approx(expected)

    wonen_heavy = compute_scores(four, weights={"wonen": 3})
    assert wonen_heavy.weights["wonen"] == 3
    assert wonen_heavy.weights["werk_inkomen"] == 1
    expected = [(a * 1 + b * 3) / 4 for a, b in zip(WERK, WONEN, strict=True)]
    assert wonen_heavy.composite.tolist() == pytest.approx(expected)

    only_work = compute_scores(four, weights={"wonen": 0})
    assert only_work.composite.tolist() == pytest.approx(WERK)

    reset = compute_scores(four, weights=equal_weights())
    assert reset.composite.tolist() == pytest.approx(equal.composite.tolist())


def test_composite_renormalises_over_domains_with_a_score():
    frame = areas(
        {
            "pct_hh_laag_inkomen": [10, 20, 30, 40],
            "pct_leegstand": [1, 3, 5, np.nan],
        }
    )
    result = compute_scores(frame, weights={"wonen": 3})
    assert math.isnan(result.domain.loc["WK999904", "wonen"])
    # The last area has only werk en inkomen: its composite is that score, not diluted by 0.
    assert result.composite["WK999904"] == pytest.approx(LAAG[3])
    leeg = (1 - 3) / math.sqrt(8 / 3)
    assert result.composite["WK999901"] == pytest.approx((LAAG[0] + 3 * leeg) / 4)


def test_stapeling_counts_domains_in_the_worst_fifth(four):
    # Area 4 is worst in both domains; with four areas the worst fifth is one area.
    assert compute_scores(four).stapeling.tolist() == [0, 0, 0, 2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (list(range(1, 11)), [0] * 8 + [1, 1]),  # ten areas: the worst two
        ([5, 5, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1] + [0] * 8),  # a tie for worst: both count
        ([1, 2, 3, 4, 5], [0, 0, 0, 0, 1]),  # five areas: one
    ],
)
def test_stapeling_worst_fifth(values, expected):
    codes = [f"WK9999{i:02d}" for i in range(len(values))]
    result = compute_scores(areas({"pct_leegstand": values}, codes))
    assert result.stapeling.tolist() == expected


def test_indicator_without_spread_or_values_contributes_nothing():
    frame = areas(
        {
            "pct_hh_laag_inkomen": [10, 20, 30, 40],
            "pct_eenzaam": [3, 3, 3, 3],  # no spread
            "pct_mist_steun": [1, np.nan, np.nan, 2],  # only two values
        }
    )
    result = compute_scores(frame)
    assert "pct_eenzaam" not in result.indicator_z.columns
    assert "pct_mist_steun" not in result.indicator_z.columns
    assert "sociaal_functioneren" not in result.domain.columns
    assert result.excluded["pct_eenzaam"] == REASON_NO_SPREAD
    assert result.excluded["pct_mist_steun"] == REASON_TOO_FEW
    assert result.excluded["woz_waarde"] == REASON_NO_DATA
    assert result.composite.tolist() == pytest.approx(LAAG)

    rows = explain(result, frame, "WK999901", "sociaal_functioneren").set_index("indicator")
    assert rows.loc["pct_eenzaam", "weight"] == 0
    assert rows.loc["pct_eenzaam", "opmerking"] == REASON_NO_SPREAD
    assert rows.loc["pct_eenzaam", "value"] == 3
    assert rows.loc["pct_mist_steun", "opmerking"] == REASON_TOO_FEW


def test_against_a_national_reference(four):
    national = pd.DataFrame(
        {"mean": [20.0], "std": [10.0], "n": [3000]}, index=["pct_hh_laag_inkomen"]
    )
    result = compute_scores(four, reference=national)
    assert result.indicator_z["pct_hh_laag_inkomen"].tolist() == pytest.approx([-1, 0, 1, 2])
    # Indicators the national reference lacks cannot be compared.
    assert "inkomen_per_inwoner" not in result.indicator_z.columns
    assert result.reference is national


def test_explain_a_domain_adds_up_to_its_score(four):
    result = compute_scores(four)
    rows = explain(result, four, "WK999904", "werk_inkomen")
    assert tuple(rows.columns) == EXPLAIN_COLUMNS
    assert set(rows["indicator"]) == {i.key for i in scored_indicators("werk_inkomen")}
    used = rows[rows["weight"] > 0].set_index("indicator")
    assert list(used.index) == ["inkomen_per_inwoner", "pct_hh_laag_inkomen"]
    assert used["weight"].tolist() == [0.5, 0.5]
    assert used.loc["inkomen_per_inwoner", "value"] == 20
    assert used.loc["inkomen_per_inwoner", "reference_mean"] == 30
    assert used.loc["inkomen_per_inwoner", "z"] == pytest.approx(INKOMEN_RAW[3])
    assert used.loc["inkomen_per_inwoner", "z_adjusted"] == pytest.approx(INKOMEN_ADJ[3])
    assert used.loc["inkomen_per_inwoner", "direction"] == "hoger_beter"
    total = (rows["weight"] * rows["z_adjusted"].fillna(0)).sum()
    assert total == pytest.approx(result.domain.loc["WK999904", "werk_inkomen"])
    assert rows["weight"].sum() == pytest.approx(1)


def test_explain_marks_a_missing_value(four):
    frame = four.copy()
    frame.loc[0, "inkomen_per_inwoner"] = np.nan
    result = compute_scores(frame)
    rows = explain(result, frame, "WK999901", "werk_inkomen").set_index("indicator")
    assert rows.loc["inkomen_per_inwoner", "opmerking"] == MISSING_LABEL
    assert rows.loc["inkomen_per_inwoner", "weight"] == 0
    assert rows.loc["pct_hh_laag_inkomen", "weight"] == 1


def test_explain_the_composite_with_weights(four):
    result = compute_scores(four, weights={"wonen": 3})
    rows = explain(result, four, "WK999902").set_index("indicator")
    assert rows.loc["werk_inkomen", "weight"] == pytest.approx(0.25)
    assert rows.loc["wonen", "weight"] == pytest.approx(0.75)
    assert rows.loc["scholing", "weight"] == 0
    assert rows.loc["scholing", "opmerking"] != ""
    total = (rows["weight"] * rows["value"].fillna(0)).sum()
    assert total == pytest.approx(result.composite["WK999902"])


def test_equal_weights_cover_domains_with_scored_indicators():
    weights = equal_weights()
    assert set(weights) == {i.domain for i in scored_indicators()}
    assert "veiligheid" in weights  # police figures since issue 10
    assert set(weights.values()) == {1.0}


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ({"wonen": -1}, "0 of groter"),
        ({"onbekend": 1}, "Onbekend domein"),
        ({"wonen": "x"}, "0 of groter"),
        ({"wonen": float("inf")}, "0 of groter"),
    ],
)
def test_bad_weights_are_a_user_error(four, weights, fragment):
    with pytest.raises(UserError, match=fragment):
        compute_scores(four, weights=weights)


def test_mixed_levels_and_duplicate_codes_are_refused(four):
    mixed = four.copy()
    mixed.loc[0, "niveau"] = "buurt"
    with pytest.raises(UserError, match="één niveau"):
        compute_scores(mixed)
    dupes = four.copy()
    dupes.loc[1, "code"] = dupes.loc[0, "code"]
    with pytest.raises(UserError, match="dubbel"):
        compute_scores(dupes)


def test_explain_unknown_area(four):
    with pytest.raises(UserError, match="WK000000"):
        explain(compute_scores(four), four, "WK000000")


@pytest.mark.parametrize(
    ("score", "urgency"),
    [
        (-2.0, 1),
        (-1.0, 1),
        (-0.99, 2),
        (-0.25, 2),
        (-0.24, 3),
        (0.0, 3),
        (0.24, 3),
        (0.25, 4),
        (0.99, 4),
        (1.0, 5),
        (3.5, 5),
    ],
)
def test_hard_urgency_thresholds(score, urgency):
    assert hard_urgency(score) == urgency


def test_hard_urgency_series_keeps_missing():
    scores = pd.Series([-1.5, np.nan, 0.5], index=["a", "b", "c"])
    result = hard_urgency(scores)
    assert result.index.tolist() == ["a", "b", "c"]
    assert result["a"] == 1
    assert math.isnan(result["b"])
    assert result["c"] == 4
    assert math.isnan(hard_urgency(float("nan")))


def test_an_area_without_any_domain_score_has_no_stapeling_not_zero() -> None:
    import numpy as np
    import pandas as pd

    from urgentie.analysis.scores import compute_scores
    from urgentie.indicators import INDICATOR_KEYS

    rows = []
    for i, value in enumerate([10.0, 20.0, 30.0, 40.0, np.nan]):
        row = dict.fromkeys(INDICATOR_KEYS, np.nan)
        row.update(code=f"WK99990{i}", naam=f"W{i}", niveau="wijk", pct_hh_laag_inkomen=value)
        rows.append(row)
    result = compute_scores(pd.DataFrame(rows))
    assert pd.isna(result.stapeling["WK999904"])  # no figures at all: missing
    assert result.stapeling["WK999903"] == 1  # the worst fifth of werk en inkomen
    assert result.stapeling["WK999900"] == 0
