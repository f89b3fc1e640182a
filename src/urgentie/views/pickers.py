"""The gemeente and year choice shared by the analyst pages (the Kaart has its own, richer one).

Bound to the shared session state, so a choice made on one page holds on the next.
"""

from __future__ import annotations

import streamlit as st

from urgentie.canonical import NATIONAL
from urgentie.views import loaders
from urgentie.views.widgets import bound_selectbox


def gemeente_in_sidebar(scope: str) -> str | None:
    """The chosen gemeente (not "Heel Nederland"); a picker in the sidebar when there are several.

    Returns None when no gemeente is stored.
    """
    manifests = [m for m in loaders.manifests() if m.gemeente_code != NATIONAL]
    names = {m.gemeente_code: m.gemeente_naam for m in manifests}
    if not names:
        return None
    codes = sorted(names, key=lambda c: names[c])
    if len(codes) == 1:
        st.session_state["gemeente"] = codes[0]
        return codes[0]
    with st.sidebar:
        return bound_selectbox("Gemeente", codes, "gemeente", scope, format_func=names.__getitem__)


def year_in_sidebar(scope: str, gemeente: str) -> int | None:
    """The chosen year of the gemeente's stored years (newest by default)."""
    years = sorted(
        (m.jaar for m in loaders.manifests() if m.gemeente_code == gemeente), reverse=True
    )
    if not years:
        return None
    if len(years) == 1:
        st.session_state["jaar"] = years[0]
        return years[0]
    with st.sidebar:
        return int(bound_selectbox("Jaar", years, "jaar", scope))
