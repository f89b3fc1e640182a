from __future__ import annotations

import math

import pandas as pd
import pytest

from urgentie.canonical import (
    CanonicalError,
    clean_code,
    gemeente_of,
    is_excluded,
    level_of,
    to_number,
    validate_codes,
    wijk_of,
)


@pytest.mark.parametrize(
    ("raw", "code", "level"),
    [
        ("GM0363    ", "GM0363", "gemeente"),
        (" WK036300 ", "WK036300", "wijk"),
        ("WK0363AA", "WK0363AA", "wijk"),
        ("BU0363AA01", "BU0363AA01", "buurt"),
        ("BU03080000", "BU03080000", "buurt"),
        ("NL00      ", "NL00", None),
        ("0344", "0344", None),
    ],
)
def test_codes_are_stripped_and_levelled(raw: str, code: str, level: str | None) -> None:
    assert clean_code(raw) == code
    assert level_of(clean_code(raw)) == level


def test_parents_come_from_slicing() -> None:
    assert gemeente_of("BU0363AA01") == "GM0363"
    assert wijk_of("BU0363AA01") == "WK0363AA"
    assert wijk_of("WK036300") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (".", math.nan),
        ("       .", math.nan),
        (None, math.nan),
        ("", math.nan),
        (-99995, math.nan),
        (-99997.0, math.nan),
        ("-99999999", math.nan),
        ("   196.4", 196.4),
        (0, 0.0),
        ("0", 0.0),
        (-5, -5.0),
    ],
)
def test_missing_becomes_nan_never_zero(value: object, expected: float) -> None:
    result = to_number(pd.Series([value], dtype="object")).iloc[0]
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("code", "name", "water", "excluded"),
    [
        ("WK036399", "Groot water", None, True),
        ("WK099899", "Buitenland", None, True),
        ("BU03639997", "Groot binnenwater", None, True),
        ("BU03080000", "Centrum", "JA", True),
        ("WK010699", "Buitengebied", None, False),
        ("BU03080000", "Centrum", "NEE", False),
    ],
)
def test_water_and_buitenland_are_excluded(
    code: str, name: str, water: str | None, excluded: bool
) -> None:
    assert is_excluded(code, name, water) is excluded


def test_duplicate_codes_are_an_error() -> None:
    with pytest.raises(CanonicalError, match="dubbel"):
        validate_codes(pd.Series(["GM0344", "WK034401", "GM0344"]), "test.xlsx")


def test_malformed_codes_are_an_error() -> None:
    with pytest.raises(CanonicalError, match="onbekende gebiedscode"):
        validate_codes(pd.Series(["GM0344", "Utrecht"]), "test.xlsx")


@pytest.mark.parametrize("water", [pd.NA, None, float("nan")])
def test_missing_water_flag_does_not_exclude(water: object) -> None:
    assert is_excluded("BU03080000", "Centrum", water) is False
