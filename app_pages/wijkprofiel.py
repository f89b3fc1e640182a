"""Wijkprofiel: alle cijfers van één wijk of buurt naast de gemeente, Nederland en eerdere jaren."""

from app_setup import ensure_app

ensure_app()

import streamlit as st

from urgentie.errors import UserError
from urgentie.views import loaders, state
from urgentie.views import wijkprofiel as profiel
from urgentie.views.widgets import show_error

st.title("Wijkprofiel")
gemeente = profiel.choose_gemeente()
if not gemeente:
    profiel.no_data()
    st.stop()

area_column, year_column = st.columns([4, 1])
with year_column:
    jaar = profiel.choose_year(gemeente)
areas = profiel.areas_of(gemeente, jaar)
with area_column:
    code = profiel.choose_area(areas)  # also preselected from the map or a shared link
state.sync_url("gebied", "jaar")
if code is None:
    profiel.nothing_chosen()
    st.stop()

try:
    table, strengths, concerns = profiel.cached_profile(code, gemeente, jaar)
except UserError as exc:
    show_error(f"Het profiel kan niet worden gemaakt: {exc}")
    st.stop()

row = areas[areas["code"] == code].iloc[0]
demo = loaders.is_demo(gemeente, jaar)
national = bool(table["nederland"].notna().any())
profiel.header(row, jaar, demo)
profiel.boundary_notes(row, table)  # CBS indelingswijziging: a changed boundary breaks trends
profiel.strengths_and_concerns(strengths, concerns)  # wat gaat goed, beside the concerns
profiel.domains(table, str(row["naam"]), jaar, national)  # per domain: table and charts
profiel.downloads(row, jaar, table, strengths, concerns, national=national, demo=demo)
profiel.attribution(demo)
