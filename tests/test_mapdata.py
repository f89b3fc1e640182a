"""Encoded polylines and the compact map payload."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from urgentie.mapdata import (
    decode_ring,
    encode_geometry,
    encode_ring,
    encode_shapes,
    encode_values,
    features_json,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0], "?"),
        ([1], "A"),  # zig-zag 2 -> chr(63 + 2)
        ([-1], "@"),  # zig-zag 1
        ([15], "]"),  # zig-zag 30, one group
        ([-16], "^"),  # zig-zag 31: still one group
        ([16], "_@"),  # zig-zag 32: group 0 with continuation bit (95), then 1 (64)
        ([0, 1, -1], "?A@"),
    ],
)
def test_encode_values_by_hand(values, expected):
    assert encode_values(np.array(values)) == expected


def test_encode_ring_matches_the_published_example():
    # Google's documented example: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    ring = np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]])
    assert encode_ring(ring) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_closing_point_is_dropped_and_decoding_round_trips():
    ring = np.array([[5.12345, 52.0], [5.2, 52.00001], [5.15, 52.1], [5.12345, 52.0]])
    encoded = encode_ring(ring)
    decoded = decode_ring(encoded)
    assert decoded.shape == (3, 2)
    np.testing.assert_allclose(decoded, ring[:3], atol=5e-7)


def test_vectorised_shapes_equal_per_area_encoding():
    square = shapely.box(5.0, 52.0, 5.01, 52.01)
    with_hole = square.difference(shapely.box(5.003, 52.003, 5.006, 52.006))
    multi = shapely.MultiPolygon(
        [shapely.box(5.02, 52.0, 5.03, 52.01), shapely.box(5.04, 52.0, 5.05, 52.01)]
    )
    frame = gpd.GeoDataFrame(
        {"code": ["A", "B", "C", "D"]},
        geometry=[square, with_hole, multi, None],
        crs="EPSG:4326",
    )
    shapes = encode_shapes(frame)
    assert set(shapes.encoded) == {"A", "B", "C"}  # no geometry: not drawn
    for code, geom in zip(frame["code"][:3], frame.geometry[:3], strict=True):
        assert shapes.encoded[code] == encode_geometry(geom)
    assert len(shapes.encoded["B"][0]) == 2  # outer ring and hole
    assert len(shapes.encoded["C"]) == 2  # two polygons
    assert shapes.bounds == pytest.approx((5.0, 52.0, 5.05, 52.01))


def test_subset_has_the_bounds_of_its_own_areas():
    frame = gpd.GeoDataFrame(
        {"code": ["A", "B"]},
        geometry=[shapely.box(5.0, 52.0, 5.01, 52.01), shapely.box(6.0, 53.0, 6.5, 53.5)],
        crs="EPSG:4326",
    )
    part = encode_shapes(frame).subset(["B", "missing"])
    assert list(part.encoded) == ["B"]
    assert part.bounds == pytest.approx((6.0, 53.0, 6.5, 53.5))


def test_features_json_escapes_names_and_cannot_close_the_script():
    frame = gpd.GeoDataFrame(
        {"code": ["A"]}, geometry=[shapely.box(5.0, 52.0, 5.01, 52.01)], crs="EPSG:4326"
    )
    shapes = encode_shapes(frame)
    text = features_json(
        shapes,
        {"A": "</script><script>alert(1)</script>"},
        {"A": "<b>12</b>"},
        {"A": 3},
    )
    assert "</" not in text
    assert "<script" not in text
    feature = json.loads(text)[0]
    assert feature["n"] == "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert feature["v"] == "&lt;b&gt;12&lt;/b&gt;"
    assert feature["k"] == 3


def test_missing_class_becomes_minus_one():
    frame = gpd.GeoDataFrame(
        {"code": ["A", "B"]},
        geometry=[shapely.box(5.0, 52.0, 5.01, 52.01), shapely.box(5.01, 52.0, 5.02, 52.01)],
        crs="EPSG:4326",
    )
    features = json.loads(features_json(encode_shapes(frame), {}, {}, {"A": 0}))
    assert {f["c"]: f["k"] for f in features} == {"A": 0, "B": -1}
