"""Checks on the boundaries of a file before anything is stored: a CRS that exists, coordinates
that fit it, and valid polygons.

- An unknown CRS (``EPSG:99999``) is a Dutch error, not pyproj's ``CRSError``.
- Coordinates are checked against the declared CRS's area of use, per area: lon/lat under a
  projected CRS (a file that says RD New but holds degrees), metres under WGS84, or a shape
  far outside the CRS's area, refuse the file with the areas named.
- An invalid polygon (self-intersection, a ring crossing itself) is repaired and each repaired
  area is named in the import report.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from urgentie.errors import UserError
from urgentie.geometry import make_valid

AREA_MARGIN_DEG = 1.0
"""Slack around a CRS's published area of use: border areas may reach just past it."""
MAX_LISTED = 10

REASONS = {
    "Self-intersection": "de grens snijdt zichzelf",
    "Ring Self-intersection": "een ring snijdt zichzelf",
    "Too few points": "te weinig punten",
    "Too few points in geometry component": "een deel heeft te weinig punten",
    "Invalid Coordinate": "ongeldige coördinaat",
    "Hole lies outside shell": "een gat ligt buiten het vlak",
    "Interior is disconnected": "het vlak valt in stukken uiteen",
    "Nested shells": "vlakken liggen in elkaar",
    "Nested holes": "gaten liggen in elkaar",
    "Duplicate Rings": "dubbele ringen",
    "Ring not closed": "een ring is niet gesloten",
}


def known_crs(code: str, name: str) -> CRS:
    """The pyproj CRS of ``code`` (``EPSG:28992``), or a Dutch error for one that does not exist."""
    try:
        return CRS.from_user_input(code)
    except CRSError as exc:
        raise UserError(
            f"{name}: onbekend coördinatenstelsel {code}. Sla het bestand op in WGS84 "
            "(EPSG:4326) of RD New (EPSG:28992)."
        ) from exc


def _label(codes: pd.Series, index: object, number: int) -> str:
    code = codes.get(index) if codes is not None else None
    return f"gebied {number}" + (f" ({code})" if isinstance(code, str) and code else "")


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" en nog {len(items) - MAX_LISTED}" if len(items) > MAX_LISTED else "")


def check_fits(geometry: gpd.GeoSeries, crs: CRS, codes: pd.Series, name: str) -> None:
    """Refuse coordinates that do not fit ``crs`` (see the module docstring), naming the areas."""
    present = geometry[geometry.notna() & ~geometry.is_empty]
    if present.empty:
        return
    bounds = present.bounds
    in_degrees = (
        (bounds["minx"] >= -180)
        & (bounds["maxx"] <= 180)
        & (bounds["miny"] >= -90)
        & (bounds["maxy"] <= 90)
    )
    label = f"EPSG:{crs.to_epsg()}" if crs.to_epsg() else crs.name
    numbers = {index: i for i, index in enumerate(geometry.index, start=1)}
    if crs.is_projected and in_degrees.all():
        raise UserError(
            f"{name}: het bestand zegt {label} ({crs.name}, in meters), maar de coördinaten zijn "
            "lengte- en breedtegraden. Sla het op met het juiste coördinatenstelsel (EPSG:4326)."
        )
    if crs.is_geographic:
        outside = ~in_degrees
    else:
        lonlat = gpd.GeoSeries(present.values, index=present.index, crs=crs).to_crs("EPSG:4326")
        b = lonlat.bounds
        area = crs.area_of_use
        if area is None:
            return
        m = AREA_MARGIN_DEG
        finite = np.isfinite(b.to_numpy()).all(axis=1)
        outside = ~(
            finite
            & (b["minx"] >= area.west - m)
            & (b["maxx"] <= area.east + m)
            & (b["miny"] >= area.south - m)
            & (b["maxy"] <= area.north + m)
        )
    bad = [_label(codes, i, numbers[i]) for i in present.index[outside.to_numpy()]]
    if bad:
        raise UserError(
            f"{name}: {len(bad)} gebied(en) liggen buiten het gebied van het coördinatenstelsel "
            f"{label}: {_listed(bad)}. Klopt het coördinatenstelsel van het bestand?"
        )


def repair(geometry: gpd.GeoSeries, codes: pd.Series, name: str) -> tuple[gpd.GeoSeries, list[str]]:
    """Repair invalid polygons; one Dutch report line per repaired area."""
    values = np.asarray(geometry.values, dtype=object)
    present = np.array([g is not None and not g.is_empty for g in values], dtype=bool)
    invalid = present.copy()
    invalid[present] = ~shapely.is_valid(values[present])
    if not invalid.any():
        return geometry, []
    notes = []
    for position in np.flatnonzero(invalid):
        reason = shapely.is_valid_reason(values[position]).split("[")[0].strip()
        dutch = REASONS.get(reason, "ongeldige vorm")
        label = _label(codes, geometry.index[position], int(position) + 1)
        notes.append(f"{name}: {label}: ongeldige grens ({dutch}), automatisch hersteld.")
    if len(notes) > MAX_LISTED:
        rest = len(notes) - MAX_LISTED
        notes = [*notes[:MAX_LISTED], f"{name}: en nog {rest} ongeldige grenzen, ook hersteld."]
    repaired = make_valid(geometry[invalid])
    fixed = geometry.copy()
    fixed[invalid] = repaired.values
    return fixed, notes
