#!/usr/bin/env bash
# Install (first time only) and start Urgentiekaart on http://localhost:8501.
# With no data yet, the app creates the demo gemeente Voorbeeldstad.
set -euo pipefail
source "$(dirname "$0")/_env.sh"
exec .venv/bin/streamlit run app.py "$@"
