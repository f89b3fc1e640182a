"""Inloggen: de analistenpagina's zijn afgeschermd; bewoners kunnen zonder inloggen verder."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

st.title("Inloggen")
st.write(
    "De pagina's voor analisten (kaart, wijkprofielen, gesprekken, sessies en gegevens) zijn "
    "alleen voor medewerkers. Log in met het account van uw organisatie."
)
st.button("Inloggen", on_click=st.login, type="primary", icon=":material/login:")
st.caption("Bewoners kunnen zonder inloggen naar **Mijn wijk**.")
