"""Geometry preparation: valid polygons for analysis, light polygons for maps.

Map geometry is made once, when a dataset is saved, so drawing a map never simplifies again.
The simplification is *coverage-preserving* (``shapely.coverage_simplify``): neighbours share the
same simplified edge, so no gaps or slivers appear between them, unlike simplifying each polygon
on its own.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

MAP_DECIMALS = 5
"""Five decimals of a degree is about one metre: more precision only adds bytes to the map."""

MAP_TOLERANCE_DEG = {"gemeente": 0.0008, "wijk": 0.0004, "buurt": 0.0002}
"""Visvalingam-Whyatt tolerance (≈ square root of dropped triangle area) per level, in degrees."""


def make_valid(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Repair invalid polygons (CBS generalised files have self-intersections) and keep only
    their polygonal parts, so area, contiguity and coverage operations do not fail."""
    values = np.asarray(geoms.values, dtype=object)
    mask = np.array([g is not None and not g.is_empty for g in values], dtype=bool)
    fixed = values.copy()
    if mask.any():
        repaired = shapely.make_valid(values[mask])
        fixed[mask] = [_polygonal(g) for g in repaired]
    return gpd.GeoSeries(fixed, index=geoms.index, crs=geoms.crs)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    if geom.geom_type in {"Polygon", "MultiPolygon"}:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in {"Polygon", "MultiPolygon"}]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts)


def map_geometry(frame: gpd.GeoDataFrame, level: str | None = None) -> gpd.GeoDataFrame:
    """``code`` and a coverage-simplified, rounded geometry for drawing on a map.

    Areas without geometry are left out (the map says how many). The tolerance follows the
    level, so buurten keep more detail than gemeenten.
    """
    level = level or (str(frame["niveau"].iloc[0]) if len(frame) else "wijk")
    has_geom = frame.geometry.notna() & ~frame.geometry.is_empty
    part = frame.loc[has_geom, ["code", "geometry"]].reset_index(drop=True)
    if part.empty:
        return gpd.GeoDataFrame(part, geometry="geometry", crs=frame.crs)
    geoms = make_valid(part.geometry)
    tolerance = MAP_TOLERANCE_DEG.get(level, 0.0004)
    try:
        simplified = shapely.coverage_simplify(np.asarray(geoms.values), tolerance)
    except shapely.errors.GEOSException:
        # Not a clean coverage (overlapping input): simplify per polygon instead of failing.
        simplified = shapely.simplify(np.asarray(geoms.values), tolerance, preserve_topology=True)
    rounded = shapely.set_precision(simplified, 10**-MAP_DECIMALS, mode="pointwise")
    return gpd.GeoDataFrame({"code": part["code"]}, geometry=rounded, crs=frame.crs)
