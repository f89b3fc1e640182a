"""The one Dutch number format: every page writes the same value the same way."""

from __future__ import annotations

import pytest

from urgentie.canonical import MISSING_LABEL
from urgentie.numbers import format_number, format_threshold, format_value, unit_suffix


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.25, 1, "2,3"),  # half away from zero on the written number, not round-half-even
        (25.25, 1, "25,3"),
        (4.25, 1, "4,3"),  # the mean of four votes
        (12.36, 1, "12,4"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (18, 1, "18,0"),
        (1234.5, 1, "1234,5"),  # four digits stay together
        (9999.96, 1, "10.000,0"),  # grouped once rounding reaches 10.000
        (12345, 0, "12.345"),
        (1234567.891, 2, "1.234.567,89"),
        (-12345.6, 1, "-12.345,6"),
        (-0.04, 1, "0,0"),  # never "-0,0"
        (-2.5, 1, "-2,5"),
        (3, 0, "3"),
        (float("nan"), 1, MISSING_LABEL),
        (None, 1, MISSING_LABEL),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_missing_can_have_another_word():
    assert format_number(float("nan"), 1, missing="–") == "–"
    assert format_value(None, "%", 1, missing="–") == "–"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3.0, "3"), (1.5, "1,5"), (2.25, "2,25"), (0.0, "0"), (0.75, "0,75"), (20.0, "20")],
)
def test_format_threshold_writes_no_trailing_zeros(value, expected):
    assert format_threshold(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (12.46, "%", 1, "12,5 %"),
        (12.345, "%", 1, "12,3 %"),
        (8240.0, "aantal", 0, "8240"),
        (1234567.0, "aantal", 0, "1.234.567"),
        (1.25, "km", 1, "1,3 km"),
        (2.26, "km", 1, "2,3 km"),
        (412.0, "× 1 000 euro", 1, "€ 412.000"),
        (31.25, "× 1 000 euro", 1, "€ 31.250"),
        (3.0, "code 1 (zeer sterk) – 5 (niet)", 0, "3"),
        (0.5, "z-score", 2, "+0,50"),
        (-1.234, "z-score", 2, "-1,23"),
        (0.001, "z-score", 2, "0,00"),  # no sign on what reads as zero
        (1.0, "domeinen", 0, "1 domein"),
        (3.0, "domeinen", 0, "3 domeinen"),
        (4.0, "per 1 000 inwoners", 1, "4,0 per 1 000 inwoners"),
        (7.0, "", 0, "7"),
        (float("nan"), "%", 1, MISSING_LABEL),
    ],
)
def test_format_value(value, unit, decimals, expected):
    assert format_value(value, unit, decimals) == expected


@pytest.mark.parametrize(
    ("unit", "suffix"),
    [("%", "%"), (" km ", "km"), ("aantal", ""), ("Aantal", ""), ("code 1 – 5", ""), ("", "")],
)
def test_unit_suffix(unit, suffix):
    assert unit_suffix(unit) == suffix


def test_readable_numbers_writes_decimals_and_keeps_counts_and_the_original():
    import pandas as pd

    from urgentie.numbers import readable_numbers

    frame = pd.DataFrame(
        {
            "Gebied": ["Noord", "Zuid"],
            "Gemiddelde urgentie (1-5)": [4.25, float("nan")],
            "Stemmen die meetellen": pd.array([3, 0], dtype="Int64"),
        }
    )
    shown = readable_numbers(frame)
    assert shown["Gemiddelde urgentie (1-5)"].tolist() == ["4,3", "–"]
    assert shown["Stemmen die meetellen"].tolist() == [3, 0]  # counts stay numbers
    assert shown["Gebied"].tolist() == ["Noord", "Zuid"]
    assert frame["Gemiddelde urgentie (1-5)"].iloc[0] == 4.25  # the export keeps numbers
