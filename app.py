"""Urgentiekaart — entrypoint: page config, mode, shared state and navigation.

Run with ``streamlit run app.py``. The pages live in ``pages/``; all logic in ``src/urgentie``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The app runs from a clone without installing the package: put src/ on the path first.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

import streamlit as st

from urgentie import settings
from urgentie.views import bootstrap, navigation, state

st.set_page_config(
    page_title="Urgentiekaart",
    # An emoji favicon is drawn locally; a ":material/…" one is fetched from fonts.gstatic.com.
    page_icon="🗺️",
    layout="wide",
    # "auto": open on a laptop or projector, folded away on a phone (it would cover the page).
    initial_sidebar_state="auto",
)

bootstrap.ensure_ready()
state.init()
page = st.navigation(navigation.pages_for(settings.get("URGENTIE_MODE")))
page.run()
