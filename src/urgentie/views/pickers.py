"""The gemeente and year choice of every page (Kaart, Wijkprofiel, Gedeelde urgentie, Gesprekken,
Sessie, Mijn wijk).

Bound to the shared session state (``gemeente``, ``jaar``), so a choice made on one page holds
on the next. The pickers draw into the current container: a page puts them in the sidebar (``with
st.sidebar:``) or, like Mijn wijk and the Sessie set-up, in the page itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from urgentie.canonical import NATIONAL
from urgentie.store.areas import Manifest
from urgentie.views import loaders
from urgentie.views.widgets import bound_selectbox

NATIONAL_NAME = "Heel Nederland (alle wijken)"


def gemeente_names(
    manifests: Sequence[Manifest] | None = None, *, include_national: bool = False
) -> dict[str, str]:
    """Code → name of the stored gemeenten, in the order of the picker (by name; "Heel
    Nederland" last, and only with ``include_national``)."""
    stored = loaders.manifests() if manifests is None else manifests
    names = {
        m.gemeente_code: (NATIONAL_NAME if m.gemeente_code == NATIONAL else m.gemeente_naam)
        for m in stored
        if include_national or m.gemeente_code != NATIONAL
    }
    order = sorted(names, key=lambda c: (c == NATIONAL, names[c].lower(), c))
    return {code: names[code] for code in order}


def gemeente_picker(
    scope: str,
    *,
    manifests: Sequence[Manifest] | None = None,
    include_national: bool = False,
    hide_single: bool = False,
    after: Callable[[], None] | None = None,
) -> str | None:
    """The chosen gemeente, with a select box bound to the shared ``gemeente`` state.

    Parameters
    ----------
    scope
        The page's widget scope (its own widget key).
    manifests
        The datasets to choose from (default: everything stored).
    include_national
        Offer "Heel Nederland" (``NL00``), as the Kaart does.
    hide_single
        With one gemeente, choose it without drawing a select box (the resident page).
    after
        Called when the user picks another gemeente (a page resets its selected area).

    Returns
    -------
    str | None
        The gemeente code; None when nothing is stored.
    """
    names = gemeente_names(manifests, include_national=include_national)
    if not names:
        return None
    codes = list(names)
    if hide_single and len(codes) == 1:
        st.session_state["gemeente"] = codes[0]
        return codes[0]
    return bound_selectbox(
        "Gemeente", codes, "gemeente", scope, format_func=names.__getitem__, after=after
    )


def gemeente_in_sidebar(scope: str) -> str | None:
    """:func:`gemeente_picker` in the sidebar (the analyst pages without further choices)."""
    with st.sidebar:
        return gemeente_picker(scope)


def years_of(gemeente: str, manifests: Sequence[Manifest] | None = None) -> list[int]:
    """Stored years of ``gemeente``, newest first."""
    stored = loaders.manifests() if manifests is None else manifests
    return sorted({m.jaar for m in stored if m.gemeente_code == gemeente}, reverse=True)


def year_picker(
    scope: str,
    gemeente: str,
    *,
    manifests: Sequence[Manifest] | None = None,
    label: str = "Jaar",
    help: str | None = None,
) -> int | None:
    """The chosen year of ``gemeente`` (newest when the shared ``jaar`` is not one of its
    years), with a select box bound to the shared ``jaar`` state. None when nothing is stored.
    """
    years = years_of(gemeente, manifests)
    if not years:
        return None
    return int(bound_selectbox(label, years, "jaar", scope, help=help))
