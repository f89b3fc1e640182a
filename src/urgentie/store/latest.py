"""The view of one year: per indicator the newest figure at or before that year.

CBS publishes the Kerncijfers of year Y in stages: the first release has population only, income,
benefits, Wmo, energy and education follow one or two years later. A view for year Y therefore
takes, per area and indicator, the figure of Y when there is one and otherwise the newest stored
figure of an earlier year — but only

- for an area whose code *and* boundary are unchanged since that year (a figure of an older,
  different area says nothing about the new one), and
- when that year is at most ``URGENTIE_CIJFERS_MAX_LEEFTIJD`` years older than Y.

Every indicator column ``k`` gets a companion ``k_peiljaar`` with the year the figure describes,
so every page, export and the CLI can say "cijfers van 2022". Areas whose code or boundary changed
between the stored years are flagged in ``gebiedsindeling_gewijzigd``: their series is broken
there.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from urgentie import settings
from urgentie.indicators import INDICATOR_KEYS

PEILJAAR_SUFFIX = "_peiljaar"
CHANGED_COLUMN = "gebiedsindeling_gewijzigd"
BOUNDARY_CHANGED = "3"
"""CBS ``IndelingswijzigingGemeenteWijkBuurt``: 3 = the boundary changed since last year."""

OVERLAP_MIN = 0.9
"""Two boundaries of one code count as the same area when their overlap (intersection over
union) is at least this: different generalisations of the same boundary stay far above it, a
real boundary change that moves a street or more falls below it in the areas where it matters."""


def peiljaar_column(key: str) -> str:
    """``pct_laag_inkomen`` -> ``pct_laag_inkomen_peiljaar``."""
    return f"{key}{PEILJAAR_SUFFIX}"


def max_age() -> int:
    """How many years older than the view a figure may be (the declared setting)."""
    return max(0, int(settings.get("URGENTIE_CIJFERS_MAX_LEEFTIJD")))


def latest_figures(
    current: pd.DataFrame,
    jaar: int,
    older: dict[int, pd.DataFrame],
    *,
    oldest_allowed: int | None = None,
) -> pd.DataFrame:
    """``current`` (the areas of ``jaar``) with its gaps filled from ``older`` years.

    Parameters
    ----------
    current
        Canonical table of one gemeente, year and level (``code``, indicator columns, and
        optionally ``indelingswijziging`` and ``geometry``).
    jaar
        The year of the view.
    older
        Canonical tables of the same gemeente and level for earlier years (any order).
    oldest_allowed
        The oldest year a figure may come from; None uses the declared maximum age.

    Returns
    -------
    pandas.DataFrame
        A copy of ``current`` where each missing figure is replaced by the newest figure of an
        earlier year within the maximum age for an unchanged area, with a ``<key>_peiljaar``
        column per indicator (``Int64``; missing where there is no figure at all) and the flag
        ``gebiedsindeling_gewijzigd``.
    """
    if oldest_allowed is None:
        oldest_allowed = int(jaar) - max_age()
    view = current.copy()
    keys = [k for k in INDICATOR_KEYS if k in view.columns]
    codes = view["code"].astype(str)
    for key in keys:
        view[key] = pd.to_numeric(view[key], errors="coerce").astype("float64")
        view[peiljaar_column(key)] = (
            pd.Series(int(jaar), index=view.index, dtype="Int64").where(view[key].notna())
        ).astype("Int64")
    changed = pd.Series(False, index=view.index)
    if "indelingswijziging" in view.columns:
        changed |= view["indelingswijziging"].astype(str).str.strip() == BOUNDARY_CHANGED
    # Newest first: a year closer to the view wins over an older one.
    later_changes = changed.copy()
    for year in sorted((y for y in older if y < int(jaar)), reverse=True):
        old = older[year]
        if old is None or old.empty or "code" not in old.columns:
            continue
        old = old.drop_duplicates("code").set_index(old["code"].astype(str))
        present = codes.isin(old.index)
        same = present & ~later_changes & ~_boundary_moved(view, old, codes)
        # An area whose code did not exist then, or whose boundary moved, breaks its series here.
        changed |= ~present | (present & (later_changes | _boundary_moved(view, old, codes)))
        if year >= oldest_allowed:
            for key in keys:
                if key not in old.columns:
                    continue
                values = pd.to_numeric(codes.map(old[key]), errors="coerce").astype("float64")
                fill = view[key].isna() & same & values.notna()
                if fill.any():
                    view.loc[fill, key] = values[fill]
                    view.loc[fill, peiljaar_column(key)] = year
        # A change reported in this older year separates it from every year before it.
        if "indelingswijziging" in old.columns:
            moved_then = codes.map(old["indelingswijziging"].astype(str).str.strip())
            later_changes = later_changes | (moved_then == BOUNDARY_CHANGED)
        later_changes = later_changes | (present & _boundary_moved(view, old, codes)) | ~present
    view[CHANGED_COLUMN] = changed.astype(bool)
    return view


def _boundary_moved(view: pd.DataFrame, old: pd.DataFrame, codes: pd.Series) -> pd.Series:
    """True where both years have a boundary for the code and they overlap less than
    :data:`OVERLAP_MIN`; False where either boundary is unknown (the CBS change code decides)."""
    moved = pd.Series(False, index=view.index)
    if "geometry" not in view.columns or "geometry" not in old.columns:
        return moved
    new_geo = gpd.GeoSeries(view["geometry"].values, index=view.index, crs="EPSG:4326")
    old_geo = gpd.GeoSeries(codes.map(old["geometry"]).values, index=view.index, crs="EPSG:4326")
    both = new_geo.notna() & old_geo.notna() & ~new_geo.is_empty & ~old_geo.is_empty
    if not both.any():
        return moved
    # Areas in square metres (RD New), so the ratio does not depend on latitude.
    a = new_geo[both].to_crs("EPSG:28992").make_valid()
    b = old_geo[both].to_crs("EPSG:28992").make_valid()
    union = a.union(b, align=False).area
    overlap = a.intersection(b, align=False).area / union.where(union > 0)
    moved[both] = (overlap < OVERLAP_MIN).fillna(False).to_numpy()
    return moved


def figure_years(view: pd.DataFrame, keys: list[str] | None = None) -> tuple[int, int] | None:
    """The oldest and newest peiljaar among the figures of ``view`` (None without figures)."""
    columns = [
        peiljaar_column(k)
        for k in (keys if keys is not None else INDICATOR_KEYS)
        if peiljaar_column(k) in view.columns
    ]
    if not columns:
        return None
    years = pd.concat([view[c] for c in columns]).dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())


def years_text(span: tuple[int, int] | None) -> str:
    """``cijfers 2022–2024`` or ``cijfers 2024``; empty without figures."""
    if span is None:
        return ""
    first, last = span
    return f"cijfers {first}" if first == last else f"cijfers {first}–{last}"


def older_text(peiljaar: object, jaar: int) -> str:
    """``cijfers van 2022`` when a figure is older than the view's year, else empty."""
    try:
        year = int(peiljaar)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f"cijfers van {year}" if year < int(jaar) else ""
