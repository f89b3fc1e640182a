"""Boundary files: the CBS Wijk- en buurtkaart (GeoPackage), GeoJSON, and their attribute tables.

The Wijk- en buurtkaart carries the kerncijfers as attributes (snake_case in the GeoPackage,
camelCase in the PDOK WFS), with sentinels such as ``-99995`` for missing figures and a
``water`` flag. Other boundary files carry only codes and names (``statcode``/``statnaam`` of
the CBS gebiedsindelingen, or ``buurtcode``/``wijkcode``/``gemeentecode``), or a few renamed
figures. Those are read as *boundaries only*: they attach to figures that are stored, or wait
in the boundary library for figures that come later.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from urgentie.canonical import LEVELS, clean_code, level_of
from urgentie.errors import UserError
from urgentie.sources import geocheck
from urgentie.sources.common import (
    ReadResult,
    check_numbers,
    find_column,
    no_indicators_error,
    source_columns,
)
from urgentie.sources.detect import SourceFile, decode_text
from urgentie.sources.mapping import to_canonical
from urgentie.sources.years import resolve_year, years_in_columns
from urgentie.store.areas import SourceRecord, now_iso

FIGURE_MIN = 5
"""A file with boundaries counts as a figures source from this many catalogue indicators on.

A file with fewer (``wijken_2024_nl_wgs84.geojson`` has only inhabitants under a CBS name)
is used for its boundaries only, so a handful of renamed columns never replaces figures
that came from a complete CBS source.
"""

CODE_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("buurtcode", "buurtnaam"),
    ("bu_code", "bu_naam"),
    ("wijkcode", "wijknaam"),
    ("wk_code", "wk_naam"),
    ("statcode", "statnaam"),
    ("gemeentecode", "gemeentenaam"),
    ("gm_code", "gm_naam"),
    ("gwb_code_10", "regio"),
    ("gwb_code", "regio"),
)
"""Code columns of CBS boundary and attribute files, each with its name column."""

_RANK = {"gemeente": 1, "wijk": 2, "buurt": 3}
_RD_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)
"""EPSG:28992 (RD New) extent of the Netherlands, for files that do not say their CRS."""


def read_geojson(file: SourceFile, jaar: int | None) -> ReadResult:
    """Canonical rows and boundaries from a GeoJSON FeatureCollection."""
    text = decode_text(file.read_bytes(), file.name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{file.name}: de GeoJSON is onvolledig of beschadigd (fout op regel {exc.lineno}, "
            f"kolom {exc.colno}). Download het bestand opnieuw."
        ) from exc
    except RecursionError as exc:  # a hostile or broken file: thousands of nested brackets
        raise UserError(
            f"{file.name}: de GeoJSON is te diep genest om te lezen; dit is geen grenzenbestand."
        ) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise UserError(
            f"{file.name}: dit JSON-bestand is geen GeoJSON met gebieden (FeatureCollection)."
        )
    features = data.get("features") or []
    if not isinstance(features, list) or not features:
        raise UserError(f"{file.name}: de GeoJSON bevat geen gebieden.")
    properties = pd.DataFrame(
        [dict(f.get("properties") or {}) if isinstance(f, dict) else {} for f in features]
    )
    geometry = gpd.GeoSeries(_shapes(features, file.name), index=properties.index)
    crs = geocheck.known_crs(_geojson_crs(data, geometry, file.name), file.name)
    geometry = geometry.set_crs(crs)
    code_column = _code_column(properties)
    codes = properties[code_column].astype(str) if code_column else None
    geocheck.check_fits(geometry, crs, codes, file.name)
    geometry, repaired = geocheck.repair(geometry, codes, file.name)
    result = attributes_to_rows(properties, geometry, file, jaar, "GeoJSON")
    result.notes.extend(repaired)
    return result


def _shapes(features: list[object], name: str) -> list[shapely.Geometry | None]:
    shapes: list[shapely.Geometry | None] = []
    for number, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not geometry:
            shapes.append(None)
            continue
        try:
            shapes.append(shape(geometry))
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            IndexError,
            RecursionError,
            shapely.errors.GEOSException,
        ) as exc:
            raise UserError(f"{name}: gebied {number} heeft een ongeldige geometrie.") from exc
    return shapes


def _geojson_crs(data: dict, geometry: gpd.GeoSeries, name: str) -> str:
    """The CRS of a GeoJSON: its (pre-RFC 7946) ``crs`` member, else from the coordinates.

    RFC 7946 says lon/lat, but QGIS and older tools write RD New (metres) with a ``crs``
    member, and some leave the member out.
    """
    crs_name = str(((data.get("crs") or {}).get("properties") or {}).get("name") or "")
    match = re.search(r"EPSG:+(\d+)", crs_name, flags=re.IGNORECASE)
    if match:
        return f"EPSG:{match.group(1)}"
    return _crs_from_bounds(geometry, name)


def _crs_from_bounds(geometry: gpd.GeoSeries, name: str) -> str:
    present = geometry[geometry.notna() & ~geometry.is_empty]
    if present.empty:
        return "EPSG:4326"
    minx, miny, maxx, maxy = present.total_bounds
    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        return "EPSG:4326"
    x0, y0, x1, y1 = _RD_BOUNDS
    if x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1:
        return "EPSG:28992"
    raise UserError(
        f"{name}: onbekend coördinatenstelsel. Sla het bestand op in WGS84 (EPSG:4326) of "
        "RD New (EPSG:28992)."
    )


def read_geopackage(file: SourceFile, jaar: int | None) -> ReadResult:
    """Canonical rows and boundaries from a GeoPackage (all layers with CBS area codes).

    The Wijk- en buurtkaart has layers ``gemeenten``, ``wijken`` and ``buurten``; the CBS
    gebiedsindelingen have many layers (provincies, GGD-regio's …) of which only those with
    gemeente, wijk or buurt codes are used. When a level comes in a generalised and a detailed
    layer, the generalised one is taken: it is what a map needs.
    """
    import pyogrio

    with file.local_path() as path:
        try:
            layers = [(str(n), g) for n, g in pyogrio.list_layers(path)]
            frames = [
                (name, pyogrio.read_dataframe(path, layer=name))
                for name, geometry_type in layers
                if geometry_type
            ]
        except Exception as exc:  # GDAL reports damage in many ways; the user needs one answer
            raise UserError(
                f"{file.name}: de GeoPackage kan niet gelezen worden; ze is beschadigd of niet "
                "helemaal gedownload."
            ) from exc
    per_level: dict[str, tuple[str, gpd.GeoDataFrame]] = {}
    for name, frame in frames:
        if frame.empty:
            continue
        code_column = _code_column(frame)
        if code_column is None:
            continue
        level = _finest_level(frame[code_column])
        if level is None:
            continue
        if level not in per_level or _prefer(name, per_level[level][0]):
            per_level[level] = (name, frame)
    if not per_level:
        raise UserError(
            f"{file.name}: geen laag met gemeente-, wijk- of buurtcodes gevonden (verwacht "
            "de lagen gemeenten, wijken en buurten van de Wijk- en buurtkaart)."
        )
    parts = []
    for level in LEVELS:
        if level not in per_level:
            continue
        frame = per_level[level][1].copy()
        if frame.crs is None:
            frame = frame.set_crs(_crs_from_bounds(frame.geometry, file.name))
        # Layers differ in their code column (gemeentecode, wijkcode, buurtcode): name each
        # layer's own code and name the same before stacking them.
        code_column = _code_column(frame)
        name_column = _name_column(frame, code_column) if code_column else None
        frame["__code__"] = frame[code_column]
        frame["__naam__"] = frame[name_column] if name_column else pd.NA
        parts.append(frame.to_crs("EPSG:4326"))
    combined = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    attributes = pd.DataFrame(combined.drop(columns=combined.geometry.name))
    geometry, repaired = geocheck.repair(
        combined.geometry, combined["__code__"].astype(str), file.name
    )
    result = attributes_to_rows(attributes, geometry, file, jaar, "GeoPackage")
    result.notes.extend(repaired)
    return result


def _prefer(new: str, old: str) -> bool:
    """Whether layer ``new`` is a better choice than ``old`` for the same level."""

    def generalised(name: str) -> bool:
        lower = name.lower()
        return "gegeneraliseerd" in lower and "niet" not in lower

    return generalised(new) and not generalised(old)


def _code_column(raw: pd.DataFrame) -> str | None:
    """The column holding each row's own CBS code.

    A buurten table also has ``wijkcode`` and ``gemeentecode`` (its parents); the own code is
    the one at the finest level, which is also the one that is unique per row.
    """
    best: tuple[int, int, str] | None = None
    for order, (candidate, _name) in enumerate(CODE_COLUMNS):
        column = find_column(raw.columns, candidate)
        if column is None:
            continue
        level = _finest_level(raw[column])
        if level is None:
            continue
        score = (_RANK[level], -order, column)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


def _finest_level(values: pd.Series) -> str | None:
    levels = {level_of(clean_code(v)) for v in values.dropna().head(500)} - {None}
    if not levels:
        return None
    return max(levels, key=lambda lvl: _RANK[lvl])  # type: ignore[arg-type]


def _name_column(raw: pd.DataFrame, code_column: str) -> str | None:
    for candidate, name in CODE_COLUMNS:
        if find_column([code_column], candidate) and name:
            return find_column(raw.columns, name)
    return None


def attributes_to_rows(
    raw: pd.DataFrame,
    geometry: gpd.GeoSeries | None,
    file: SourceFile,
    jaar: int | None,
    file_format: str,
) -> ReadResult:
    """Canonical rows from a boundary or attribute table (``geometry`` None for a plain table).

    Decides whether the file is a figures source (see :data:`FIGURE_MIN`) and which spelling
    its attributes use (GeoPackage snake_case or WFS camelCase).
    """
    raw = raw.reset_index(drop=True)
    if "__code__" in raw.columns:
        code_column, name_column = "__code__", "__naam__"
    else:
        code_column = _code_column(raw)
        if code_column is None:
            raise UserError(
                f"{file.name}: geen kolom met gemeente-, wijk- of buurtcodes gevonden (verwacht "
                "bijvoorbeeld buurtcode, wijkcode, gemeentecode of statcode)."
            )
        name_column = _name_column(raw, code_column)
    spelling, used = _spelling(raw)
    has_figures = geometry is None or len(used) >= FIGURE_MIN
    if geometry is None and not used:
        raise no_indicators_error(file.name, "aantal_inwoners of aantalInwoners")
    notes = []
    if not has_figures:
        notes.append(
            f"{file.name} is gebruikt als grenzenbestand: het heeft "
            f"{'geen' if not used else 'maar ' + str(len(used))} bekende indicator(en), "
            "dus de cijfers komen uit een andere bron."
        )
    check_numbers(raw, used, file.name)
    year = resolve_year(file.name, jaar, years_in_columns(raw))
    part = "beide" if has_figures and geometry is not None else "cijfers"
    if not has_figures:
        part = "grenzen"
    incoming = to_canonical(
        raw,
        source=spelling,
        jaar=year,
        record=SourceRecord(
            "bestand", part, file.name, retrieved_at=now_iso(), file_format=file_format
        ),
        code_column=code_column,
        name_column=name_column,
        gemeente_name_column=find_column(raw.columns, "gemeentenaam", "gm_naam"),
        water_column=find_column(raw.columns, "water"),
        geometry=geometry,
        extra={
            target: column
            for target, column in (
                (
                    "indelingswijziging",
                    find_column(raw.columns, "indelingswijziging_wijken_en_buurten", "ind_wbi"),
                ),
                ("postcode", find_column(raw.columns, "meest_voorkomende_postcode", "pst_mvp")),
            )
            if column
        },
        # Keep the few figures a boundary file has: they feed the national overview (the map
        # of all wijken), but they never replace a gemeente's own figures.
        has_figures=bool(used),
        where=file.name,
    )
    if not has_figures:
        incoming.has_figures = False
        incoming.partial_figures = bool(used)
    if geometry is not None:
        _check_polygons(incoming.frame.geometry, file.name)
    return ReadResult(incoming, file_format, notes)


def _spelling(raw: pd.DataFrame) -> tuple[str, dict[str, list[str]]]:
    """``gpkg`` or ``wfs``: the attribute spelling under which more indicators are found."""
    columns = [str(c) for c in raw.columns]
    gpkg = source_columns(columns, "gpkg")
    wfs = source_columns(columns, "wfs")
    return ("wfs", wfs) if len(wfs) > len(gpkg) else ("gpkg", gpkg)


def _check_polygons(geometry: gpd.GeoSeries, name: str) -> None:
    present = geometry[geometry.notna() & ~geometry.is_empty]
    kinds = set(present.geom_type) - {"Polygon", "MultiPolygon", "GeometryCollection"}
    if kinds:
        raise UserError(
            f"{name}: het bestand bevat {', '.join(sorted(kinds))} in plaats van vlakken; "
            "gebiedsgrenzen moeten (multi)polygonen zijn."
        )
