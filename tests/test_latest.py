"""The latest figure per indicator: gaps, boundary changes and the maximum age."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from urgentie.store.latest import (
    CHANGED_COLUMN,
    figure_years,
    latest_figures,
    older_text,
    peiljaar_column,
    years_text,
)

NAN = math.nan


def _frame(rows: list[tuple[str, float, str]], geometry: list | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["code", "pct_hh_laag_inkomen", "indelingswijziging"])
    if geometry is not None:
        frame = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    return frame


# (name, 2024 value, 2024 change code, older years {year: (value, change code)}, max age,
#  expected value, expected peiljaar, expected flag)
CASES = [
    ("cijfer van dit jaar blijft", 12.0, "1", {2023: (10.0, "1")}, 3, 12.0, 2024, False),
    ("gat gevuld met vorig jaar", NAN, "1", {2023: (10.0, "1")}, 3, 10.0, 2023, False),
    ("nieuwste oudere wint", NAN, "1", {2023: (10.0, "1"), 2022: (9.0, "1")}, 3, 10.0, 2023, False),
    ("gat in 2023: dan 2022", NAN, "1", {2023: (NAN, "1"), 2022: (9.0, "1")}, 3, 9.0, 2022, False),
    ("te oud", NAN, "1", {2020: (9.0, "1")}, 3, NAN, None, False),
    ("maximale leeftijd 0", NAN, "1", {2023: (10.0, "1")}, 0, NAN, None, False),
    ("grens gewijzigd in 2024", NAN, "3", {2023: (10.0, "1")}, 3, NAN, None, True),
    ("code gewijzigd, grens niet", NAN, "2", {2023: (10.0, "1")}, 3, 10.0, 2023, False),
    ("grens gewijzigd in 2023", NAN, "1", {2023: (NAN, "3"), 2022: (9.0, "1")}, 3, NAN, None, True),
    ("gewijzigd in 2023, cijfer 2023", NAN, "1", {2023: (8.0, "3")}, 3, 8.0, 2023, False),
    ("geen cijfer ooit", NAN, "1", {2023: (NAN, "1")}, 3, NAN, None, False),
]


@pytest.mark.parametrize(
    ("current", "change", "older", "age", "value", "year", "flag"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_latest_figure_selection(current, change, older, age, value, year, flag) -> None:
    view = latest_figures(
        _frame([("WK000101", current, change)]),
        2024,
        {y: _frame([("WK000101", v, c)]) for y, (v, c) in older.items()},
        oldest_allowed=2024 - age,
    )
    got = view.loc[0, "pct_hh_laag_inkomen"]
    assert (math.isnan(got) and math.isnan(value)) or got == value
    peil = view.loc[0, peiljaar_column("pct_hh_laag_inkomen")]
    assert (pd.isna(peil) and year is None) or peil == year
    assert bool(view.loc[0, CHANGED_COLUMN]) is flag


def test_new_code_is_not_filled_and_is_flagged() -> None:
    view = latest_figures(
        _frame([("WK000102", NAN, "1")]),
        2024,
        {2023: _frame([("WK000101", 10.0, "1")])},
        oldest_allowed=2021,
    )
    assert math.isnan(view.loc[0, "pct_hh_laag_inkomen"])
    assert bool(view.loc[0, CHANGED_COLUMN])


@pytest.mark.parametrize(
    ("old_box", "filled"),
    [((5.0, 52.0, 5.01, 52.01), True), ((5.0, 52.0, 5.01, 52.02), False)],
    ids=["zelfde grens", "grens verschoven"],
)
def test_moved_boundary_blocks_older_figures(old_box, filled) -> None:
    current = _frame([("BU00010001", NAN, "1")], [box(5.0, 52.0, 5.01, 52.01)])
    old = _frame([("BU00010001", 7.0, "1")], [box(*old_box)])
    view = latest_figures(current, 2024, {2023: old}, oldest_allowed=2021)
    assert bool(view.loc[0, "pct_hh_laag_inkomen"] == 7.0) is filled
    assert bool(view.loc[0, CHANGED_COLUMN]) is not filled


@pytest.mark.parametrize(
    ("years", "expected"),
    [([2024, 2024], "cijfers 2024"), ([2022, 2024], "cijfers 2022–2024"), ([None, None], "")],
)
def test_years_text(years, expected) -> None:
    view = pd.DataFrame({peiljaar_column("inwoners"): pd.array(years, dtype="Int64")})
    assert years_text(figure_years(view, ["inwoners"])) == expected


@pytest.mark.parametrize(
    ("peiljaar", "jaar", "expected"),
    [(2022, 2024, "cijfers van 2022"), (2024, 2024, ""), (None, 2024, ""), (pd.NA, 2024, "")],
)
def test_older_text(peiljaar, jaar, expected) -> None:
    assert older_text(peiljaar, jaar) == expected


def test_the_map_table_flags_a_changed_area() -> None:
    from urgentie.choropleth import Measure, area_table

    areas = pd.DataFrame(
        {
            "code": ["WK000101", "WK000102"],
            "naam": ["A", "B"],
            "pct_hh_laag_inkomen": [10.0, 20.0],
            "pct_hh_laag_inkomen_peiljaar": pd.array([2023, 2024], dtype="Int64"),
            CHANGED_COLUMN: [False, True],
        }
    )
    values = pd.Series([10.0, 20.0], index=["WK000101", "WK000102"])
    table = area_table(areas, values, Measure("indicator", "pct_hh_laag_inkomen"))
    rows = table.set_index("Code")
    assert rows.loc["WK000102", "Gebiedsindeling"] == "gewijzigd"
    assert rows.loc["WK000101", "Gebiedsindeling"] == ""
    assert rows.loc["WK000101", "Peiljaar"] == 2023


@pytest.mark.parametrize("geometry", [True, False], ids=["met grenzen", "alleen cijfers"])
def test_store_view_breaks_the_series_where_a_boundary_moved(data_dir, geometry) -> None:
    from shapely import affinity
    from synthetic import grid_frame, save_grid

    from urgentie.store.areas import AreaStore

    store = AreaStore()
    old = grid_frame(jaar=2023, seed=1)
    moved = old["code"] == "WK999801"
    old.loc[moved, "geometry"] = old.loc[moved, "geometry"].map(
        lambda g: affinity.scale(g, xfact=1.6, origin="center")
    )
    save_grid(store, old)
    new = grid_frame(jaar=2024, seed=2)
    new["pct_hh_laag_inkomen"] = float("nan")
    save_grid(store, new)
    view = store.view("GM9998", 2024, "wijk", geometry=geometry).set_index("code")
    assert math.isnan(view.loc["WK999801", "pct_hh_laag_inkomen"])
    assert bool(view.loc["WK999801", CHANGED_COLUMN])
    assert view.loc["WK999800", "pct_hh_laag_inkomen_peiljaar"] == 2023
    assert not bool(view.loc["WK999800", CHANGED_COLUMN])
