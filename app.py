"""Urgentiekaart — entrypoint. Run with ``streamlit run app.py``.

The pages live in ``app_pages/`` and read like a description of the UI; the shared start-up (page
config, preparation, session state, navigation per mode) is :func:`app_setup.run_app`; all logic
lives in ``src/urgentie``.
"""

from __future__ import annotations

import app_setup

app_setup.run_app()
