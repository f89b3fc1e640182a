"""Boundaries of Voorbeeldstad: an organic outline tiled exactly by buurten, grouped in wijken.

The town lies on open water in the Markermeer, where no real gemeente is, so it can never be
mistaken for a real place. Everything is computed in EPSG:28992 (RD New, metres):

1. an outline: a circle whose radius wobbles with a few seeded harmonics;
2. buurt seeds by dart throwing, with a minimum spacing that grows from the centre outwards, so
   the centre has small buurten and the edge large ones;
3. buurten as Voronoi cells of the seeds, made an *exact* tiling by noding every cell edge
   together with the outline and polygonising the result: neighbours share the very same
   vertices, so there are no gaps or overlaps by construction;
4. wijken: the central buurten form the Centrum; the others are grown over the adjacency graph
   from one seed per wijk direction, so every wijk is a contiguous union of whole buurten.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, Polygon

from urgentie.demo.story import WIJKEN, WijkStory, wijk_code

RD = "EPSG:28992"
CENTRE_LONLAT = (5.27, 52.54)
"""Open water in the Markermeer, kilometres from any shore."""
RADIUS_M = 3300.0
CENTRUM_SHARE = 0.26
"""Buurten whose seed lies within this share of the radius form the wijk Centrum."""
ANCHOR_SHARE = 0.62
POSTCODE_BASE = 9900
"""Postcodes 9900–9999, four digits like CBS's "meest voorkomende postcode" (fictional here)."""


@dataclass(frozen=True)
class Layout:
    """The geometry of the demo gemeente in RD New.

    ``buurten`` has one row per buurt: ``code``, ``naam``, ``wijk_code``, ``wijk_nr``,
    ``postcode``, ``kind`` (``woon``, ``park``, ``bedrijven`` or ``haven``), ``x``/``y`` of its
    seed, ``rel_dist`` (distance of the seed from the centre as a share of the outline radius in
    that direction) and ``geometry``. ``wijken`` has ``code``, ``naam``, ``nr`` and ``geometry``
    (the union of its buurten). ``neighbours`` lists, per buurt row, the rows it shares an edge
    with.
    """

    outline: Polygon
    centre: Point
    buurten: gpd.GeoDataFrame
    wijken: gpd.GeoDataFrame
    neighbours: list[list[int]]


def build_layout(seed: int) -> Layout:
    """Compute the complete, deterministic geometry of Voorbeeldstad for ``seed``."""
    rng = np.random.default_rng(seed)
    to_rd = Transformer.from_crs("EPSG:4326", RD, always_xy=True)
    centre = Point(*to_rd.transform(*CENTRE_LONLAT))
    outline = _outline(centre, rng)
    seeds = _seeds(outline, centre, rng)
    tiles = exact_voronoi(seeds, outline)
    neighbours = _neighbours(tiles)
    rel = _relative_distance(seeds, centre, outline)
    wijk_index = _assign_wijken(seeds, rel, centre, neighbours)
    buurten = _name_buurten(seeds, tiles, rel, wijk_index)
    order = buurten["code"].argsort().to_numpy()
    buurten = buurten.iloc[order].reset_index(drop=True)
    remap = {old: new for new, old in enumerate(order)}
    neighbours = [sorted(remap[j] for j in neighbours[old]) for old in order]
    wijken = _dissolve_wijken(buurten)
    return Layout(outline, centre, buurten, wijken, neighbours)


def _outline(centre: Point, rng: np.random.Generator) -> Polygon:
    """A wobbly circle: radius × (1 + small seeded harmonics), so the town looks grown."""
    theta = np.linspace(0.0, 2 * np.pi, 160, endpoint=False)
    wobble = np.ones_like(theta)
    for harmonic, amplitude in ((2, 0.09), (3, 0.06), (5, 0.035), (8, 0.015)):
        wobble += amplitude * np.sin(harmonic * theta + rng.uniform(0, 2 * np.pi))
    radius = RADIUS_M * wobble
    xs = centre.x + radius * np.cos(theta)
    ys = centre.y + radius * np.sin(theta)
    return Polygon(np.column_stack([np.round(xs, 2), np.round(ys, 2)]))


def _min_spacing(rel: float) -> float:
    """Minimum distance (m) between buurt seeds: about 280 m in the centre, 780 m at the edge."""
    return 280.0 + 500.0 * min(rel, 1.0)


def _seeds(outline: Polygon, centre: Point, rng: np.random.Generator) -> np.ndarray:
    """Dart throwing inside the outline with a spacing that grows outwards."""
    minx, miny, maxx, maxy = outline.bounds
    candidates = np.round(rng.uniform((minx, miny), (maxx, maxy), size=(6000, 2)), 2)
    points = shapely.points(candidates)
    inside = shapely.contains_xy(outline, candidates[:, 0], candidates[:, 1]) & (
        shapely.distance(outline.exterior, points) >= 150
    )
    rel = np.hypot(candidates[:, 0] - centre.x, candidates[:, 1] - centre.y) / RADIUS_M
    accepted = np.empty((0, 2))
    for (x, y), r in zip(candidates[inside], rel[inside], strict=True):
        gaps = np.hypot(accepted[:, 0] - x, accepted[:, 1] - y)
        if gaps.size == 0 or gaps.min() >= _min_spacing(float(r)):
            accepted = np.vstack([accepted, (x, y)])
    return accepted


def exact_voronoi(points: np.ndarray, outline: Polygon) -> list[shapely.Geometry]:
    """Voronoi cells of ``points`` clipped to ``outline``, as an exact tiling.

    Clipping each cell separately leaves floating-point slivers between neighbours; instead all
    cell edges inside the outline and the outline itself are noded into one line network and
    polygonised, so adjacent faces share identical vertices. Each face goes to the seed nearest
    its interior point (the Voronoi property). Returns one geometry per point, in input order.
    """
    extent = outline.envelope.buffer(RADIUS_M)
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=extent, ordered=True)
    # Full cell edges cross the outline properly, so noding finds every crossing; edges clipped
    # beforehand would end a hair's breadth off the outline and leave faces unclosed.
    lines = [cell.exterior for cell in cells.geoms]
    network = shapely.union_all([*lines, outline.exterior])
    faces = list(shapely.polygonize(list(shapely.get_parts(network))).geoms)
    prepared = shapely.prepared.prep(outline)
    owners: dict[int, list[shapely.Geometry]] = {}
    for face in faces:
        inner = face.representative_point()
        if not prepared.contains(inner):
            continue
        nearest = int(np.argmin(np.hypot(points[:, 0] - inner.x, points[:, 1] - inner.y)))
        owners.setdefault(nearest, []).append(face)
    return [
        owners[i][0] if len(owners.get(i, [])) == 1 else shapely.union_all(owners.get(i, []))
        for i in range(len(points))
    ]


def _neighbours(tiles: list[shapely.Geometry]) -> list[list[int]]:
    """Rows that share an edge (not just a corner) with each tile."""
    tree = shapely.STRtree(tiles)
    result: list[list[int]] = []
    for i, tile in enumerate(tiles):
        near = tree.query(tile, predicate="intersects")
        shared = [
            int(j) for j in near if j != i and shapely.intersection(tile, tiles[j]).length > 1.0
        ]
        result.append(sorted(shared))
    return result


def _relative_distance(points: np.ndarray, centre: Point, outline: Polygon) -> np.ndarray:
    """Distance of each point from the centre as a share of the outline radius in its direction.

    The outline is star-shaped around the centre, so a ray from the centre leaves it once; the
    length of the ray's part inside the outline is the radius in that direction.
    """
    rel = []
    for x, y in points:
        dx, dy = x - centre.x, y - centre.y
        dist = float(np.hypot(dx, dy))
        if dist == 0:
            rel.append(0.0)
            continue
        far = (centre.x + dx / dist * 3 * RADIUS_M, centre.y + dy / dist * 3 * RADIUS_M)
        edge = shapely.LineString([(centre.x, centre.y), far]).intersection(outline).length
        rel.append(dist / edge)
    return np.asarray(rel)


def anchor(story: WijkStory, centre: Point) -> tuple[float, float]:
    """The point a wijk grows from and is centred on: its direction at ``ANCHOR_SHARE`` radius."""
    if story.angle is None:
        return centre.x, centre.y
    angle = np.radians(story.angle)
    distance = ANCHOR_SHARE * RADIUS_M
    return centre.x + distance * np.cos(angle), centre.y + distance * np.sin(angle)


def _assign_wijken(
    points: np.ndarray, rel: np.ndarray, centre: Point, neighbours: list[list[int]]
) -> np.ndarray:
    """Index into ``WIJKEN`` per buurt; wijken are contiguous and about equally many buurten.

    The Centrum takes the central buurten. Every other wijk starts at the buurt nearest its
    anchor; then, repeatedly, the wijk with the fewest buurten takes the free neighbouring buurt
    nearest its anchor. Growing over the adjacency graph keeps every wijk in one piece.
    """
    wijk_of = np.full(len(points), -1)
    centrum = next(i for i, w in enumerate(WIJKEN) if w.angle is None)
    wijk_of[rel < CENTRUM_SHARE] = centrum
    anchors = {i: np.asarray(anchor(w, centre)) for i, w in enumerate(WIJKEN) if i != centrum}
    for i, point in anchors.items():
        free = np.flatnonzero(wijk_of == -1)
        nearest = free[np.argmin(np.hypot(*(points[free] - point).T))]
        wijk_of[nearest] = i
    while (wijk_of == -1).any():
        sizes = {i: int((wijk_of == i).sum()) for i in anchors}
        grown = False
        for i in sorted(anchors, key=lambda k: (sizes[k], k)):
            members = np.flatnonzero(wijk_of == i)
            frontier = sorted({j for m in members for j in neighbours[m] if wijk_of[j] == -1})
            if not frontier:
                continue
            dist = np.hypot(*(points[frontier] - anchors[i]).T)
            wijk_of[frontier[int(np.argmin(dist))]] = i
            grown = True
            break
        if not grown:
            raise RuntimeError("demo: buurten zonder bereikbare wijk")
    return wijk_of


def _name_buurten(
    points: np.ndarray, tiles: list[shapely.Geometry], rel: np.ndarray, wijk_of: np.ndarray
) -> gpd.GeoDataFrame:
    """Codes, names, postcodes and kinds, numbered per wijk from the centre outwards."""
    rows = []
    for index, story in enumerate(WIJKEN):
        members = np.flatnonzero(wijk_of == index)
        members = members[np.argsort(rel[members], kind="stable")]
        special_at = None
        if story.special is not None:
            special_at = 0 if story.special[0] == "inner" else len(members) - 1
        names = iter(story.buurten)
        for position, member in enumerate(members):
            if position == special_at and story.special is not None:
                name, kind = story.special[1], story.special[2]
            else:
                name, kind = next(names), "woon"
            rows.append(
                {
                    "code": f"BU9999{story.nr:02d}{position + 1:02d}",
                    "naam": name,
                    "wijk_code": wijk_code(story.nr),
                    "wijk_nr": story.nr,
                    "postcode": str(POSTCODE_BASE + 10 * (story.nr - 1) + position // 2),
                    "kind": kind,
                    "x": points[member, 0],
                    "y": points[member, 1],
                    "rel_dist": float(rel[member]),
                    "geometry": tiles[member],
                }
            )
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=RD)


def _dissolve_wijken(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    rows = []
    for story in WIJKEN:
        parts = buurten.loc[buurten["wijk_nr"] == story.nr, "geometry"]
        rows.append(
            {
                "code": wijk_code(story.nr),
                "naam": story.naam,
                "nr": story.nr,
                "geometry": shapely.union_all(parts.to_numpy()),
            }
        )
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=RD)
