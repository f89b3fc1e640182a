"""The wijkprofiel: words, gemeente and national averages, trend and boundary changes."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from urgentie.analysis.profile import (
    PROFILE_COLUMNS,
    TOLERANCE,
    boundary_changed,
    compare_in_words,
    concerns,
    profile_table,
    strengths,
    trend_in_words,
)
from urgentie.analysis.reference import aggregation
from urgentie.canonical import BASE_COLUMNS
from urgentie.errors import UserError
from urgentie.indicators import INDICATOR_KEYS

GM = "GM9999"
WIJKEN = ["WK999901", "WK999902", "WK999903", "WK999904"]


def box(i: int, shift: float = 0.0) -> shapely.Polygon:
    x = 5.0 + i * 0.01 + shift
    return shapely.box(x, 52.0, x + 0.01, 52.01)


def table(rows: list[dict], jaar: int) -> gpd.GeoDataFrame:
    """A canonical table: every base and indicator column, NaN unless given."""
    records = []
    for row in rows:
        code = row["code"]
        niveau = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]
        record = dict.fromkeys(BASE_COLUMNS, pd.NA)
        record.update(dict.fromkeys(INDICATOR_KEYS, np.nan))
        record.update(
            {
                "code": code,
                "naam": code,
                "niveau": niveau,
                "gemeente_code": "GM" + code[2:6],
                "wijk_code": "WK" + code[2:8] if niveau == "buurt" else pd.NA,
                "jaar": jaar,
                "geometry": row.get("geometry"),
            }
        )
        record.update({k: v for k, v in row.items() if k not in {"code", "geometry"}})
        records.append(record)
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def wijken(jaar: int, **overrides: list) -> list[dict]:
    base = {
        "inwoners": [100, 300, 100, 500],
        "huishoudens": [50, 150, 50, 250],
        "pct_hh_laag_inkomen": [10, 20, 30, 40],
        "pct_gescheiden": [4, 8, 6, 2],
        "vermogen_mediaan": [10, 20, 30, 40],
        "pct_leegstand": [9, 2, 3, 2],
    }
    base.update(overrides)
    return [
        {"code": code, "geometry": box(i), **{k: v[i] for k, v in base.items()}}
        for i, code in enumerate(WIJKEN)
    ]


# --- words ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "reference", "direction", "judged", "expected"),
    [
        (110, 100, "neutraal", False, "meer dan gemiddeld in de gemeente"),
        (104, 100, "neutraal", False, "ongeveer gemiddeld in de gemeente"),
        (105, 100, "neutraal", False, "ongeveer gemiddeld in de gemeente"),  # edge: 5 % in
        (94, 100, "neutraal", False, "minder dan gemiddeld in de gemeente"),
        (110, 100, "hoger_slechter", False, "meer dan gemiddeld in de gemeente"),
        (110, 100, "hoger_slechter", True, "slechter dan gemiddeld in de gemeente"),
        (110, 100, "hoger_beter", True, "beter dan gemiddeld in de gemeente"),
        (90, 100, "hoger_slechter", True, "beter dan gemiddeld in de gemeente"),
        (90, 100, "hoger_beter", True, "slechter dan gemiddeld in de gemeente"),
        (101, 100, "hoger_beter", True, "ongeveer gemiddeld in de gemeente"),
        (110, 100, "neutraal", True, "meer dan gemiddeld in de gemeente"),
        (0, 0, "neutraal", False, "ongeveer gemiddeld in de gemeente"),
        (1, 0, "neutraal", False, "meer dan gemiddeld in de gemeente"),
        (-10, -5, "neutraal", False, "minder dan gemiddeld in de gemeente"),
        (np.nan, 100, "neutraal", False, "geheim of onbekend"),
        (5, np.nan, "neutraal", False, "geen vergelijking mogelijk"),
    ],
)
def test_compare_in_words(value, reference, direction, judged, expected):
    assert compare_in_words(value, reference, direction, judged=judged) == expected


def test_compare_in_words_elsewhere_and_tolerance():
    assert TOLERANCE == 0.05
    assert compare_in_words(3, 2, where="in Nederland") == "meer dan gemiddeld in Nederland"
    assert compare_in_words(104, 100, tolerance=0.01).startswith("meer")


@pytest.mark.parametrize(
    ("earlier", "now", "direction", "expected"),
    [
        (20, 24, "hoger_slechter", "slechter geworden sinds 2022"),
        (20, 24, "hoger_beter", "beter geworden sinds 2022"),
        (20, 16, "hoger_slechter", "beter geworden sinds 2022"),
        (20, 24, "neutraal", "gestegen sinds 2022"),
        (20, 16, "neutraal", "gedaald sinds 2022"),
        (20, 20.5, "hoger_slechter", "ongeveer gelijk gebleven sinds 2022"),
        (np.nan, 20, "neutraal", ""),
    ],
)
def test_trend_in_words(earlier, now, direction, expected):
    assert trend_in_words(earlier, now, direction, 2022) == expected


def test_every_indicator_has_a_declared_aggregation():
    assert {aggregation(k) for k in INDICATOR_KEYS} <= {
        "som",
        "categorie",
        "gebieden",
        "inwoners",
        "huishoudens",
    }


# --- the profile ---------------------------------------------------------------------------------
def test_gemeente_average_is_weighted_when_there_is_no_gemeente_row():
    profile = profile_table(WIJKEN[0], {2024: table(wijken(2024), 2024)}, None)
    rows = profile.set_index("indicator")
    # Persons: weighted by inwoners (4·100 + 8·300 + 6·100 + 2·500) / 1000 = 4.4.
    assert rows.loc["pct_gescheiden", "gemeente"] == pytest.approx(4.4)
    assert "inwoners" in rows.loc["pct_gescheiden", "gemeente_bron"]
    # Households: weighted by huishoudens (10·50 + 20·150 + 30·50 + 40·250) / 500 = 30.
    assert rows.loc["pct_hh_laag_inkomen", "gemeente"] == pytest.approx(30)
    # A median cannot be weighted: plain mean of the wijken.
    assert rows.loc["vermogen_mediaan", "gemeente"] == pytest.approx(25)
    # Counts are summed, never averaged, and never compared in words.
    assert rows.loc["inwoners", "gemeente"] == pytest.approx(1000)
    assert rows.loc["inwoners", "gemeente_bron"] == "som van de wijken"
    assert rows.loc["inwoners", "verschil"] == ""
    assert math.isnan(rows.loc["woz_waarde", "gemeente"])


def test_gemeente_row_wins():
    rows_2024 = [
        {"code": GM, "inwoners": 1000, "pct_hh_laag_inkomen": 15.0},
        *wijken(2024),
    ]
    rows = profile_table(WIJKEN[0], {2024: table(rows_2024, 2024)}, None).set_index("indicator")
    assert rows.loc["pct_hh_laag_inkomen", "gemeente"] == 15
    assert rows.loc["pct_hh_laag_inkomen", "gemeente_bron"] == "gemeente (CBS)"
    assert rows.loc["inwoners", "gemeente"] == pytest.approx(1000)  # the CBS total
    assert rows.loc["pct_gescheiden", "gemeente"] == pytest.approx(4.4)  # fallback per column


def test_comparisons_scores_strengths_and_concerns():
    profile = profile_table(WIJKEN[0], {2024: table(wijken(2024), 2024)}, None)
    rows = profile.set_index("indicator")
    assert tuple(profile.columns[: len(PROFILE_COLUMNS)]) == PROFILE_COLUMNS
    assert rows.loc["pct_hh_laag_inkomen", "verschil"] == "beter dan gemiddeld in de gemeente"
    assert rows.loc["pct_leegstand", "verschil"] == "slechter dan gemiddeld in de gemeente"
    assert rows.loc["inwoners", "verschil"] == ""  # a count is no "less than average"
    # z among the four wijken: (10 - 25) / sqrt(125).
    assert rows.loc["pct_hh_laag_inkomen", "z_adjusted"] == pytest.approx(-15 / math.sqrt(125))
    assert math.isnan(rows.loc["inwoners", "z_adjusted"])  # context is never scored

    good = strengths(profile)
    assert "pct_hh_laag_inkomen" in set(good["indicator"])
    assert (good["z_adjusted"] <= -0.5).all()
    bad = concerns(profile)
    assert bad["indicator"].iloc[0] == "pct_leegstand"
    assert "pct_hh_laag_inkomen" not in set(bad["indicator"])


def test_small_difference_is_no_strength_even_with_a_large_z():
    # Values that hardly differ: z is large because the spread is tiny, but the words say
    # "ongeveer gemiddeld", so it is neither a strength nor a concern.
    rows = wijken(2024, pct_eenzaam=[5.0, 5.1, 5.1, 5.1])
    profile = profile_table(WIJKEN[0], {2024: table(rows, 2024)}, None)
    assert profile.set_index("indicator").loc["pct_eenzaam", "z_adjusted"] < -1
    assert "pct_eenzaam" not in set(strengths(profile)["indicator"])


def test_national_value_from_the_land_row_or_national_areas():
    current = table(wijken(2024), 2024)
    land = table([{"code": GM}], 2024)
    land.loc[0, ["code", "niveau", "pct_hh_laag_inkomen"]] = ["NL00", "land", 22.0]
    rows = profile_table(WIJKEN[0], {2024: current}, land).set_index("indicator")
    assert rows.loc["pct_hh_laag_inkomen", "nederland"] == 22
    assert rows.loc["pct_hh_laag_inkomen", "verschil_nederland"] == (
        "beter dan gemiddeld in Nederland"
    )
    # National wijken: the same weighting rules as for the gemeente.
    national = table(wijken(2024), 2024)
    rows = profile_table(WIJKEN[0], {2024: current}, national).set_index("indicator")
    assert rows.loc["pct_hh_laag_inkomen", "nederland"] == pytest.approx(30)
    assert rows.loc["inwoners", "nederland"] == pytest.approx(1000)  # counts are summed


def test_buurt_profile_shows_its_wijk():
    rows_2024 = [
        {"code": "WK999901", "pct_hh_laag_inkomen": 12.0},
        {"code": "BU99990101", "geometry": box(0), "pct_hh_laag_inkomen": 10.0},
        {"code": "BU99990102", "geometry": box(1), "pct_hh_laag_inkomen": 20.0},
    ]
    profile = profile_table("BU99990101", {2024: table(rows_2024, 2024)}, None)
    rows = profile.set_index("indicator")
    assert rows.loc["pct_hh_laag_inkomen", "wijk"] == 12
    assert profile.attrs["niveau"] == "buurt"


def test_trend_over_years():
    years = {
        2022: table(wijken(2022, pct_hh_laag_inkomen=[8, 20, 30, 40]), 2022),
        2023: table(wijken(2023, pct_hh_laag_inkomen=[9, 20, 30, 40]), 2023),
        2024: table(wijken(2024), 2024),
    }
    profile = profile_table(WIJKEN[0], years, None)
    rows = profile.set_index("indicator")
    assert list(profile.columns[-3:]) == ["waarde_2022", "waarde_2023", "waarde_2024"]
    assert rows.loc["pct_hh_laag_inkomen", "waarde_2022"] == 8
    assert rows.loc["pct_hh_laag_inkomen", "waarde_2024"] == 10
    assert rows.loc["pct_hh_laag_inkomen", "trend"] == "slechter geworden sinds 2022"
    assert rows.loc["pct_gescheiden", "trend"] == "ongeveer gelijk gebleven sinds 2022"
    assert not rows.loc["pct_hh_laag_inkomen", "grens_gewijzigd"]
    assert profile.attrs["jaar"] == 2024


def test_cbs_flag_marks_a_boundary_change_and_suppresses_the_trend():
    later = wijken(2024)
    later[0]["indelingswijziging"] = "3"
    years = {2022: table(wijken(2022), 2022), 2024: table(later, 2024)}
    profile = profile_table(WIJKEN[0], years, None)
    rows = profile.set_index("indicator")
    assert rows["grens_gewijzigd"].all()
    assert rows.loc["pct_hh_laag_inkomen", "trend"].startswith("niet te vergelijken")
    assert "2024" in profile.attrs["grens"]


def test_moved_geometry_and_new_codes_are_boundary_changes():
    moved = wijken(2024)
    moved[0]["geometry"] = box(0, shift=0.005)  # half the width: 100 % symmetric difference
    years = {2022: table(wijken(2022), 2022), 2024: table(moved, 2024)}
    assert boundary_changed(WIJKEN[0], years)[0]
    slightly = wijken(2024)
    slightly[0]["geometry"] = box(0, shift=0.0002)  # 2 % of the width: generalisation noise
    years = {2022: table(wijken(2022), 2022), 2024: table(slightly, 2024)}
    assert boundary_changed(WIJKEN[0], years) == (False, "")

    new = wijken(2024)
    new[0]["code"] = "WK999905"
    years = {2022: table(wijken(2022), 2022), 2024: table(new, 2024)}
    changed, reason = boundary_changed("WK999905", years)
    assert changed
    assert "2022" in reason


def test_unknown_area_is_a_user_error():
    with pytest.raises(UserError, match="WK000000"):
        profile_table("WK000000", {2024: table(wijken(2024), 2024)}, None)
