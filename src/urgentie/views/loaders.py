"""Cached loaders: the only place where data reaches Streamlit's caches.

Each loader is keyed on the dataset's ``saved_at`` stamp, so an import invalidates exactly the
entries it changed and a rerun that changes nothing reads from memory.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from urgentie.canonical import LEVELS, NATIONAL
from urgentie.choropleth import ConcentrationView, concentration_by_code
from urgentie.mapdata import Shapes, encode_shapes
from urgentie.store.areas import AreaStore, Manifest
from urgentie.store.reference import load_reference, reference_frame


def store() -> AreaStore:
    """The area store of the configured data directory."""
    return AreaStore()


def manifests() -> list[Manifest]:
    """Every stored dataset; an import shows up within two seconds.

    Reading every manifest is slow once all 342 gemeenten are stored (json for each), so the
    list is cached until the store's fingerprint — the ``CURRENT`` pointers and their times —
    changes. The shared Manifest objects must not be modified.
    """
    root = str(store().root)
    return list(_manifests(root, _fingerprint(root)))


@st.cache_data(show_spinner=False, ttl=2)
def _fingerprint(root: str) -> str:
    """Cheap version stamp of the whole store (one ``stat`` per dataset, no file reads)."""
    stamps = []
    base = Path(root) / "gebieden"
    if not base.is_dir():
        return ""
    with os.scandir(base) as gemeenten:
        for gemeente in gemeenten:
            if not gemeente.is_dir():
                continue
            with os.scandir(gemeente.path) as years:
                for year in years:
                    try:
                        stat = (Path(year.path) / "CURRENT").stat()
                    except OSError:
                        continue
                    stamps.append(f"{year.path}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.sha1("\n".join(sorted(stamps)).encode(), usedforsecurity=False).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _manifests(root: str, fingerprint: str) -> tuple[Manifest, ...]:
    del fingerprint  # only part of the cache key
    return tuple(AreaStore(Path(root)).manifests())


def manifest(gemeente: str, jaar: int) -> Manifest | None:
    """The manifest of one stored dataset (from the cached list), or None."""
    return next(
        (m for m in manifests() if m.gemeente_code == gemeente and m.jaar == int(jaar)), None
    )


def is_demo(gemeente: str, jaar: int) -> bool:
    """Whether a stored dataset is the fictional demo (pages label it so)."""
    found = manifest(gemeente, jaar)
    return bool(found and found.demo)


def saved_at(gemeente: str, jaar: int) -> str:
    """Version stamp of one dataset, used as part of cache keys ("" when not stored).

    It names the data directory and the stored version (unique per save), not only the save
    time: two saves within one second, or the same gemeente in two data directories (tests),
    never share cache entries.
    """
    root = str(store().root)
    return _versions(root, _fingerprint(root)).get((gemeente, int(jaar)), "")


@st.cache_resource(show_spinner=False, max_entries=8)
def _versions(root: str, fingerprint: str) -> dict[tuple[str, int], str]:
    del fingerprint  # only part of the cache key
    versions = {}
    for m in _manifests(root, _fingerprint(root)):
        pointer = Path(root) / "gebieden" / m.gemeente_code / str(m.jaar) / "CURRENT"
        try:
            version = pointer.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        versions[(m.gemeente_code, m.jaar)] = f"{root}|{version}|{m.saved_at}"
    return versions


@st.cache_data(show_spinner="Gegevens laden…", max_entries=64)
def _areas(gemeente: str, jaar: int, niveau: str | None, stamp: str) -> gpd.GeoDataFrame:
    del stamp  # only part of the cache key
    return store().view(gemeente, jaar, niveau)


def areas(gemeente: str, jaar: int, niveau: str | None = None) -> gpd.GeoDataFrame:
    """The view of one gemeente-year (optionally one level), cached: per indicator the newest
    figure at or before ``jaar`` with its ``<key>_peiljaar`` (see ``AreaStore.view``)."""
    return _areas(gemeente, jaar, niveau, view_stamp(gemeente, jaar))


def view_stamp(gemeente: str, jaar: int) -> str:
    """Version stamp of a view: the year itself and every earlier year it may take figures
    from, so importing an older release refreshes the newer views too."""
    if not saved_at(gemeente, jaar):
        return ""
    root = str(store().root)
    versions = _versions(root, _fingerprint(root))
    return "+".join(
        v for (gm, year), v in sorted(versions.items()) if gm == gemeente and year <= int(jaar)
    )


def has_dataset(gemeente: str, jaar: int) -> bool:
    """Whether a dataset for this gemeente (or ``NL00``) and year is stored."""
    return bool(saved_at(gemeente, jaar))


@st.cache_resource(show_spinner="Kaart voorbereiden…", max_entries=32)
def _shapes(gemeente: str, jaar: int, niveau: str, stamp: str) -> Shapes:
    del stamp
    return encode_shapes(store().load_map_geometry(gemeente, jaar, niveau))


def shapes(gemeente: str, jaar: int, niveau: str) -> Shapes:
    """Encoded map outlines of one dataset level (made once per dataset version).

    Cached as a resource (shared, not copied): callers must not change it.
    """
    return _shapes(gemeente, jaar, niveau, saved_at(gemeente, jaar))


@st.cache_resource(show_spinner=False, max_entries=32)
def _areas_shared(gemeente: str, jaar: int, niveau: str, stamp: str) -> gpd.GeoDataFrame:
    del stamp
    return store().view(gemeente, jaar, niveau)


@st.cache_resource(show_spinner=False, max_entries=32)
def _attributes(gemeente: str, jaar: int, niveau: str, stamp: str) -> pd.DataFrame:
    del stamp
    return store().view(gemeente, jaar, niveau, geometry=False)


def attributes(gemeente: str, jaar: int, niveau: str) -> pd.DataFrame:
    """Names and figures of one level, without boundaries (what maps, scores and tables use).

    Shared, not copied: never modify it.
    """
    return _attributes(gemeente, jaar, niveau, view_stamp(gemeente, jaar))


@st.cache_resource(show_spinner=False, max_entries=32)
def _all_attributes(gemeente: str, jaar: int, stamp: str) -> pd.DataFrame:
    del stamp
    parts = [store().view(gemeente, jaar, lvl, geometry=False) for lvl in LEVELS]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"code": []})


def all_attributes(gemeente: str, jaar: int) -> pd.DataFrame:
    """Names and figures of every level of a dataset, without boundaries. Never modify it."""
    return _all_attributes(gemeente, jaar, view_stamp(gemeente, jaar))


@st.cache_resource(show_spinner="Scores berekenen…", max_entries=64)
def _scores(
    gemeente: str,
    jaar: int,
    niveau: str,
    weights: tuple[tuple[str, float], ...],
    *,
    national: bool,
    stamp: str,
) -> object:
    from urgentie.analysis import scores as scoring

    del stamp
    areas = _attributes(gemeente, jaar, niveau, view_stamp(gemeente, jaar))
    reference = None
    if national:
        nl = _attributes(NATIONAL, jaar, "wijk", view_stamp(NATIONAL, jaar))
        reference = scoring.reference_stats(nl)
    return scoring.compute_scores(areas, weights=dict(weights), reference=reference)


def scores(
    gemeente: str,
    jaar: int,
    niveau: str,
    weights: dict[str, float],
    *,
    national: bool = False,
) -> object:
    """Urgency scores (``urgentie.analysis.scores.ScoreResult``) of one level, cached.

    ``national`` compares with all Dutch wijken of the year (``NL00``) instead of the
    gemeente's own areas. Shared, not copied: never modify the result.
    """
    stamp = view_stamp(gemeente, jaar) + (view_stamp(NATIONAL, jaar) if national else "")
    weights_key = tuple(sorted(weights.items()))
    return _scores(gemeente, jaar, niveau, weights_key, national=national, stamp=stamp)


@st.cache_resource(show_spinner="Concentratie berekenen (999 permutaties)…", max_entries=32)
def _concentration(
    gemeente: str, jaar: int, niveau: str, values: tuple[tuple[str, float], ...], stamp: str
) -> ConcentrationView:
    from urgentie.analysis.concentration import concentration as compute

    del stamp
    areas = _areas_shared(gemeente, jaar, niveau, view_stamp(gemeente, jaar))
    codes = pd.Index(areas["code"].astype(str), name=None)
    # Areas and values share one index of codes in the same order, so the analysis may align
    # them by label or by position and get the same answer.
    series = pd.Series(dict(values), dtype=float).reindex(codes)
    # The caller passes direction-adjusted values, so "high" means "more concern" in the legend.
    result = compute(areas.set_axis(codes), series, high_means_worse=True)
    return concentration_by_code(result, list(codes))


def concentration(gemeente: str, jaar: int, niveau: str, values: pd.Series) -> ConcentrationView:
    """LISA and Gi* of direction-adjusted ``values`` (high = worse) for one level, cached."""
    key = tuple((str(k), float(v)) for k, v in values.items())
    return _concentration(gemeente, jaar, niveau, key, view_stamp(gemeente, jaar))


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(root: str, jaar: int, fingerprint: str) -> pd.DataFrame | None:
    del fingerprint  # only part of the cache key
    return reference_frame(load_reference(jaar, Path(root)))


def national(jaar: int) -> pd.DataFrame | None:
    """What is known of the Netherlands in ``jaar``, for comparisons; None when nothing is.

    The ``NL00`` dataset (all wijken, from a national import) and the land row of a live
    StatLine download (``referentie/<jaar>.json``) together: the profile takes the land row's
    own value where there is one and averages the national areas otherwise.
    """
    root = str(store().root)
    parts = []
    if has_dataset(NATIONAL, jaar):
        parts.append(all_attributes(NATIONAL, jaar))
    land = _reference(root, int(jaar), _reference_stamp(root, jaar))
    if land is not None:
        parts.append(land)
    return pd.concat(parts, ignore_index=True) if parts else None


def _reference_stamp(root: str, jaar: int) -> str:
    path = Path(root) / "referentie" / f"{int(jaar)}.json"
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def clear() -> None:
    """Forget every cached table after the stored data changed (import, fetch, delete)."""
    st.cache_data.clear()
