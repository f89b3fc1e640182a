"""Open a page the way a user does: through app.py and st.navigation, in Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def open_page(page: str, *, query: dict[str, str] | None = None, timeout: float = 120) -> AppTest:
    """Run app.py, switch to ``pages/<page>.py`` and return the AppTest after the first run.

    Streamlit's caches live in the test process, not in one AppTest, so they are cleared first:
    every test starts from its own data directory.
    """
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.switch_page(f"pages/{page}.py")
    app.run()
    return app
