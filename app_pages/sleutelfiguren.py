"""Sleutelfiguren: the people who make the difference in a wijk — by role, with consent, for
support. Analyst pages only; in public mode the database refuses the register."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie import settings
from urgentie.views import bootstrap, pickers, sleutelfiguren
from urgentie.views.gesprekken import user_errors

st.title("Sleutelfiguren")
st.caption(
    "Wie maakt in een wijk het verschil? Vastgelegd per rol, met toestemming, om te "
    "ondersteunen — nooit een register van bewoners."
)

if settings.get("URGENTIE_MODE") == "public":
    st.error("Sleutelfiguren zijn alleen zichtbaar voor analisten.")
    st.stop()

gemeente = pickers.gemeente_in_sidebar("sleutelfiguren")
if not gemeente:
    st.info("Er zijn nog geen gebieden geladen. Laad eerst gegevens op de pagina Gegevens.")
    st.stop()

with user_errors():
    page = sleutelfiguren.setup(gemeente)
    sleutelfiguren.flash()
    people = page.store.people(gemeente)
    sleutelfiguren.flags(page, people)
    overzicht, kaart, bruggen, wijzigen, privacy = st.tabs(
        ["Overzicht", "Kaart", "Bruggen", "Toevoegen of wijzigen", "Privacy"]
    )
    with overzicht:
        sleutelfiguren.overview_section(page, people)
        sleutelfiguren.signals_section(page)
    with kaart:  # always drawn: a folium map does not appear in a tab filled later
        sleutelfiguren.map_section(page, people)
    with bruggen:
        sleutelfiguren.bridges_section(page, people)
    with wijzigen:
        sleutelfiguren.edit_section(page, people)
    with privacy:
        sleutelfiguren.privacy_section(page, people)
    bootstrap.demo_notes_notice()
