"""Gesprekken: what residents, professionals and policy say, coded by domain, per area."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie import settings
from urgentie.views import bootstrap, gesprekken, notes_data, pickers, qda_exchange, review

st.title("Gesprekken")
st.caption(
    "Wat bewoners, professionals en beleid zeggen, per wijk en per thema — gepseudonimiseerd "
    "voordat het wordt opgeslagen."
)

if settings.get("URGENTIE_MODE") == "public":
    st.error("Gesprekken zijn alleen zichtbaar voor analisten.")
    st.stop()

gemeente = pickers.gemeente_in_sidebar("gesprekken")
if not gemeente:
    st.info("Er zijn nog geen gebieden geladen. Laad eerst gegevens op de pagina Gegevens.")
    st.stop()

bootstrap.demo_notes_notice()  # the demo's notes may still be on their way (first start)
with gesprekken.user_errors():
    notes_data.store()
    tabs = st.tabs(
        [
            "Bekijken",
            "Beoordelen",
            "Patronen",
            "Overeenstemming",
            "Importeren",
            "Nieuw gesprek",
            "Imports en namen",
            "QDA-uitwisseling",
        ]
    )
    bekijken, beoordelen, patronen, overeenstemming, importeren, nieuw, beheer, uitwisselen = tabs
    with bekijken:
        gesprekken.browse_section(gemeente)
    with beoordelen:
        review.workbench_section(gemeente)
    with patronen:
        gesprekken.patterns_section(gemeente)
    with overeenstemming:
        review.agreement_section(gemeente)
    with importeren:
        gesprekken.import_section(gemeente)
    with nieuw:
        gesprekken.manual_note_section(gemeente)
    with beheer:
        gesprekken.batches_section(gemeente)
        gesprekken.pseudo_terms_section()
    with uitwisselen:
        qda_exchange.exchange_section(gemeente)
