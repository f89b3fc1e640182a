"""Session state, initialised in one place.

Pages read and write these keys only; defaults are set with ``setdefault`` so a rerun never
overwrites what the user chose. ``gebied`` is the selected area code shared by the map, the
profile and the shared-urgency pages (and mirrored in the URL so a link can be shared).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from urgentie.views import loaders

DEFAULTS: dict[str, Any] = {
    "gemeente": None,
    "jaar": None,
    "niveau": "wijk",
    "gebied": None,
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
        st.session_state["_url_read"] = True
    _default_dataset()


def _default_dataset() -> None:
    """Pick a stored gemeente and year when none is chosen yet (the demo on a fresh clone)."""
    manifests = [m for m in loaders.manifests() if m.gemeente_code != "NL00"]
    if not manifests:
        return
    codes = {m.gemeente_code for m in manifests}
    if st.session_state["gemeente"] not in codes:
        demo = [m for m in manifests if m.demo]
        st.session_state["gemeente"] = (demo or manifests)[0].gemeente_code
    years = sorted(m.jaar for m in manifests if m.gemeente_code == st.session_state["gemeente"])
    if st.session_state["jaar"] not in years:
        st.session_state["jaar"] = years[-1]
