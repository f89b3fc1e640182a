"""Gedeelde urgentie: zien beleid, professionals, bewoners en de cijfers dezelfde urgentie?

A matrix of areas × domains coloured by alignment, the same on a map, the largest gaps with their
evidence, the development over time, and below the tabs the voices of the selected area.
"""

from app_setup import ensure_app

ensure_app()

from urgentie.views import gedeeld

page = gedeeld.setup()
if page is not None:
    gedeeld.header(page)
    gedeeld.explanation()
    gedeeld.summary(page)
    matrix_tab, map_tab, gaps_tab, time_tab = gedeeld.tabs()
    if gedeeld.is_open(matrix_tab):
        with matrix_tab:
            gedeeld.matrix_section(page)
    with map_tab:  # always drawn: a folium map does not appear in a tab filled later
        gedeeld.map_section(page)
    if gedeeld.is_open(gaps_tab):
        with gaps_tab:
            gedeeld.gaps_section(page)
    if gedeeld.is_open(time_tab):
        with time_tab:
            gedeeld.over_time_section(page)
    gedeeld.area_section(page)
    gedeeld.attribution(page)
