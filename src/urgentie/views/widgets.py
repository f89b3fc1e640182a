"""Widgets bound to the shared session state of :mod:`urgentie.views.state`.

Streamlit forgets a widget's value when a page without that widget runs, so pages never give a
widget a shared key (``gemeente``, ``gebied`` …) directly. A bound widget gets its own key, is
seeded from the shared key before it is drawn, and copies its value back when the user changes it.
The choice survives a visit to another page, and a page that sets the shared key (a click on the
map) moves the widget along.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from urgentie import exports
from urgentie.canonical import DEMO_LABEL, source_line

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def widget_key(state_key: str, scope: str) -> str:
    """The private key of the widget that edits ``state_key`` on one page."""
    return f"_w_{scope}_{state_key}"


def seed(
    state_key: str,
    scope: str,
    options: Sequence[Any] | None = None,
    *,
    allow_none: bool = False,
) -> str:
    """Copy the shared value into the widget's key (valid for ``options``); return that key.

    When the shared value is not among ``options`` (another gemeente has other years), the
    shared value becomes the first option — or None with ``allow_none`` (nothing chosen) — so
    state and widget always agree.
    """
    key = widget_key(state_key, scope)
    value = st.session_state.get(state_key)
    if options is not None and value not in options and not (allow_none and value is None):
        value = None if allow_none or not len(options) else options[0]
        st.session_state[state_key] = value
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value
    return key


def copy_back(
    state_key: str, key: str, after: Callable[[], None] | None = None
) -> Callable[[], None]:
    """An ``on_change`` callback that writes the widget's value to the shared key."""

    def callback() -> None:
        st.session_state[state_key] = st.session_state[key]
        if after is not None:
            after()

    return callback


def bound_selectbox(
    label: str,
    options: Sequence[Any],
    state_key: str,
    scope: str,
    *,
    format_func: Callable[[Any], str] = str,
    after: Callable[[], None] | None = None,
    allow_none: bool = False,
    **kwargs: Any,
) -> Any:
    """A selectbox (searchable by typing, keyboard usable) bound to ``state_key``.

    With ``allow_none`` nothing may be chosen (pass a ``placeholder``).
    """
    key = seed(state_key, scope, list(options), allow_none=allow_none)
    kwargs.setdefault("placeholder", "Kies een optie")  # never Streamlit's "Choose an option"
    return st.selectbox(
        label,
        options,
        key=key,
        format_func=format_func,
        on_change=copy_back(state_key, key, after),
        **kwargs,
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: object) -> str:
    """Text from data or a user, safe inside Streamlit markdown: shown as typed, never as markup.

    Backslash-escapes every character that could turn a name into emphasis, a link or image,
    HTML, an entity, a heading, list or table, LaTeX (``$``) or Streamlit's ``:red[…]`` /
    ``:material/…:`` directives. Line breaks stay line breaks (a note keeps its paragraphs).
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def attribution(demo: bool = False, *, extra: str = "") -> None:
    """The CBS/PDOK licence line every page with CBS data ends with (and the demo label)."""
    st.caption(source_line(demo) + extra)


def table_downloads(
    frame: pd.DataFrame,
    base_name: str,
    title: str,
    notes: Sequence[str] = (),
    *,
    what: str = "Tabel",
    sheet: str = "Gegevens",
    demo: bool = False,
    columns: Sequence[Any] | None = None,
    key: str | None = None,
) -> None:
    """Two download buttons for the table a page shows: CSV and Excel (:mod:`urgentie.exports`:
    neutralised cells, decimal comma, a sheet "Bron" with ``title``, ``notes`` and the
    attribution).

    Parameters
    ----------
    frame
        The table as exported (numbers as numbers).
    base_name
        File name without extension.
    title, notes
        The first lines of the Excel sheet "Bron" (the demo label is added with ``demo``).
    what
        The buttons read "<what> als CSV" and "<what> als Excel".
    sheet
        Name of the Excel sheet with the table.
    columns
        Two containers for the buttons (default: two new columns).
    key
        Prefix of the buttons' keys, for a page with more than one pair.
    """
    about = [*notes, DEMO_LABEL] if demo else list(notes)
    left, right = columns if columns is not None else st.columns(2)
    left.download_button(
        f"{what} als CSV",
        data=lambda: exports.csv_bytes(frame),
        file_name=f"{base_name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_csv" if key else None,
    )
    right.download_button(
        f"{what} als Excel",
        data=lambda: exports.excel_bytes(frame, sheet=sheet, title=title, notes=about),
        file_name=f"{base_name}.xlsx",
        mime=EXCEL_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_xlsx" if key else None,
    )


def show_error(message: object) -> None:
    """A Dutch error box with ``message`` (an exception or text) escaped.

    A :class:`~urgentie.errors.UserError` may echo what the user typed (a file name, the
    ``?sessie=`` code in the URL), so it never reaches markdown unescaped.
    """
    st.error(md_escape(message))
