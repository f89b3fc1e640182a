"""Session state, initialised in one place.

Pages read and write these keys only; defaults are set with ``setdefault`` so a rerun never
overwrites what the user chose. ``gebied`` is the selected area code shared by the map, the
profile and the shared-urgency pages (and mirrored in the URL so a link can be shared).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from urgentie.canonical import NATIONAL, gemeente_of, level_of
from urgentie.views import loaders

DEFAULTS: dict[str, Any] = {
    "gemeente": None,
    "jaar": None,
    "niveau": "wijk",
    "gebied": None,
    # Map page: what colours the map and how (see urgentie.choropleth).
    "kleur": "urgentie",
    "indicator": None,
    "domein": None,
    "laag": "waarden",
    "methode": "quantiles",
    "klassen": 5,
    "gewichten": None,
    "vergelijk": "gemeente",
    "basiskaart": False,
    "weergave": "Kaart",
    "binnen_wijk": None,
}


def init() -> None:
    """Set defaults, then take gemeente/jaar/gebied from the URL on first load."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if not st.session_state.get("_url_read"):
        params = st.query_params
        for key in ("gemeente", "gebied", "niveau"):
            if key in params:
                st.session_state[key] = params[key]
        if "jaar" in params and str(params["jaar"]).isdigit():
            st.session_state["jaar"] = int(params["jaar"])
        _area_from_url()
        st.session_state["_url_read"] = True
    _default_dataset()


def _area_from_url() -> None:
    """A shared link may name only the area (``?gebied=WK034401``): its code tells the gemeente
    and the level, so the link opens the right dataset."""
    code = str(st.session_state.get("gebied") or "").strip().upper()
    level = level_of(code)
    if level is None or level == "gemeente":
        st.session_state["gebied"] = None
        return
    st.session_state["gebied"] = code
    if "gemeente" not in st.query_params:
        st.session_state["gemeente"] = gemeente_of(code)
    if "niveau" not in st.query_params:
        st.session_state["niveau"] = level


def _default_dataset() -> None:
    """Pick a stored gemeente and year when none is chosen yet (the demo on a fresh clone)."""
    stored = loaders.manifests()
    manifests = [m for m in stored if m.gemeente_code != NATIONAL]
    if not manifests:
        return
    # "NL00" (all wijken of the Netherlands) is a valid choice on the map, never the default.
    codes = {m.gemeente_code for m in stored}
    if st.session_state["gemeente"] not in codes:
        demo = [m for m in manifests if m.demo]
        st.session_state["gemeente"] = (demo or manifests)[0].gemeente_code
    years = sorted(m.jaar for m in stored if m.gemeente_code == st.session_state["gemeente"])
    if st.session_state["jaar"] not in years:
        st.session_state["jaar"] = years[-1]


def sync_url(*keys: str) -> None:
    """Mirror these state keys in the URL (``?gebied=WK034401&jaar=2024``) so the page can be
    shared; keys without a value are removed. Only changed parameters are written."""
    params = st.query_params
    for key in keys:
        value = st.session_state.get(key)
        text = "" if value is None else str(value)
        if text and params.get(key) != text:
            params[key] = text
        elif not text and key in params:
            del params[key]
