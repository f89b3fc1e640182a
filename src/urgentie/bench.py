"""``python -m urgentie bench``: how fast and how light the map is, next to a naive map.

Three datasets, each stored in a temporary data directory exactly as an import would store it:

(a) the demo gemeente (built by ``urgentie.demo`` when available; otherwise a generated gemeente
    of the same size, and the report says so);
(b) all 3,393 Dutch wijken of 2024 from ``../shared/data/cbs/geo/wijken_2024_nl_wgs84.geojson``
    (skipped with a message when the file is absent);
(c) a generated national-scale buurt set: a Voronoi tessellation of ~14,500 cells (clustered like
    towns) whose shared edges are densified every 30 m and wiggled by a few metres — a true
    coverage with a few hundred vertices per buurt, like the CBS buurt boundaries.

For each: load time, map build time and map payload bytes, next to a *naive* map measured in the
same run (``folium.GeoJson`` of the unsimplified geometry with a tooltip, nothing cached), and the
server time of the Kaart page (AppTest): first view, a rerun caused by a widget beside the map
(with a check that the map itself was not rebuilt), and a gemeente switch. Page times are the
page function's server time (``urgentie.views.apptiming``); the AppTest wall time is reported too.
The naive rerun is the naive load plus build: without caching every rerun does both again.
"""

from __future__ import annotations

import gc
import json
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from urgentie.canonical import BASE_COLUMNS, NATIONAL
from urgentie.choropleth import Measure, classify_values, measure_values, value_layer
from urgentie.indicators import INDICATOR_KEYS
from urgentie.mapdata import encode_shapes
from urgentie.settings import PROJECT_ROOT
from urgentie.store.areas import CRS, AreaStore, Manifest, SourceRecord
from urgentie.views.map import build_map, rendered_html

NL_WIJKEN = PROJECT_ROOT.parent / "shared" / "data" / "cbs" / "geo" / "wijken_2024_nl_wgs84.geojson"
JAAR = 2024
MEASURE = Measure("indicator", "pct_65plus")
"""The map measured: an indicator present in every dataset (generated where missing)."""

TARGETS = {
    "nl_wijken_payload_bytes": 1_500_000,
    "nl_buurten_payload_bytes": 6_000_000,
    "nl_buurten_payload_ratio": 10.0,
    "gemeente_switch_ms": 300.0,
    "non_map_rerun_ms": 150.0,
}

Progress = Callable[[str], None]


@dataclass
class Figures:
    """Everything measured for one dataset (times in ms, sizes in bytes)."""

    key: str
    label: str
    polygons: int = 0
    vertices: int = 0
    vertices_map: int = 0
    import_ms: float = 0.0
    load_ms: float = 0.0
    load_naive_ms: float = 0.0
    build_ms: float = 0.0
    build_naive_ms: float = 0.0
    payload_bytes: int = 0
    payload_naive_bytes: int = 0
    first_view_ms: float = 0.0
    first_view_wall_ms: float = 0.0
    rerun_ms: float = 0.0
    rerun_wall_ms: float = 0.0
    rerun_naive_ms: float = 0.0
    map_rebuilt_on_rerun: bool | None = None
    switch_ms: float | None = None
    switch_back_ms: float | None = None
    notes: list[str] = field(default_factory=list)
    skipped: str = ""

    def ratios(self) -> dict[str, float]:
        """Naive divided by ours (how many times faster or smaller)."""

        def ratio(naive: float, ours: float) -> float:
            return round(naive / ours, 1) if ours else float("nan")

        return {
            "load": ratio(self.load_naive_ms, self.load_ms),
            "build": ratio(self.build_naive_ms, self.build_ms),
            "payload": ratio(self.payload_naive_bytes, self.payload_bytes),
            "rerun": ratio(self.rerun_naive_ms, self.rerun_ms),
        }


# --- generated geometry ---------------------------------------------------------------------------
def voronoi_coverage(
    n: int,
    bounds: tuple[float, float, float, float],
    *,
    seed: int = 42,
    spacing: float = 30.0,
    wiggle: float = 5.0,
    towns: int = 60,
) -> gpd.GeoSeries:
    """A coverage of about ``n`` polygons in RD New (metres) with realistic vertex density.

    Points cluster around ``towns`` centres (60 %) or fall anywhere (40 %), so cells are small in
    towns and large in the countryside. Every Voronoi edge is densified once (``spacing`` metres)
    and displaced by a smooth field of a few metres (``wiggle``), then the cells are rebuilt with
    ``polygonize``: neighbours share exactly the same vertices, as in a real coverage.
    """
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    margin = min(maxx - minx, maxy - miny) * 0.08
    centres = np.column_stack(
        [
            rng.uniform(minx + margin, maxx - margin, towns),
            rng.uniform(miny + margin, maxy - margin, towns),
        ]
    )
    clustered = int(n * 0.6)
    spread = min(maxx - minx, maxy - miny) / 50
    points = np.vstack(
        [
            centres[rng.integers(0, towns, clustered)] + rng.normal(0, spread, (clustered, 2)),
            np.column_stack(
                [rng.uniform(minx, maxx, n - clustered), rng.uniform(miny, maxy, n - clustered)]
            ),
        ]
    )
    frame = shapely.box(minx, miny, maxx, maxy)
    points = points[shapely.contains_xy(frame, points[:, 0], points[:, 1])]
    edges = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame, only_edges=True)
    )
    edges = shapely.intersection(edges, frame)
    edges = edges[~shapely.is_empty(edges)]
    linework = shapely.get_parts(shapely.union_all(np.append(edges, frame.boundary)))
    dense = shapely.segmentize(linework, spacing)
    coords = shapely.get_coordinates(dense)
    x, y = coords[:, 0], coords[:, 1]
    dx = wiggle * (np.sin(x / 37.0 + np.cos(y / 53.0)) + 0.6 * np.sin(y / 23.0))
    dy = wiggle * (np.cos(y / 41.0 + np.sin(x / 29.0)) + 0.6 * np.cos(x / 19.0))
    on_frame = np.isclose(x, minx) | np.isclose(x, maxx) | np.isclose(y, miny) | np.isclose(y, maxy)
    dx[on_frame] = 0.0
    dy[on_frame] = 0.0
    moved = shapely.set_coordinates(dense.copy(), np.column_stack([x + dx, y + dy]))
    cells = shapely.get_parts(shapely.polygonize(moved))
    return gpd.GeoSeries(cells, crs="EPSG:28992")


def generated_areas(
    geometry: gpd.GeoSeries,
    gemeente: str,
    naam: str,
    *,
    niveau: str = "buurt",
    wijken: int = 0,
    seed: int = 7,
) -> gpd.GeoDataFrame:
    """A canonical frame for generated polygons: codes, names, random figures (5 % missing).

    With ``wijken`` > 0 the buurten are grouped into that many wijken (nearest of random seeds)
    and the wijken are added as the union of their buurten.
    """
    rng = np.random.default_rng(seed)
    geometry = geometry.reset_index(drop=True)
    digits = gemeente[2:]
    count = len(geometry)
    if wijken:
        centroids = shapely.get_coordinates(geometry.to_crs("EPSG:28992").centroid.values)
        seeds = centroids[rng.choice(count, wijken, replace=False)]
        wijk_of = np.argmin(((centroids[:, None, :] - seeds[None]) ** 2).sum(axis=2), axis=1)
    else:
        wijk_of = np.arange(count) // 100
    rows = pd.DataFrame({c: pd.Series([None] * count, dtype=object) for c in BASE_COLUMNS})
    if niveau == "buurt":
        within = pd.Series(wijk_of).groupby(wijk_of).cumcount().to_numpy()
        pairs = zip(wijk_of, within, strict=True)
        rows["code"] = [f"BU{digits}{_base36(w, 2)}{_base36(i, 2)}" for w, i in pairs]
        rows["wijk_code"] = [f"WK{digits}{_base36(w, 2)}" for w in wijk_of]
        rows["naam"] = [f"Buurt {i + 1}" for i in range(count)]
    else:
        rows["code"] = [f"WK{digits}{_base36(i, 2)}" for i in range(count)]
        rows["naam"] = [f"Wijk {i + 1}" for i in range(count)]
    rows["niveau"] = niveau
    rows["gemeente_code"] = gemeente
    rows["gemeente_naam"] = naam
    rows["jaar"] = JAAR
    rows["indelingswijziging"] = "1"
    for key in INDICATOR_KEYS:
        values = rng.gamma(4.0, 6.0, count).round(1)
        values[rng.random(count) < 0.05] = np.nan
        rows[key] = values
    frame = gpd.GeoDataFrame(rows, geometry=geometry.to_crs(CRS).values, crs=CRS)
    if wijken and niveau == "buurt":
        wijk_rows = frame.dissolve(by="wijk_code", as_index=False)[["wijk_code", "geometry"]]
        extra = generated_areas(
            gpd.GeoSeries(wijk_rows.geometry.values, crs=CRS), gemeente, naam, niveau="wijk"
        )
        extra["code"] = wijk_rows["wijk_code"].to_numpy()
        frame = gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=CRS)
    return frame


def _base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        number, rest = divmod(int(number), 36)
        out = digits[rest] + out
    return out


# --- measuring ------------------------------------------------------------------------------------
def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _save(store: AreaStore, frame: gpd.GeoDataFrame, code: str, naam: str, demo: bool) -> float:
    manifest = Manifest(code, naam, JAAR, period=str(JAAR), demo=demo)
    manifest.sources = [SourceRecord("bestand", "beide", "bench")]
    start = time.perf_counter()
    store.save(frame, manifest)
    return _ms(start)


def measure_maps(store: AreaStore, gemeente: str, niveau: str, figures: Figures) -> None:
    """Load, build and payload: ours (simplified, encoded) next to the naive folium map."""
    gc.collect()
    start = time.perf_counter()
    areas = store.load_attributes(gemeente, JAAR, niveau)
    shapes = encode_shapes(store.load_map_geometry(gemeente, JAAR, niveau))
    figures.load_ms = _ms(start)
    start = time.perf_counter()
    values = measure_values(MEASURE, areas, None)
    classed = classify_values(values, MEASURE, method="quantiles", k=5)
    layer = value_layer(shapes, areas, values, MEASURE, classed, method_label="kwantielen")
    page = rendered_html(build_map(layer))
    figures.build_ms = _ms(start)
    figures.payload_bytes = len(page.encode("utf-8"))
    figures.vertices_map = _map_vertices(store, gemeente, niveau)
    del page

    gc.collect()
    start = time.perf_counter()
    full = store.load(gemeente, JAAR, niveau)
    figures.load_naive_ms = _ms(start)
    figures.polygons = len(full)
    figures.vertices = int(shapely.get_num_coordinates(full.geometry.values).sum())
    start = time.perf_counter()
    naive = naive_map(full)
    figures.build_naive_ms = _ms(start)
    figures.payload_naive_bytes = len(naive.encode("utf-8"))
    figures.rerun_naive_ms = round(figures.load_naive_ms + figures.build_naive_ms, 1)
    del naive, full
    gc.collect()


def _map_vertices(store: AreaStore, gemeente: str, niveau: str) -> int:
    geometry = store.load_map_geometry(gemeente, JAAR, niveau)
    return int(shapely.get_num_coordinates(geometry.geometry.values).sum())


def naive_map(frame: gpd.GeoDataFrame) -> str:
    """The map as one would first write it: full geometry in ``folium.GeoJson``, a tooltip,
    a colour per class in the style function; rendered to the page the browser receives."""
    key = MEASURE.key
    data = frame[["code", "naam", key, "geometry"]].copy()
    bins = np.nanquantile(data[key], [0.2, 0.4, 0.6, 0.8]) if data[key].notna().any() else []
    colours = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]

    def style(feature: dict) -> dict:
        value = feature["properties"][key]
        if value is None:
            return {"fillColor": "#cccccc", "color": "#555", "weight": 0.8}
        return {
            "fillColor": colours[int(np.searchsorted(bins, value))],
            "color": "#555",
            "weight": 0.8,
            "fillOpacity": 0.85,
        }

    fmap = folium.Map(location=[52.1, 5.3], zoom_start=8, tiles=None)
    folium.GeoJson(
        data,
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["naam", key]),
    ).add_to(fmap)
    return fmap.get_root().render()


# --- the three datasets ---------------------------------------------------------------------------
def _demo(store: AreaStore, progress: Progress) -> tuple[str, str, str, list[str]]:
    """Store the demo gemeente; returns (code, level, label, notes)."""
    from urgentie.demo import DEMO_CODE, build_demo

    progress("Demogemeente maken…")
    build_demo(store)
    manifest = store.manifest(DEMO_CODE, JAAR)
    if manifest is None:
        raise RuntimeError(f"De demogemeente heeft geen gegevens voor {JAAR}.")
    niveau = "buurt" if manifest.counts.get("buurt") else "wijk"
    return manifest.gemeente_code, niveau, f"demogemeente {manifest.gemeente_naam}", []


def _other_gemeente(store: AreaStore) -> str:
    geometry = voronoi_coverage(60, (180_000, 470_000, 190_000, 477_000), seed=11, towns=3)
    frame = generated_areas(geometry, "GM9991", "Wisseldorp", wijken=10, seed=11)
    _save(store, frame, "GM9991", "Wisseldorp", demo=False)
    return "GM9991"


def _nl_wijken(store: AreaStore) -> float:
    from urgentie.sources.mapping import to_canonical

    raw = gpd.read_file(NL_WIJKEN)
    incoming = to_canonical(
        pd.DataFrame(raw.drop(columns="geometry")),
        source="gpkg",
        jaar=JAAR,
        record=SourceRecord("bestand", "beide", NL_WIJKEN.name),
        code_column="wijkcode",
        name_column="wijknaam",
        gemeente_name_column="gemeentenaam",
        water_column="water",
        geometry=raw.geometry,
    )
    frame = incoming.frame
    if frame[MEASURE.key].isna().all():
        # The generalised file has names and codes only: give the map something to classify.
        rng = np.random.default_rng(5)
        frame[MEASURE.key] = rng.gamma(4.0, 6.0, len(frame)).round(1)
    return _save(store, frame, NATIONAL, "Nederland", demo=False)


def run(progress: Progress = print, *, buurten: int = 14_500) -> dict:
    """Measure all three datasets; returns one JSON-ready dict with every figure."""
    from urgentie.views.apptiming import page_times

    results: list[Figures] = []
    _warm_up()
    with tempfile.TemporaryDirectory(prefix="urgentie-bench-") as tmp:
        root = Path(tmp)
        store = AreaStore(root)

        progress("(a) demogemeente…")
        code, niveau, label, notes = _demo(store, progress)
        other = _other_gemeente(store)
        demo = Figures("demo", label, notes=notes)
        measure_maps(store, code, niveau, demo)
        _page(demo, page_times(root, code, JAAR, niveau, other_gemeente=other))
        results.append(demo)

        progress("(b) alle Nederlandse wijken…")
        nl = Figures("nl_wijken", "alle wijken van Nederland (CBS 2024, gegeneraliseerd)")
        if NL_WIJKEN.is_file():
            nl.import_ms = _nl_wijken(store)
            measure_maps(store, NATIONAL, "wijk", nl)
            _page(nl, page_times(root, NATIONAL, JAAR, "wijk"))
        else:
            nl.skipped = f"{NL_WIJKEN} ontbreekt"
            progress(f"   overgeslagen: {nl.skipped}")
        results.append(nl)

        progress(f"(c) {buurten} gegenereerde buurten op landelijke schaal…")
        geometry = voronoi_coverage(buurten, (13_000, 306_000, 278_000, 620_000))
        frame = generated_areas(geometry, "GM9990", "Buurtenland", wijken=0)
        bu = Figures("nl_buurten", f"{len(frame)} gegenereerde buurten (Voronoi, landelijk)")
        bu.import_ms = _save(store, frame, "GM9990", "Buurtenland", demo=False)
        del frame, geometry
        measure_maps(store, "GM9990", "buurt", bu)
        _page(bu, page_times(root, "GM9990", JAAR, "buurt"))
        results.append(bu)
    return report(results)


def _warm_up() -> None:
    """Import what the first measurement would otherwise pay for (scipy via mapclassify,
    pyarrow, plotly): import time is not map time."""
    import plotly.graph_objects  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    classify_values(pd.Series([1.0, 2.0, 3.0, 4.0]), MEASURE, method="quantiles", k=3)


def _page(figures: Figures, times: object) -> None:
    figures.first_view_ms = round(times.first_ms, 1)  # type: ignore[attr-defined]
    figures.first_view_wall_ms = round(times.first_wall_ms, 1)  # type: ignore[attr-defined]
    figures.rerun_ms = round(times.rerun_ms, 1)  # type: ignore[attr-defined]
    figures.rerun_wall_ms = round(times.rerun_wall_ms, 1)  # type: ignore[attr-defined]
    figures.map_rebuilt_on_rerun = times.map_rebuilt  # type: ignore[attr-defined]
    if times.switch_ms is not None:  # type: ignore[attr-defined]
        figures.switch_ms = round(times.switch_ms, 1)  # type: ignore[attr-defined]
        figures.switch_back_ms = round(times.switch_back_ms, 1)  # type: ignore[attr-defined]


def report(results: list[Figures]) -> dict:
    """Figures, ratios and whether each target is met, as one dict."""
    by_key = {f.key: f for f in results}
    checks: dict[str, bool | None] = {}
    nl, bu, demo = by_key.get("nl_wijken"), by_key.get("nl_buurten"), by_key.get("demo")
    if nl and not nl.skipped:
        checks["nl_wijken_payload"] = nl.payload_bytes <= TARGETS["nl_wijken_payload_bytes"]
    if bu and not bu.skipped:
        checks["nl_buurten_payload"] = bu.payload_bytes <= TARGETS["nl_buurten_payload_bytes"]
        checks["nl_buurten_ratio"] = bu.ratios()["payload"] >= TARGETS["nl_buurten_payload_ratio"]
    if demo and demo.switch_ms is not None:
        checks["gemeente_switch"] = demo.switch_ms <= TARGETS["gemeente_switch_ms"]
    reruns = [f for f in results if not f.skipped]
    checks["non_map_rerun"] = all(
        f.rerun_ms <= TARGETS["non_map_rerun_ms"] and not f.map_rebuilt_on_rerun for f in reruns
    )
    return {
        "machine": {
            "python": platform.python_version(),
            "processor": platform.machine(),
            "cpus": _cpus(),
        },
        "datasets": {f.key: {**asdict(f), "ratios": f.ratios()} for f in results},
        "targets": TARGETS,
        "met": checks,
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def as_text(result: dict) -> str:
    """The report as a Dutch table."""
    lines = [
        f"Urgentiekaart — metingen ({result['machine']['cpus']} kernen, Python "
        f"{result['machine']['python']})",
        "",
    ]
    for figures in result["datasets"].values():
        lines.append(f"{figures['label']}")
        if figures["skipped"]:
            lines.append(f"  overgeslagen: {figures['skipped']}")
            lines.append("")
            continue
        r = figures["ratios"]
        lines.append(
            f"  {figures['polygons']} vlakken, {figures['vertices']:,} punten "
            f"(kaart: {figures['vertices_map']:,})".replace(",", ".")
        )
        lines.append(f"  {'':28}{'ons':>12}{'naïef':>12}{'factor':>9}")
        rows = [
            ("laden (eerste keer)", figures["load_ms"], figures["load_naive_ms"], r["load"], "ms"),
            ("kaart bouwen", figures["build_ms"], figures["build_naive_ms"], r["build"], "ms"),
            (
                "kaart (bytes)",
                figures["payload_bytes"],
                figures["payload_naive_bytes"],
                r["payload"],
                "B",
            ),
            (
                "herlading, ander widget",
                figures["rerun_ms"],
                figures["rerun_naive_ms"],
                r["rerun"],
                "ms",
            ),
        ]
        for name, ours, naive, ratio, unit in rows:
            lines.append(
                f"  {name:28}{_fmt(ours, unit):>12}{_fmt(naive, unit):>12}{ratio:>8}×".replace(
                    ".", ","
                )
            )
        lines.append(
            f"  paginatijd server: eerste weergave {_fmt(figures['first_view_ms'], 'ms')}, "
            f"herlading {_fmt(figures['rerun_ms'], 'ms')} (AppTest totaal: "
            f"{_fmt(figures['first_view_wall_ms'], 'ms')} en "
            f"{_fmt(figures['rerun_wall_ms'], 'ms')}); kaart opnieuw gebouwd bij herlading: "
            f"{'ja' if figures['map_rebuilt_on_rerun'] else 'nee'}"
        )
        if figures["switch_ms"] is not None:
            lines.append(
                f"  gemeente wisselen: {_fmt(figures['switch_ms'], 'ms')} (nieuw), "
                f"{_fmt(figures['switch_back_ms'], 'ms')} (terug, in cache)"
            )
        lines.extend(f"  let op: {n}" for n in figures["notes"])
        lines.append("  (laden: daarna uit de cache, ~0 ms; naïef laadt elke herlading opnieuw)")
        lines.append("")
    lines.append("Doelen:")
    for name, ok in result["met"].items():
        lines.append(f"  {'✓' if ok else '✗'} {name}")
    return "\n".join(lines)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "B":
        if value >= 1_000_000:
            return f"{value / 1_000_000:.2f} MB".replace(".", ",")
        return f"{value / 1000:.0f} kB"
    return f"{value:.0f} ms"


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False)
