"""Work done once per server process before the first page renders."""

from __future__ import annotations

import streamlit as st

from urgentie import assets, settings
from urgentie.store.areas import AreaStore


@st.cache_resource(show_spinner="Urgentiekaart voorbereiden…")
def ensure_ready() -> str:
    """Copy Leaflet into ``static/`` and create the demo gemeente when no data is stored.

    Returns a short Dutch status line. Cached as a resource, so it runs once per process.
    """
    assets.install_leaflet()
    store = AreaStore()
    if settings.get("URGENTIE_DEMO") != "off" and not store.has_data():
        from urgentie.demo import ensure_demo

        ensure_demo(store)
        return "Demogemeente Voorbeeldstad aangemaakt."
    return "Gegevens gevonden."
