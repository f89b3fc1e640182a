"""Clusters on square grids whose answer is known: checkerboard, planted block, noise, islands."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from urgentie.analysis.concentration import (
    COLDSPOT,
    HH,
    HOTSPOT,
    ISLAND,
    LISA_LABELS,
    MIN_AREAS,
    MISSING,
    NOT_COMPUTED,
    NOT_SIGNIFICANT,
    benjamini_hochberg,
    concentration,
    contiguity,
    orient,
    plain_legend,
)

CELL = 100.0  # metres


def code(row: int, col: int) -> str:
    return f"BU9999{row:02d}{col:02d}"


def grid(rows: int, cols: int, *, gap: float = 0.0, crs: str | None = "EPSG:28992"):
    """Square buurten of 100 m in RD New (origin well inside the Netherlands).

    ``gap`` leaves a hairline gap of that many metres between columns, like generalised
    boundaries do.
    """
    x0, y0 = 150_000.0, 450_000.0
    records = []
    for r in range(rows):
        for c in range(cols):
            x = x0 + c * (CELL + gap)
            y = y0 + r * CELL
            records.append((code(r, c), shapely.box(x, y, x + CELL, y + CELL)))
    codes, geoms = zip(*records, strict=True)
    frame = gpd.GeoDataFrame({"code": list(codes), "niveau": "buurt"}, geometry=list(geoms))
    return frame.set_crs(crs) if crs else frame


def values_on(frame: gpd.GeoDataFrame, fn) -> pd.Series:
    """A Series indexed by code with fn(row, col) per cell."""
    out = {}
    for c in frame["code"]:
        out[c] = fn(int(c[6:8]), int(c[8:10]))
    return pd.Series(out, dtype="float64")


# --- contiguity ----------------------------------------------------------------------------------
def test_queen_contiguity_on_a_grid():
    w, islands = contiguity(grid(3, 3))
    assert islands == []
    assert w.cardinalities[code(1, 1)] == 8
    assert w.cardinalities[code(0, 0)] == 3
    assert w.cardinalities[code(0, 1)] == 5
    assert set(w.neighbors[code(0, 0)]) == {code(0, 1), code(1, 0), code(1, 1)}


def test_hairline_gaps_are_bridged_but_real_distance_is_not():
    frame = grid(2, 2, gap=1.0)  # columns 1 m apart
    w, _ = contiguity(frame)
    assert code(0, 1) in w.neighbors[code(0, 0)]
    w_strict, islands = contiguity(frame, snap_metres=0)
    assert code(0, 1) not in w_strict.neighbors[code(0, 0)]
    assert islands == []  # still touches the cell above
    far, _ = contiguity(grid(2, 2, gap=50.0))
    assert code(0, 1) not in far.neighbors[code(0, 0)]


def test_geographic_coordinates_are_projected_to_metres():
    lonlat = grid(3, 3, gap=1.0).to_crs("EPSG:4326")
    w, islands = contiguity(lonlat)
    assert islands == []
    assert w.cardinalities[code(1, 1)] == 8


def test_a_detached_polygon_and_a_missing_geometry_are_islands():
    frame = grid(3, 3)
    far = gpd.GeoDataFrame(
        {"code": ["BU99990909", "BU99990808"], "niveau": "buurt"},
        geometry=[shapely.box(160_000, 460_000, 160_100, 460_100), None],
        crs="EPSG:28992",
    )
    w, islands = contiguity(pd.concat([frame, far], ignore_index=True))
    assert islands == ["BU99990909", "BU99990808"]
    assert w.cardinalities["BU99990909"] == 0


# --- global and local statistics -----------------------------------------------------------------
def test_checkerboard_is_negatively_autocorrelated_without_clusters():
    frame = grid(10, 10)
    values = values_on(frame, lambda r, c: float((r + c) % 2))
    result = concentration(frame, values)
    # By hand, with row-standardised queen weights and z = ±0.5: an interior cell has 4 equal
    # (diagonal) and 4 opposite (edge) neighbours, so its lag is 0; an edge cell has 2 equal of
    # 5 (lag -z/5), a corner 1 equal of 3 (lag -z/3). I = sum(z * lag) / sum(z²)
    # = (32 · -0.25/5 + 4 · -0.25/3) / 25.
    expected = (32 * -0.25 / 5 + 4 * -0.25 / 3) / 25
    assert result.moran_i == pytest.approx(expected)
    assert result.moran_i < result.moran_expected
    assert HH not in set(result.lisa)
    assert HOTSPOT not in set(result.gi_label)
    assert result.n == 100


def planted() -> tuple[gpd.GeoDataFrame, pd.Series]:
    """10×10 noise with a 3×3 block of high values at rows 3–5, columns 3–5."""
    frame = grid(10, 10)
    noise = np.random.default_rng(2024).normal(0.0, 1.0, size=(10, 10))
    values = values_on(frame, lambda r, c: 5.0 if 3 <= r <= 5 and 3 <= c <= 5 else noise[r, c])
    return frame, values


def in_block(c: str) -> bool:
    r, k = int(c[6:8]), int(c[8:10])
    return 3 <= r <= 5 and 3 <= k <= 5


def test_planted_cluster_is_found_after_fdr():
    frame, values = planted()
    result = concentration(frame, values, high_means_worse=True)
    centre = code(4, 4)
    assert result.lisa[centre] == HH
    assert result.gi_label[centre] == HOTSPOT
    assert bool(result.significant_after_fdr.loc[centre, "lisa"])
    # The centre and the four cells sharing an edge with it have most high neighbours; the
    # corners of the block (3 high neighbours of 8) may miss the corrected threshold.
    cross = [code(3, 4), code(5, 4), code(4, 3), code(4, 5)]
    assert all(result.lisa[c] == HH for c in cross)
    assert all(result.gi_label[c] == HOTSPOT for c in cross)
    # Every high cluster lies in the block: nothing outside it is called hoog-hoog or hotspot.
    outside = [c for c in result.lisa.index if not in_block(c)]
    assert not any(result.lisa[c] == HH for c in outside)
    assert not any(result.gi_label[c] == HOTSPOT for c in outside)
    assert result.moran_i > 0.2
    assert result.moran_p < 0.01
    assert 0 < result.fdr_threshold <= result.alpha
    assert result.computed
    assert result.plain_legend[HH] == (
        "Hier liggen gebieden met veel zorg naast elkaar; dat is geen toeval."
    )


def test_results_are_repeatable_with_the_seed():
    frame, values = planted()
    first = concentration(frame, values, seed=7)
    second = concentration(frame, values, seed=7)
    pd.testing.assert_series_equal(first.lisa_p, second.lisa_p)
    assert first.moran_p == second.moran_p


def test_values_may_be_aligned_with_the_frame_instead_of_codes():
    frame, values = planted()
    by_position = pd.Series(values.to_numpy(), index=frame.index)
    a = concentration(frame, values)
    b = concentration(frame, by_position)
    pd.testing.assert_series_equal(a.lisa, b.lisa)


def test_a_low_block_is_a_coldspot():
    frame, values = planted()
    result = concentration(frame, -values)
    assert result.lisa[code(4, 4)] == "laag-laag"
    assert result.gi_label[code(4, 4)] == COLDSPOT


def test_pure_noise_finds_nothing_after_fdr_but_would_without():
    frame = grid(10, 10)
    noise = np.random.default_rng(11).normal(size=(10, 10))
    values = values_on(frame, lambda r, c: noise[r, c])
    corrected = concentration(frame, values)
    assert set(corrected.lisa) == {NOT_SIGNIFICANT}
    assert set(corrected.gi_label) == {NOT_SIGNIFICANT}
    assert corrected.fdr_threshold == 0.0
    # Without the correction about one in twenty areas looks significant by chance.
    uncorrected = concentration(frame, values, fdr=False)
    assert sum(label != NOT_SIGNIFICANT for label in uncorrected.lisa) >= 1
    assert not uncorrected.significant_after_fdr["lisa"].any()


def test_constant_field_finds_nothing():
    frame = grid(10, 10)
    result = concentration(frame, values_on(frame, lambda r, c: 3.0))
    assert set(result.lisa) == {NOT_SIGNIFICANT}
    assert set(result.gi_label) == {NOT_SIGNIFICANT}
    assert not result.computed
    assert "hetzelfde" in result.message


def test_missing_values_are_labelled_missing_and_left_out():
    frame, values = planted()
    gone = [code(0, 0), code(9, 9), code(4, 4)]
    values = values.copy()
    values[gone] = np.nan
    result = concentration(frame, values)
    for c in gone:
        assert result.lisa[c] == MISSING
        assert result.gi_label[c] == MISSING
        assert math.isnan(result.lisa_p[c])
    assert result.missing == sorted(gone, key=list(frame["code"]).index)
    assert result.n == 97
    assert result.lisa[code(4, 3)] == HH  # the rest of the block is still found


def test_an_island_is_reported_and_does_not_crash():
    frame, values = planted()
    island = gpd.GeoDataFrame(
        {"code": ["BU99991111"], "niveau": "buurt"},
        geometry=[shapely.box(170_000, 470_000, 170_100, 470_100)],
        crs="EPSG:28992",
    )
    frame = pd.concat([frame, island], ignore_index=True)
    values = pd.concat([values, pd.Series({"BU99991111": 100.0})])
    result = concentration(frame, values)
    assert result.islands == ["BU99991111"]
    assert result.lisa["BU99991111"] == ISLAND
    assert result.n == 100
    assert result.lisa[code(4, 4)] == HH


def test_an_area_whose_neighbours_all_lack_a_value_becomes_an_island():
    frame = grid(10, 10)
    values = values_on(frame, lambda r, c: float(r * 10 + c))
    ring = [code(r, c) for r in range(3) for c in range(3) if (r, c) != (1, 1)]
    values[ring] = np.nan
    result = concentration(frame, values)
    assert code(1, 1) in result.islands
    assert result.lisa[code(1, 1)] == ISLAND


def test_too_few_areas_gives_an_explanation():
    frame = grid(2, 3)
    assert len(frame) < MIN_AREAS
    result = concentration(frame, values_on(frame, lambda r, c: float(r + c)))
    assert not result.computed
    assert "Te weinig" in result.message
    assert set(result.lisa) == {NOT_COMPUTED}
    assert math.isnan(result.moran_i)


def test_reusing_contiguity_gives_the_same_result():
    frame, values = planted()
    w, _ = contiguity(frame)
    a = concentration(frame, values, w=w)
    b = concentration(frame, values)
    pd.testing.assert_series_equal(a.gi_p, b.gi_p)
    # esda sets transforms on the weights it gets; a second use must not be affected.
    c = concentration(frame, values, w=w)
    pd.testing.assert_series_equal(a.gi_z, c.gi_z)


# --- Benjamini-Hochberg --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("p", "threshold", "significant"),
    [
        # m=5, limits k/5·0.05 = .01 .02 .03 .04 .05: the four smallest pass.
        ([0.01, 0.04, 0.03, 0.005, 0.5], 0.04, [True, True, True, True, False]),
        # Step-up: rank 2 (0.03 > 0.025) fails but rank 3 (0.035 ≤ 0.0375) passes, so both count.
        ([0.9, 0.035, 0.001, 0.03], 0.035, [False, True, True, True]),
        ([0.5, 0.6], 0.0, [False, False]),
        ([np.nan, 0.001], 0.001, [False, True]),  # NaN is no test: m = 1
        ([], 0.0, []),
    ],
)
def test_benjamini_hochberg(p, threshold, significant):
    got_threshold, got = benjamini_hochberg(np.array(p, dtype=float), 0.05)
    assert got_threshold == pytest.approx(threshold)
    assert got.tolist() == significant


def test_plain_legend_covers_every_label_in_plain_dutch():
    neutral = plain_legend()
    for label in (*LISA_LABELS, HOTSPOT, COLDSPOT, ISLAND, MISSING, NOT_COMPUTED):
        assert neutral[label]
    assert "hoge waarden" in neutral[HH]
    assert "lage waarden" in neutral["hoog-laag"]
    assert "gunstige" in plain_legend(high_means_worse=False)[HH]


def test_orient_turns_round_where_more_is_better():
    values = pd.Series([1.0, 2.0])
    assert orient(values, "inkomen_per_inwoner").tolist() == [-1.0, -2.0]
    assert orient(values, "pct_hh_laag_inkomen").tolist() == [1.0, 2.0]


@pytest.mark.shared_data
def test_real_wijken_of_utrecht_all_have_neighbours(shared_cbs):
    wijken = gpd.read_file(shared_cbs / "geo" / "wijken_2024_nl_wgs84.geojson")
    utrecht = wijken[wijken["gemeentecode"] == "GM0344"].rename(columns={"wijkcode": "code"})
    w, islands = contiguity(utrecht)
    assert islands == []
    # Symmetric: if A borders B then B borders A.
    for a, neighbours in w.neighbors.items():
        for b in neighbours:
            assert a in w.neighbors[b]
