#!/usr/bin/env bash
# Install (first time only) and run every test: unit, AppTest, PostgreSQL and browser tests.
# Extra arguments go to pytest, e.g. scripts/test.sh -k kaart
set -euo pipefail
source "$(dirname "$0")/_env.sh"
"$ROOT/scripts/system-deps.sh"
exec .venv/bin/python -m pytest "$@"
