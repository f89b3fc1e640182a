"""Open a page the way a user does: through app.py and st.navigation, in Streamlit's AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def as_read(markdown: str) -> str:
    """What a reader sees of a markdown text the app escaped (``widgets.md_escape``): the
    backslash before a punctuation character is markup, not text."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def open_page(
    page: str,
    *,
    query: dict[str, str] | None = None,
    state: dict[str, object] | None = None,
    timeout: float = 120,
) -> AppTest:
    """Run app.py, switch to ``app_pages/<page>.py`` and return the AppTest after the first run.

    ``query`` are URL parameters, ``state`` session-state values set before the first run (what
    an earlier page or click left behind). Streamlit's caches live in the test process, not in
    one AppTest, so they are cleared first: every test starts from its own data directory.
    """
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    for key, value in (state or {}).items():
        app.session_state[key] = value
    app.switch_page(f"app_pages/{page}.py")
    app.run()
    return app
