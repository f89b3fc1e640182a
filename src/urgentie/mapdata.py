"""Compact map payload: polygon rings as encoded polylines, plus the few properties a map needs.

A map in the browser needs, per area, its outline, its code (to report a click), its name and
value (for the tooltip) and its class (for the colour). GeoJSON spells every coordinate out as
``[5.12345,52.12345]`` — about 19 bytes. The *encoded polyline* format (precision 5, the same
rounding as :data:`urgentie.geometry.MAP_DECIMALS`) stores the differences between successive
points in 5-bit groups as printable characters: about 4–6 bytes per point, so the same map is
3–4 times smaller with no loss of precision. A small decoder in the map's script turns it back into
GeoJSON before Leaflet draws it (see :mod:`urgentie.views.map`).

Everything here is pure numpy/shapely and cached by the views per dataset and level.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from urgentie.geometry import MAP_DECIMALS

PRECISION = 10**MAP_DECIMALS
"""Encoded polylines store integers of 1e-5 degree: exactly the stored map rounding."""

EncodedShape = list[list[str]]
"""One area: a list of polygons, each a list of rings (outer first), each an encoded string."""


def _varint_chars(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Polyline characters of many signed integers: ``(chars, number of chars per value)``.

    Each value is zig-zag mapped to a non-negative integer (so small negative deltas stay short),
    split into 5-bit groups from the least significant end; every group but the last gets the
    continuation bit 0x20, and 63 is added so every character is printable ASCII (63–126).
    Vectorised over all values at once: only as many groups as each value needs are made.
    """
    values = np.asarray(values, dtype=np.int64)
    zigzag = np.where(values < 0, ~(values << 1), values << 1)
    groups = np.ones(len(zigzag), dtype=np.int64)
    for power in range(1, 7):  # 7 groups = 35 bits: any coordinate at precision 5
        groups += zigzag >= 32**power
    owner = np.repeat(np.arange(len(zigzag)), groups)
    first = np.cumsum(groups) - groups
    position = np.arange(len(owner)) - first[owner]
    chunks = (zigzag[owner] >> (5 * position)) & 31
    more = position < groups[owner] - 1
    return (chunks + 32 * more + 63).astype(np.uint8), groups


def encode_values(values: np.ndarray) -> str:
    """Encode a 1-D array of signed integers as one polyline character string."""
    chars, _ = _varint_chars(np.asarray(values, dtype=np.int64).reshape(-1))
    return chars.tobytes().decode("ascii")


def encode_ring(coords: np.ndarray) -> str:
    """Encode one ring (``(n, 2)`` array of lon, lat) as a polyline string (lat, lon order).

    The closing point is dropped (Leaflet closes polygons itself) and points are interleaved
    as latitude, longitude deltas, the order of Google's format.
    """
    coords = np.asarray(coords, dtype=float)
    if len(coords) > 1 and np.array_equal(coords[0], coords[-1]):
        coords = coords[:-1]
    ints = np.round(coords[:, ::-1] * PRECISION).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return encode_values(deltas.reshape(-1))


def decode_ring(encoded: str) -> np.ndarray:
    """Inverse of :func:`encode_ring`: ``(n, 2)`` array of lon, lat (without closing point).

    Used by the tests and the benchmark to prove that the encoding is lossless.
    """
    values = []
    shift = result = 0
    for char in encoded.encode("ascii"):
        byte = char - 63
        result |= (byte & 31) << shift
        shift += 5
        if byte < 32:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    ints = np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0)
    return ints[:, ::-1] / PRECISION


def encode_geometry(geom: shapely.Geometry | None) -> EncodedShape:
    """All polygons of one (multi)polygon as encoded rings; empty list for no geometry."""
    if geom is None or geom.is_empty:
        return []
    polygons = getattr(geom, "geoms", [geom])
    shape: EncodedShape = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        shape.append([encode_ring(np.asarray(ring.coords)[:, :2]) for ring in rings])
    return shape


@dataclass(frozen=True)
class Shapes:
    """Encoded outlines of one dataset level, made once and cached by the views."""

    encoded: dict[str, EncodedShape]
    bounds: tuple[float, float, float, float]
    """``(min lon, min lat, max lon, max lat)`` of all areas; the map zooms to it."""
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    """Bounds per area, so a subset knows its own extent without decoding."""

    def subset(self, codes: Sequence[str]) -> Shapes:
        """Only the given codes (drill-down into one wijk), with the bounds of those codes."""
        wanted = [c for c in codes if c in self.encoded]
        boxes = [self.boxes[c] for c in wanted if c in self.boxes]
        bounds = self.bounds
        if boxes:
            array = np.array(boxes)
            bounds = (
                float(array[:, 0].min()),
                float(array[:, 1].min()),
                float(array[:, 2].max()),
                float(array[:, 3].max()),
            )
        return Shapes(
            {c: self.encoded[c] for c in wanted}, bounds, {c: self.boxes[c] for c in wanted}
        )


def encode_shapes(frame: gpd.GeoDataFrame) -> Shapes:
    """Encode the simplified map geometry (``code`` + geometry) of one dataset level.

    All rings of all areas are encoded in one vectorised pass (the national buurt level has
    tens of thousands of rings); the result equals :func:`encode_geometry` per area.
    """
    has = frame.geometry.notna() & ~frame.geometry.is_empty
    codes = frame.loc[has, "code"].astype(str).to_numpy()
    geoms = np.asarray(frame.geometry[has].values, dtype=object)
    if not len(geoms):
        return Shapes({}, (3.3, 50.7, 7.3, 53.6))  # the Netherlands
    polygons, area_of_polygon = shapely.get_parts(geoms, return_index=True)
    keep = shapely.get_type_id(polygons) == 3  # Polygon
    keep &= ~shapely.is_empty(polygons)
    polygons, area_of_polygon = polygons[keep], area_of_polygon[keep]
    rings, polygon_of_ring = shapely.get_rings(polygons, return_index=True)
    coords, ring_of_coord = shapely.get_coordinates(rings, return_index=True)
    # Drop each ring's closing point: Leaflet closes polygons itself.
    last = np.r_[ring_of_coord[1:] != ring_of_coord[:-1], True]
    coords, ring_of_coord = coords[~last], ring_of_coord[~last]
    ints = np.round(coords[:, ::-1] * PRECISION).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    first = np.r_[True, ring_of_coord[1:] != ring_of_coord[:-1]]
    deltas[first] = ints[first]  # every ring starts from absolute coordinates
    chars, per_value = _varint_chars(deltas.reshape(-1))
    per_coord = per_value.reshape(-1, 2).sum(axis=1)
    per_ring = np.bincount(ring_of_coord, weights=per_coord, minlength=len(rings)).astype(int)
    ends = np.cumsum(per_ring)
    text = chars.tobytes().decode("ascii")
    encoded: dict[str, EncodedShape] = {}
    polygon_lists: list[list[str]] = [[] for _ in range(len(polygons))]
    for ring, (stop, size) in enumerate(zip(ends, per_ring, strict=True)):
        if size:
            polygon_lists[polygon_of_ring[ring]].append(text[stop - size : stop])
    for polygon, ring_list in enumerate(polygon_lists):
        if ring_list:
            encoded.setdefault(str(codes[area_of_polygon[polygon]]), []).append(ring_list)
    minx, miny, maxx, maxy = (float(v) for v in shapely.total_bounds(geoms))
    boxes = {
        str(code): (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
        for code, b in zip(codes, shapely.bounds(geoms), strict=True)
    }
    return Shapes(encoded, (minx, miny, maxx, maxy), boxes)


def area_names(areas: pd.DataFrame) -> dict[str, str]:
    """Code → name of the areas of a table (the tooltip names of :func:`features_json`)."""
    return dict(zip(areas["code"].astype(str), areas["naam"].astype(str), strict=True))


def features_json(
    shapes: Shapes,
    names: Mapping[str, str],
    display: Mapping[str, str],
    classes: Mapping[str, int],
) -> str:
    """The compact feature list the map's decoder reads, as a JSON string safe inside <script>.

    Each feature is ``{"c": code, "n": name, "v": value text, "k": class, "g": rings}``; class
    ``-1`` means missing ("geheim of onbekend"), ``-2`` a score withheld because it rests on too
    few figures ("onvoldoende cijfers"). Names and value texts are HTML-escaped here,
    because Leaflet tooltips write ``innerHTML``; ``<`` never survives unescaped, so the JSON
    cannot close the surrounding ``<script>`` element either.
    """
    features = []
    for code, rings in shapes.encoded.items():
        klass = classes.get(code, -1)
        features.append(
            {
                "c": html.escape(code),
                "n": html.escape(str(names.get(code, code))),
                "v": html.escape(str(display.get(code, ""))),
                "k": int(klass) if klass is not None and not pd.isna(klass) else -1,
                "g": rings,
            }
        )
    text = json.dumps(features, ensure_ascii=False, separators=(",", ":"))
    # Polyline strings may contain "<" never (63–126 has no "<"), but may contain "\" and "`";
    # json.dumps escapes the backslash. A final guard keeps "</" out of the script element.
    return text.replace("</", "<\\/")


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch colour (or the hatch), a label and how many areas."""

    label: str
    colour: str
    count: int | None = None
    note: str = ""
    """Optional plain-language explanation (the concentration layer's legend)."""
    hatched: bool = False
    insufficient: bool = False
    """The "onvoldoende cijfers" style: white with a dashed border, not the missing hatch."""


@dataclass(frozen=True)
class MapLayer:
    """Everything the map draws, ready for :func:`build_map` (made by ``urgentie.choropleth``)."""

    features: str
    """JSON text from :func:`urgentie.mapdata.features_json`."""
    colours: tuple[str, ...]
    """Fill colour per class index; class -1 is missing and gets the hatch."""
    title: str
    entries: tuple[LegendEntry, ...]
    notes: tuple[str, ...] = ()
    bounds: tuple[float, float, float, float] = (3.3, 50.7, 7.3, 53.6)
    count: int = 0
    """Number of areas drawn (the browser test counts the polygons against it)."""
    demo: bool = False
    extra: dict = field(default_factory=dict)
