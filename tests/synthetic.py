"""Small synthetic gemeenten for map and page tests, saved through the real AreaStore.

A gemeente is a grid of square buurten (1 km), grouped in wijken of whole columns, so every
boundary is shared exactly (a real coverage) and the expected numbers are easy to reason about.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from urgentie.canonical import BASE_COLUMNS
from urgentie.indicators import INDICATOR_KEYS
from urgentie.store.areas import CRS, AreaStore, Manifest, SourceRecord

STEP = 0.0145  # about 1 km in longitude at 52° N
ORIGIN = (5.10, 52.05)


def grid_frame(
    gemeente: str = "GM9998",
    naam: str = "Proefdorp",
    jaar: int = 2024,
    wijken: int = 3,
    buurten_per_wijk: int = 3,
    *,
    seed: int = 42,
    names: Mapping[str, str] | None = None,
    missing: Mapping[str, list[str]] | None = None,
) -> gpd.GeoDataFrame:
    """A canonical frame: one gemeente, ``wijken`` wijken (columns), buurten stacked in each.

    Indicator values are random but deterministic (``random.Random(seed)``); ``names`` overrides
    area names by code and ``missing`` blanks indicator values ``{indicator: [codes]}``.
    """
    rng = random.Random(seed)
    gm_digits = gemeente[2:]
    rows = []
    for w in range(wijken):
        wijk_code = f"WK{gm_digits}{w:02d}"
        x0 = ORIGIN[0] + w * STEP
        buurt_geoms = []
        for b in range(buurten_per_wijk):
            y0 = ORIGIN[1] + b * STEP * 0.62
            geom = shapely.box(x0, y0, x0 + STEP, y0 + STEP * 0.62)
            buurt_geoms.append(geom)
            code = f"BU{gm_digits}{w:02d}{b:02d}"
            rows.append(
                _row(
                    code,
                    f"Buurt {w + 1}.{b + 1}",
                    "buurt",
                    gemeente,
                    naam,
                    jaar,
                    geom,
                    wijk_code,
                    rng,
                )
            )
        rows.append(
            _row(
                wijk_code,
                f"Wijk {w + 1}",
                "wijk",
                gemeente,
                naam,
                jaar,
                shapely.union_all(buurt_geoms),
                None,
                rng,
            )
        )
    frame = pd.DataFrame(rows)
    for code, new_name in (names or {}).items():
        frame.loc[frame["code"] == code, "naam"] = new_name
    for key, codes in (missing or {}).items():
        frame.loc[frame["code"].isin(codes), key] = np.nan
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)


def _row(
    code: str,
    naam: str,
    niveau: str,
    gemeente: str,
    gemeente_naam: str,
    jaar: int,
    geom: shapely.Geometry,
    wijk_code: str | None,
    rng: random.Random,
) -> dict:
    row: dict = dict.fromkeys(BASE_COLUMNS)
    row.update(
        code=code,
        naam=naam,
        niveau=niveau,
        gemeente_code=gemeente,
        gemeente_naam=gemeente_naam,
        wijk_code=wijk_code,
        jaar=jaar,
        indelingswijziging="1",
        geometry=geom,
    )
    for key in INDICATOR_KEYS:
        row[key] = round(rng.uniform(5, 60), 1)
    row["inwoners"] = float(rng.randint(300, 4000))
    return row


def save_grid(store: AreaStore, frame: gpd.GeoDataFrame, *, demo: bool = False) -> Manifest:
    """Save ``frame`` as the gemeente-year it holds; returns the stored manifest."""
    first = frame.iloc[0]
    manifest = Manifest(
        str(first["gemeente_code"]),
        str(first["gemeente_naam"]),
        int(first["jaar"]),
        period=str(first["jaar"]),
        demo=demo,
        sources=[SourceRecord("bestand", "beide", "synthetisch")],
    )
    store.save(frame, manifest)
    stored = store.manifest(manifest.gemeente_code, manifest.jaar)
    assert stored is not None
    return stored
