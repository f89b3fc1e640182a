"""Kaart: waar concentreren de opgaven zich? Kies wat de kaart kleurt, klik op een gebied."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie.canonical import NATIONAL
from urgentie.errors import UserError
from urgentie.views import kaart, loaders, state
from urgentie.views.widgets import show_error

stored = loaders.manifests()
if not [m for m in stored if m.gemeente_code != NATIONAL] and not stored:
    kaart.no_data()
    st.stop()

header = st.container()
# Sidebar: gemeente (or Heel Nederland), year, level, what colours the map, classes, weights.
choice, manifest = kaart.controls(stored)
# Never open on a composite that rests on too few domains: the best-covered layer instead.
choice, reason = kaart.covered_choice(choice)
with header:
    kaart.title(manifest, choice)
    kaart.coverage_notice(reason)
try:
    view = kaart.map_view(choice, manifest.demo)
except UserError as exc:
    show_error(exc)
    st.stop()
kaart.no_scores_notice(view)
state.sync_url("gemeente", "jaar", "niveau", "gebied")
# The map (or the table that replaces it) beside the profile of the selected area.
kaart.map_and_profile(view, has_buurten=bool(manifest.counts.get("buurt")))
kaart.attribution(manifest)
