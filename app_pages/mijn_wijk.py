"""Mijn wijk: een bewoner vindt de eigen wijk en ziet cijfers en thema's in gewone taal."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie.analysis.resident import resident_facts, wijk_profile
from urgentie.views import loaders, mijn_wijk

manifests = mijn_wijk.resident_manifests()
if not manifests:
    st.title("Mijn wijk")
    st.info("Er zijn nog geen gegevens over wijken. Kom later terug.")
    st.stop()

manifest = mijn_wijk.choose_gemeente(manifests)
mijn_wijk.header(manifest)
areas = loaders.all_attributes(manifest.gemeente_code, manifest.jaar)
wijk = mijn_wijk.choose_wijk(areas, manifest.gemeente_code)
if wijk is None:
    st.info("Kies hierboven uw wijk of buurt, of vul uw postcode in.")
    mijn_wijk.footer(manifest)
    st.stop()

themes = mijn_wijk.conversation_themes(manifest, wijk)
profile = wijk_profile(wijk, areas)  # the wijk against the gemeente, for both parts below
about, where = st.columns([3, 2], gap="large")
with about:
    mijn_wijk.wijk_summary(wijk, areas)
    mijn_wijk.good_things(profile, themes.tone)
with where:
    mijn_wijk.locator_map(manifest, areas, wijk)
mijn_wijk.figures(resident_facts(wijk, areas, profile))
mijn_wijk.conversations(themes)
mijn_wijk.footer(manifest)
