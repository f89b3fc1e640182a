"""From a raw source table (any CBS spelling) to canonical rows.

Readers of every source (StatLine via cbsodata, KWB Excel, StatLine CSV, GeoPackage, WFS, demo)
only find the code and name columns; this module does the rest the same way for all of them:
strip and check codes, drop water and Buitenland, derive levels and parents, and compute every
catalogue indicator with missing values as NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from urgentie.canonical import (
    NATIONAL,
    CanonicalError,
    clean_code,
    is_excluded,
    parents_frame,
    to_number,
    validate_codes,
)
from urgentie.indicators import (
    GPKG_ALIASES,
    INDICATORS,
    Indicator,
    Ratio,
    resolve_odata_keys,
    squash,
)
from urgentie.store.areas import CRS, SourceRecord


@dataclass
class Incoming:
    """Canonical rows read from one source, ready to be merged into the store."""

    frame: gpd.GeoDataFrame
    jaar: int
    source: SourceRecord
    has_figures: bool
    has_geometry: bool
    period: str = ""
    missing_indicators: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    excluded: int = 0
    """Water and Buitenland areas left out."""
    partial_figures: bool = False
    """A boundary file with a few figures (e.g. only inwoners): too few to count as a gemeente's
    figures source, but enough to colour the national overview of all wijken."""
    per_thousand: tuple[str, ...] = ()
    """Indicator columns that hold counts (police figures) and become "per 1 000 inwoners"
    when merged, with the inwoners of the same gemeente-year (see ``urgentie.pipeline``)."""


class ColumnIndex:
    """Find a source's column by the name the catalogue gives, whatever its spelling.

    ``odata``: the table's keys are resolved by base name (suffix numbers change every year);
    ``kwb``: short names, case-insensitive; ``gpkg``/``wfs``: snake_case and camelCase compare
    equal after :func:`squash`, and renamed attributes are found through ``GPKG_ALIASES``.
    """

    def __init__(self, columns: list[str], source: str) -> None:
        self.source = source
        if source == "odata":
            self._lookup = resolve_odata_keys(columns)
        else:
            self._lookup = {}
            for col in columns:
                self._lookup.setdefault(squash(str(col)), str(col))
            for canonical, aliases in GPKG_ALIASES.items():
                key = squash(canonical)
                if key not in self._lookup:
                    for alias in aliases:
                        if squash(alias) in self._lookup:
                            self._lookup[key] = self._lookup[squash(alias)]
                            break

    def find(self, name: str) -> str | None:
        if self.source == "odata":
            return self._lookup.get(name)
        return self._lookup.get(squash(name))


def indicator_values(
    raw: pd.DataFrame, source: str, indicators: tuple[Indicator, ...] = INDICATORS
) -> tuple[pd.DataFrame, list[str]]:
    """Every catalogue indicator computed from ``raw`` (columns in ``source`` spelling).

    Returns the indicator frame (float columns named by canonical key, index of ``raw``) and the
    keys whose source columns are absent: those are NaN for this source and year, not an error.
    """
    index = ColumnIndex([str(c) for c in raw.columns], source)
    values: dict[str, pd.Series] = {}
    missing: list[str] = []
    for ind in indicators:
        if ind.third_party:
            # Police and RIVM figures never come with the Kerncijfers: not "missing" here.
            values[ind.key] = pd.Series(np.nan, index=raw.index, dtype="float64")
            continue
        series = _compute(raw, index, ind.spec(source))
        if series is None:
            missing.append(ind.key)
            series = pd.Series(np.nan, index=raw.index, dtype="float64")
        values[ind.key] = series
    return pd.DataFrame(values, index=raw.index), missing


def _compute(raw: pd.DataFrame, index: ColumnIndex, spec: object) -> pd.Series | None:
    if spec is None:
        return None
    if isinstance(spec, Ratio):
        columns = [index.find(c) for c in spec.columns()]
        if any(c is None for c in columns):
            return None
        numerator = to_number(raw[columns[0]])
        denominator = sum(to_number(raw[c]) for c in columns[1:])
        share = spec.scale * numerator / denominator.where(denominator > 0)
        return share.astype("float64")
    column = index.find(str(spec))
    if column is None:
        return None
    return to_number(raw[column])


def to_canonical(
    raw: pd.DataFrame,
    *,
    source: str,
    jaar: int,
    record: SourceRecord,
    code_column: str,
    name_column: str | None,
    gemeente_name_column: str | None = None,
    water_column: str | None = None,
    geometry: gpd.GeoSeries | None = None,
    extra: Mapping[str, str] | None = None,
    has_figures: bool = True,
    period: str = "",
    where: str = "",
) -> Incoming:
    """Turn one raw table into :class:`Incoming` canonical rows.

    Parameters
    ----------
    raw
        The source table, one row per area, with columns in the source's spelling.
    source
        Catalogue source name: ``odata``, ``kwb``, ``gpkg`` or ``wfs``.
    code_column, name_column, gemeente_name_column, water_column
        Where the CBS code, area name, gemeente name and water flag are.
    geometry
        Boundaries aligned with ``raw`` (any CRS; reprojected to EPSG:4326), or None.
    extra
        Optional canonical base columns to copy as text, ``{"postcode": "pst_mvp"}``.
    has_figures
        False for boundary files whose only attributes are codes and names.
    where
        File or service name used in error messages.
    """
    where = where or record.name
    if code_column not in raw.columns:
        raise CanonicalError(f"{where}: kolom met gebiedscode ({code_column}) ontbreekt.")
    raw = raw.reset_index(drop=True)
    codes = raw[code_column].map(clean_code)
    names = (
        raw[name_column].astype("string").str.strip().fillna("")
        if name_column and name_column in raw.columns
        else pd.Series("", index=raw.index, dtype="string")
    )
    water = raw[water_column] if water_column and water_column in raw.columns else None
    keep = ~pd.Series(
        [
            is_excluded(c, n, water.iloc[i] if water is not None else None)
            for i, (c, n) in enumerate(zip(codes, names, strict=True))
        ],
        index=raw.index,
    )
    # The land row (NL00) is a reference, not an area of a gemeente.
    keep &= codes != NATIONAL
    excluded = int((~keep).sum())
    raw, codes, names = raw[keep], codes[keep], names[keep]
    if geometry is not None:
        geometry = geometry.reset_index(drop=True)[keep.to_numpy()]
    validate_codes(codes, where)

    frame = parents_frame(codes)
    frame.insert(0, "code", codes.astype("string"))
    frame.insert(1, "naam", names.where(names != "", codes).astype("string"))
    frame["jaar"] = int(jaar)
    gm_names = (
        raw[gemeente_name_column].astype("string").str.strip()
        if gemeente_name_column and gemeente_name_column in raw.columns
        else pd.Series(pd.NA, index=raw.index, dtype="string")
    )
    # A gemeente row names its gemeente; use that where a separate column is absent.
    is_gm = frame["niveau"] == "gemeente"
    gm_names = gm_names.where(~(is_gm & gm_names.isna()), frame["naam"])
    frame["gemeente_naam"] = gm_names
    for target in ("indelingswijziging", "postcode"):
        column = (extra or {}).get(target)
        frame[target] = (
            raw[column].astype("string").str.strip().replace({".": pd.NA, "": pd.NA})
            if column and column in raw.columns
            else pd.Series(pd.NA, index=raw.index, dtype="string")
        )
    figures, missing = indicator_values(raw, source)
    if not has_figures:
        figures[:] = np.nan
        missing = []
    frame = pd.concat([frame, figures], axis=1)
    geoms = (
        gpd.GeoSeries(geometry.values, index=frame.index, crs=geometry.crs or CRS).to_crs(CRS)
        if geometry is not None
        else gpd.GeoSeries([None] * len(frame), index=frame.index, crs=CRS)
    )
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs=CRS)
    _fill_gemeente_names(gdf)
    return Incoming(
        frame=gdf,
        jaar=int(jaar),
        source=record,
        has_figures=has_figures,
        has_geometry=geometry is not None,
        period=period or str(jaar),
        missing_indicators=missing,
        excluded=excluded,
    )


def _fill_gemeente_names(frame: pd.DataFrame) -> None:
    """Give every row its gemeente's name when any row of that gemeente knows it."""
    known = frame.dropna(subset=["gemeente_naam"]).drop_duplicates("gemeente_code")
    lookup = dict(zip(known["gemeente_code"], known["gemeente_naam"], strict=True))
    known_names = frame["gemeente_code"].map(lookup).astype("string")
    frame["gemeente_naam"] = frame["gemeente_naam"].astype("string").fillna(known_names)
