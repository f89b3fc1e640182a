"""Start-up shared by ``app.py`` and every page: the source path, the app run, and the guard.

The order of :func:`run_app` is the access control, so it fails closed:

1. the settings are checked; any invalid one gives an error page and no navigation at all;
2. who the visitor is (local, signed in) is decided from cheap facts only, and any doubt means
   "public";
3. ``st.navigation`` runs with exactly the pages this visitor may open — before anything slow or
   fallible (building the demo, opening the database), so no request ever reaches a page that
   was not chosen by it;
4. only then the one-time preparation and the chosen page, inside one error boundary.

The pages live in ``app_pages/``, a folder Streamlit does not discover on its own (its old
multipage mode serves every file in ``pages/`` until ``st.navigation`` has run). A page file
still starts with :func:`ensure_app`: should it ever run outside :func:`run_app`, it runs the
app instead, which chooses the page itself.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

SRC = Path(__file__).resolve().parent / "src"
if str(SRC) not in sys.path:
    # The app runs from a clone without installing the package.
    sys.path.insert(0, str(SRC))

_RUN = threading.local()
"""``active`` is True while :func:`run_app` runs in this script thread (one per session run)."""


def run_app() -> None:
    """Settings check, access, navigation, preparation and the chosen page (see above)."""
    import streamlit as st

    from urgentie import settings
    from urgentie.views import access, bootstrap, branding, error_boundary, navigation, state

    st.set_page_config(
        page_title="Urgentiekaart",
        page_icon=branding.favicon(),
        layout="wide",
        # "auto": open on a laptop or projector, folded away on a phone (it would cover the page).
        initial_sidebar_state="auto",
    )
    _RUN.active = True
    try:
        found = settings.problems()
        if found:
            error_boundary.settings_error_page(found)
            return
        mode = settings.get("URGENTIE_MODE")
        allowed = mode == "analyst" and access.analyst_allowed()
        pages = navigation.pages_for(
            mode, analyst_allowed=allowed, sign_in=mode == "analyst" and access.auth_configured()
        )
        page = st.navigation(pages)
        with error_boundary.page_errors():
            bootstrap.ensure_ready()
            bootstrap.start_demo_notes()
            state.init()
            access.account_box()
            page.run()
    finally:
        _RUN.active = False


def ensure_app() -> None:
    """Run the app instead when a page was started outside :func:`run_app` (see above)."""
    if getattr(_RUN, "active", False):
        return
    import streamlit as st

    run_app()
    st.stop()
