"""Gegevens: which CBS data is stored, and adding, refreshing or removing it."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie.views import datasets as view
from urgentie.views import loaders

st.title("Gegevens")
st.write(
    "Welke CBS-gegevens staan er klaar, waar komen ze vandaan en wat ontbreekt er? "
    "Voeg bestanden toe, haal een gemeente op bij CBS of begin met de demogemeente."
)
view.show_outcome()

manifests = loaders.manifests()
view.stored_datasets(manifests)

st.divider()
view.upload_files()

st.divider()
left, right = st.columns(2)
with left:
    view.fetch_from_cbs()
with right:
    view.demo_button()

st.divider()
view.delete_dataset(manifests)

view.attribution()
