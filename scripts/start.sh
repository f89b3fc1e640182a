#!/usr/bin/env bash
# Install (first time only) and start Urgentiekaart on http://localhost:8501.
# With no data yet, the app creates the demo gemeente Voorbeeldstad.
set -euo pipefail
source "$(dirname "$0")/_env.sh"
# The upload widget's limit follows the project's setting (Streamlit reads its own variable).
export STREAMLIT_SERVER_MAX_UPLOAD_SIZE="${URGENTIE_MAX_UPLOAD_MB:-50}"
exec .venv/bin/streamlit run app.py "$@"
