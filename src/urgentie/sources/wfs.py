"""Boundaries of one gemeente, its wijken and buurten from the PDOK WFS 2.0 services.

- 2022 and later: ``wijkenbuurten/{jaar}`` (the Wijk- en buurtkaart), layers ``gemeenten``,
  ``wijken``, ``buurten``, filtered on ``gemeentecode``; only code, name, water flag and geometry
  are asked for (``propertyName``), because each feature also carries some 200 figures that the
  StatLine table already gives.
- Earlier years: ``gebiedsindelingen/{jaar}`` (generalised boundaries without figures), layers
  ``*_gegeneraliseerd``, filtered with ``PropertyIsLike`` on ``statcode`` (``WK0344*``).

GeoJSON in EPSG:4326 comes back as lon/lat; pages of :data:`PAGE_SIZE` features are fetched with
``count`` + ``startIndex`` until a short page arrives or ``numberMatched`` is reached. Water and
Buitenland features are kept here with their ``water`` flag; the canonical mapping drops them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import pandas as pd
import requests
import shapely

from urgentie.sources.http import (
    DownloadError,
    InvalidResponseError,
    RetryPolicy,
    ServiceExceptionError,
    get_json,
    with_retries,
)

WIJKENBUURTEN_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{jaar}/wfs/v1_0"
GEBIEDSINDELINGEN_URL = "https://service.pdok.nl/cbs/gebiedsindelingen/{jaar}/wfs/v1_0"
WIJKENBUURTEN_FROM = 2022
"""First year of the ``wijkenbuurten`` WFS on service.pdok.nl; earlier: gebiedsindelingen."""
PAGE_SIZE = 1000
MAX_PAGES = 200
"""Safety stop: a gemeente has at most a few thousand features; more pages means a paging bug."""
FES_NS = "http://www.opengis.net/fes/2.0"
CRS = "EPSG:4326"

Report = Callable[[str], None]


@dataclass(frozen=True)
class Layer:
    """One level of a boundary service and how to ask it for one gemeente."""

    niveau: str
    type_names: tuple[str, ...]
    """The type name to ask for, then alternatives used only when the service does not know it
    (layer names of the 2023 service are reported differently by different sources)."""
    code: str
    name: str
    filter_xml: str
    property_names: tuple[str, ...] = ()
    """Empty: every property (the gebiedsindelingen features are small anyway)."""


@dataclass(frozen=True)
class Service:
    """A boundary WFS of one year."""

    label: str
    url: str
    layers: tuple[Layer, ...]


@dataclass
class BoundaryResult:
    """Boundaries of one gemeente: ``frame`` has ``code``, ``naam``, ``niveau``, ``water`` and a
    lon/lat geometry; ``counts`` the features per level as delivered (water included)."""

    service: Service
    frame: gpd.GeoDataFrame
    counts: dict[str, int] = field(default_factory=dict)


def equal_filter(prop: str, value: str) -> str:
    """FES 2.0 filter ``prop = value``."""
    return (
        f'<fes:Filter xmlns:fes="{FES_NS}"><fes:PropertyIsEqualTo>'
        f"<fes:ValueReference>{escape(prop)}</fes:ValueReference>"
        f"<fes:Literal>{escape(value)}</fes:Literal>"
        "</fes:PropertyIsEqualTo></fes:Filter>"
    )


def prefix_filter(prop: str, prefix: str) -> str:
    """FES 2.0 filter ``prop LIKE 'prefix*'``."""
    return (
        f'<fes:Filter xmlns:fes="{FES_NS}">'
        '<fes:PropertyIsLike wildCard="*" singleChar="." escapeChar="!">'
        f"<fes:ValueReference>{escape(prop)}</fes:ValueReference>"
        f"<fes:Literal>{escape(prefix)}*</fes:Literal>"
        "</fes:PropertyIsLike></fes:Filter>"
    )


def service_for(gemeente: str, jaar: int) -> Service:
    """The boundary service and its three layers for ``gemeente`` in ``jaar``."""
    digits = gemeente[2:]
    if jaar >= WIJKENBUURTEN_FROM:
        by_gemeente = equal_filter("gemeentecode", gemeente)
        return Service(
            f"PDOK wijkenbuurten {jaar}",
            WIJKENBUURTEN_URL.format(jaar=jaar),
            (
                Layer(
                    "gemeente",
                    ("wijkenbuurten:gemeenten", f"gemeenten{jaar}"),
                    "gemeentecode",
                    "gemeentenaam",
                    by_gemeente,
                    ("gemeentecode", "gemeentenaam", "water", "geom"),
                ),
                Layer(
                    "wijk",
                    ("wijkenbuurten:wijken", f"cbs_wijken_{jaar}"),
                    "wijkcode",
                    "wijknaam",
                    by_gemeente,
                    ("wijkcode", "wijknaam", "water", "geom"),
                ),
                Layer(
                    "buurt",
                    ("wijkenbuurten:buurten", f"cbs_buurten_{jaar}"),
                    "buurtcode",
                    "buurtnaam",
                    by_gemeente,
                    ("buurtcode", "buurtnaam", "water", "geom"),
                ),
            ),
        )
    return Service(
        f"PDOK gebiedsindelingen {jaar}",
        GEBIEDSINDELINGEN_URL.format(jaar=jaar),
        (
            Layer(
                "gemeente",
                ("gebiedsindelingen:gemeente_gegeneraliseerd", "gemeente_gegeneraliseerd"),
                "statcode",
                "statnaam",
                equal_filter("statcode", gemeente),
            ),
            Layer(
                "wijk",
                ("gebiedsindelingen:wijk_gegeneraliseerd", "wijk_gegeneraliseerd"),
                "statcode",
                "statnaam",
                prefix_filter("statcode", f"WK{digits}"),
            ),
            Layer(
                "buurt",
                ("gebiedsindelingen:buurt_gegeneraliseerd", "buurt_gegeneraliseerd"),
                "statcode",
                "statnaam",
                prefix_filter("statcode", f"BU{digits}"),
            ),
        ),
    )


def getfeature_params(layer: Layer, type_name: str, start: int, count: int) -> dict[str, str]:
    """Query parameters of one GetFeature page."""
    params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": type_name,
        "outputFormat": "application/json",
        "srsName": CRS,
        "count": str(count),
        "startIndex": str(start),
        "filter": layer.filter_xml,
    }
    if layer.property_names:
        params["propertyName"] = ",".join(layer.property_names)
    return params


def fetch_boundaries(
    gemeente: str,
    jaar: int,
    policy: RetryPolicy | None = None,
    *,
    report: Report | None = None,
    page_size: int | None = None,
    session: requests.Session | None = None,
) -> BoundaryResult:
    """Every gemeente, wijk and buurt boundary of ``gemeente`` in ``jaar``, completely in memory.

    Raises :class:`DownloadError` (Dutch reason) when any page fails after retries, so a caller
    never sees part of a layer.
    """
    policy = policy or RetryPolicy.from_settings()
    page_size = page_size or PAGE_SIZE
    service = service_for(gemeente, jaar)
    own_session = session is None
    client = _Client(session or _session(), service.url, policy, page_size, report)
    parts: list[gpd.GeoDataFrame] = []
    counts: dict[str, int] = {}
    try:
        for layer in service.layers:
            features = client.layer(layer)
            counts[layer.niveau] = len(features)
            parts.append(_to_frame(features, layer))
    finally:
        if own_session:
            client.session.close()
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=CRS)
    return BoundaryResult(service, _ensure_lonlat(frame), counts)


def _session() -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": "Urgentiekaart (open source; CBS/PDOK open data)"})
    return session


@dataclass
class _Client:
    """One WFS service, one session, one policy: fetches layers page by page."""

    session: requests.Session
    url: str
    policy: RetryPolicy
    page_size: int
    report: Report | None = None

    def layer(self, layer: Layer) -> list[dict]:
        """All features of one layer, trying the alternative type names only on "unknown type"."""
        last: DownloadError | None = None
        for type_name in layer.type_names:
            try:
                return self.pages(layer, type_name)
            except DownloadError as exc:
                if not _unknown_type(exc, type_name):
                    raise
                last = exc
        assert last is not None
        raise last

    def pages(self, layer: Layer, type_name: str) -> list[dict]:
        """Every page of one type name; each page has its own retries."""
        features: list[dict] = []
        matched: int | None = None
        for _ in range(MAX_PAGES):
            params = getfeature_params(layer, type_name, len(features), self.page_size)
            page = with_retries(lambda p=params: self.page(p), self.policy)
            got = page["features"]
            features.extend(got)
            if isinstance(page.get("numberMatched"), int):
                matched = page["numberMatched"]
            if self.report:
                total = f" van {matched}" if matched is not None else ""
                self.report(f"{len(features)}{total} {layer.niveau}grenzen")
            if not got:
                break
            if matched is not None:
                # Trust the total over the page length: a server may cap ``count`` below ours.
                if len(features) >= matched:
                    break
            elif len(got) < self.page_size:
                break
        else:
            raise DownloadError(f"meer dan {MAX_PAGES} pagina's voor {layer.niveau}", 1)
        if matched is not None and len(features) != matched:
            raise DownloadError(
                f"onvolledig antwoord: {len(features)} van {matched} {layer.niveau}grenzen", 1
            )
        return features

    def page(self, params: dict[str, str]) -> dict:
        """One GetFeature page, checked to be a complete GeoJSON FeatureCollection."""
        page = get_json(self.session, self.url, params, self.policy)
        features = page.get("features")
        if page.get("type") != "FeatureCollection" or not isinstance(features, list):
            raise InvalidResponseError(
                "onverwacht antwoord van PDOK (geen GeoJSON FeatureCollection)"
            )
        returned = page.get("numberReturned")
        if isinstance(returned, int) and returned != len(features):
            raise InvalidResponseError(
                f"onvolledig antwoord van PDOK ({len(features)} van {returned} grenzen "
                "in een pagina)"
            )
        return page


def _unknown_type(exc: DownloadError, type_name: str) -> bool:
    cause = exc.__cause__
    if not isinstance(cause, ServiceExceptionError):
        return False
    where = f"{cause.locator} {cause.text}".lower()
    return "typename" in where or type_name.lower() in where


def _to_frame(features: list[dict], layer: Layer) -> gpd.GeoDataFrame:
    """Code, name, level, water flag and geometry; parts of one area are merged into one."""
    if not features:
        return gpd.GeoDataFrame(
            {"code": [], "naam": [], "niveau": [], "water": []}, geometry=[], crs=CRS
        )
    raw = gpd.GeoDataFrame.from_features(features, crs=CRS)
    for column in (layer.code, layer.name):
        if column not in raw.columns:
            raise DownloadError(
                f"onverwacht antwoord van PDOK: eigenschap {column} ontbreekt in de "
                f"{layer.niveau}grenzen",
                1,
            )
    frame = gpd.GeoDataFrame(
        {
            "code": raw[layer.code].astype("string").str.strip(),
            "naam": raw[layer.name].astype("string").str.strip(),
            "niveau": layer.niveau,
            "water": (
                raw["water"].astype("string").str.strip().str.upper()
                if "water" in raw.columns
                else pd.Series(pd.NA, index=raw.index, dtype="string")
            ),
        },
        geometry=raw.geometry,
        crs=CRS,
    )
    return _merge_parts(frame)


def _merge_parts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (code, water flag): an area delivered as several features becomes one."""
    keys = frame["code"].fillna("") + "|" + frame["water"].fillna("")
    if not keys.duplicated().any():
        return frame
    merged = frame.assign(_key=keys).dissolve(by="_key", as_index=False, aggfunc="first")
    return gpd.GeoDataFrame(merged.drop(columns="_key"), geometry="geometry", crs=CRS)


def _ensure_lonlat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Guard against axis-order and CRS surprises of WFS servers.

    EPSG:4326 officially has latitude first; PDOK's GeoJSON gives lon/lat, but a server that
    honours the EPSG order (or ignores ``srsName`` and answers in RD metres) would put every
    boundary in the wrong place. The Netherlands lie at lon 3–8, lat 50–54, so the order can
    be told from the coordinates.
    """
    geoms = frame.geometry
    present = geoms.notna() & ~geoms.is_empty
    if not present.any():
        return frame
    minx, miny, maxx, maxy = geoms[present].total_bounds
    if minx > 1000 or maxx > 1000:
        # RD New metres (EPSG:28992) although EPSG:4326 was asked for.
        moved = geoms.set_crs("EPSG:28992", allow_override=True).to_crs(CRS)
        return frame.set_geometry(moved)
    if minx >= 49 and maxx <= 55 and miny >= 2 and maxy <= 9:
        swapped = shapely.transform(np.asarray(geoms.values), lambda xy: xy[:, ::-1])
        return frame.set_geometry(gpd.GeoSeries(swapped, index=frame.index, crs=CRS))
    return frame
