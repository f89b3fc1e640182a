"""Map classes: the three methods, awkward inputs and Dutch legend labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from urgentie.analysis.classify import (
    FISHER_JENKS_MAX_N,
    METHODS,
    MISSING_CLASS,
    classify,
    legend_labels,
    method_phrase,
    worse_is_high,
)
from urgentie.errors import UserError


def test_methods_have_dutch_labels_as_in_the_method_doc():
    assert list(METHODS) == ["quantiles", "natural_breaks", "equal_interval"]
    # docs/methode.md names the methods so; the map's note uses the label inside a sentence.
    assert METHODS["quantiles"].startswith("Kwantielen")
    assert "Fisher-Jenks" in METHODS["natural_breaks"]
    assert method_phrase("natural_breaks") == "natuurlijke grenzen (Fisher-Jenks)"
    assert method_phrase("onbekend") == "onbekend"


def test_quantiles_split_in_equal_counts():
    # The 20th percentile of 1..10 with linear interpolation is 1 + 0.2 * 9 = 2.8, etc.
    result = classify(pd.Series(range(1, 11), dtype=float), "quantiles", 5, unit="%")
    assert result.bins == pytest.approx([2.8, 4.6, 6.4, 8.2, 10.0])
    assert result.counts == [2, 2, 2, 2, 2]
    assert result.labels == [
        "1,0 – 2,8 %",
        "2,8 – 4,6 %",
        "4,6 – 6,4 %",
        "6,4 – 8,2 %",
        "8,2 – 10,0 %",
    ]
    assert result.class_of.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_equal_intervals():
    result = classify(pd.Series(range(11), dtype=float), "equal_interval", 5, decimals=0)
    assert result.bins == pytest.approx([2, 4, 6, 8, 10])
    # Upper bounds are inclusive: 0, 1, 2 | 3, 4 | 5, 6 | 7, 8 | 9, 10.
    assert result.counts == [3, 2, 2, 2, 2]
    assert result.labels == ["0 – 2", "2 – 4", "4 – 6", "6 – 8", "8 – 10"]


def test_natural_breaks_find_the_gaps():
    values = pd.Series([1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1, 9.2])
    result = classify(values, "natural_breaks", 3)
    assert result.bins == pytest.approx([1.2, 5.2, 9.2])
    assert result.counts == [3, 3, 3]


def test_natural_breaks_on_many_values_are_repeatable_and_leave_numpy_alone():
    groups = [np.linspace(0, 1, 300), np.linspace(10, 11, 300), np.linspace(20, 21, 300)]
    values = pd.Series(np.concatenate(groups))
    assert len(values) > FISHER_JENKS_MAX_N
    np.random.seed(7)
    expected_next = np.random.random()
    np.random.seed(7)
    first = classify(values, "natural_breaks", 3)
    assert np.random.random() == expected_next  # the global generator is untouched
    second = classify(values, "natural_breaks", 3)
    assert first.bins == pytest.approx([1.0, 11.0, 21.0])
    assert first.bins == second.bins
    assert first.counts == [300, 300, 300]


def test_quantiles_with_many_ties_merge_classes():
    values = pd.Series([0.0] * 50 + list(range(1, 11)), dtype=float)
    result = classify(values, "quantiles", 5, decimals=0)
    assert result.bins == sorted(set(result.bins))  # strictly increasing, no empty duplicates
    assert result.k < 5
    assert result.counts[0] == 50
    assert result.labels[0] == "0"
    assert sum(result.counts) == 60


@pytest.mark.parametrize("method", list(METHODS))
def test_missing_values_get_class_minus_one(method):
    values = pd.Series([1.0, np.nan, 3.0, 4.0, np.inf, 6.0, 7.0], index=list("abcdefg"))
    result = classify(values, method, 3)
    assert result.class_of["b"] == MISSING_CLASS
    assert result.class_of["e"] == MISSING_CLASS
    assert result.class_of.index.tolist() == list("abcdefg")
    assert sum(result.counts) == 5
    assert result.class_of["a"] == 0
    assert result.class_of["g"] == result.k - 1


@pytest.mark.parametrize("method", list(METHODS))
def test_fewer_distinct_values_than_classes(method):
    values = pd.Series([1.0, 1.0, 2.0, 2.0, 3.0])
    result = classify(values, method, 5, unit="%", decimals=0)
    assert result.k == 3
    assert result.bins == [1.0, 2.0, 3.0]
    assert result.labels == ["1 %", "2 %", "3 %"]
    assert result.counts == [2, 2, 1]
    assert result.class_of.tolist() == [0, 0, 1, 1, 2]


@pytest.mark.parametrize("method", list(METHODS))
def test_a_single_value(method):
    result = classify(pd.Series([7.0, 7.0, np.nan]), method, 5, unit="%")
    assert result.bins == [7.0]
    assert result.labels == ["7,0 %"]
    assert result.counts == [2]
    assert result.class_of.tolist() == [0, 0, MISSING_CLASS]


@pytest.mark.parametrize("method", list(METHODS))
def test_all_missing(method):
    result = classify(pd.Series([np.nan, np.nan]), method, 5)
    assert result.bins == []
    assert result.labels == []
    assert result.counts == []
    assert result.class_of.tolist() == [MISSING_CLASS, MISSING_CLASS]


def test_unknown_method_and_bad_k():
    with pytest.raises(UserError, match="Onbekende indeling"):
        classify(pd.Series([1.0, 2.0]), "jenks", 5)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="minstens 1"):
        classify(pd.Series([1.0, 2.0]), "quantiles", 0)


def test_legend_labels():
    assert legend_labels([18.0, 25.25], 12.5, unit="%", decimals=1) == [
        "12,5 – 18,0 %",
        "18,0 – 25,3 %",
    ]
    # A class whose ends look alike after rounding shows one number.
    assert legend_labels([1.02], 1.0, unit="km", decimals=1) == ["1,0 km"]
    # "aantal" and code descriptions are no unit of measure.
    assert legend_labels([20000.0], 100.0, unit="aantal", decimals=0) == ["100 – 20.000"]
    assert legend_labels([3.0], 1.0, unit="code 1 (zeer sterk) – 5 (niet)", decimals=0) == ["1 – 3"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("pct_hh_laag_inkomen", True),
        ("inkomen_per_inwoner", False),
        ("woz_waarde", False),
        ("inwoners", True),  # neutral: darker = more, no judgement
        ("composite", True),
        ("wonen", True),
        ("stapeling", True),
    ],
)
def test_worse_is_high(key, expected):
    assert worse_is_high(key) is expected
