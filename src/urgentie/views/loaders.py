"""Cached loaders: the only place where data reaches Streamlit's caches.

Each loader is keyed on the dataset's ``saved_at`` stamp, so an import invalidates exactly the
entries it changed and a rerun that changes nothing reads from memory.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from urgentie.store.areas import AreaStore, Manifest


def store() -> AreaStore:
    """The area store of the configured data directory."""
    return AreaStore()


@st.cache_data(show_spinner=False, ttl=5)
def manifests() -> list[Manifest]:
    """Every stored dataset (refreshed at most every few seconds, so imports show up)."""
    return store().manifests()


def saved_at(gemeente: str, jaar: int) -> str:
    """Version stamp of one dataset, used as part of cache keys."""
    for m in manifests():
        if m.gemeente_code == gemeente and m.jaar == jaar:
            return m.saved_at
    return ""


@st.cache_data(show_spinner="Gegevens laden…", max_entries=64)
def _areas(gemeente: str, jaar: int, niveau: str | None, stamp: str) -> gpd.GeoDataFrame:
    del stamp  # only part of the cache key
    return store().load(gemeente, jaar, niveau)


def areas(gemeente: str, jaar: int, niveau: str | None = None) -> gpd.GeoDataFrame:
    """The canonical table of one gemeente-year (optionally one level), cached."""
    return _areas(gemeente, jaar, niveau, saved_at(gemeente, jaar))


def clear() -> None:
    """Forget every cached table after the stored data changed (import, fetch, delete)."""
    st.cache_data.clear()
