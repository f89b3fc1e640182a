"""Start-up shared by ``app.py`` and every page: the source path, the app run, and the guard.

Streamlit still treats a folder named ``pages/`` as its old multipage mode until ``st.navigation``
has run once in the server process. So when the very first request after a server start is a deep
link (``/wijkprofiel?gebied=…``), Streamlit runs that page file on its own, without ``app.py``.
Every page therefore starts with :func:`ensure_app`, which then runs the whole app (and through
it the same page) and stops the stray run.
"""

from __future__ import annotations

import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent / "src"
if str(SRC) not in sys.path:
    # The app runs from a clone without installing the package.
    sys.path.insert(0, str(SRC))

APP_MARKER = "_urgentie_app_running"


def run_app() -> None:
    """Page config, one-time preparation, shared state, navigation, and the chosen page."""
    import streamlit as st

    from urgentie import settings
    from urgentie.errors import UserError
    from urgentie.views import access, bootstrap, branding, navigation, state

    st.set_page_config(
        page_title="Urgentiekaart",
        page_icon=branding.favicon(),
        layout="wide",
        # "auto": open on a laptop or projector, folded away on a phone (it would cover the page).
        initial_sidebar_state="auto",
    )
    st.session_state[APP_MARKER] = True
    bootstrap.ensure_ready()
    state.init()
    try:
        mode = settings.get("URGENTIE_MODE")
        settings.get("URGENTIE_ANALYST_ACCESS")
    except UserError as exc:
        # A typo in who-may-see-what must stop the app, not fall back to showing everything.
        st.error(str(exc))
        st.stop()
    pages = navigation.pages_for(
        mode, analyst_allowed=access.analyst_allowed(), sign_in=access.auth_configured()
    )
    page = st.navigation(pages)
    access.account_box()
    page.run()


def ensure_app() -> None:
    """Run the app instead when a page was started without ``app.py`` (see module docstring)."""
    import streamlit as st

    if st.session_state.get(APP_MARKER):
        return
    run_app()
    st.stop()
