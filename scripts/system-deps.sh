#!/usr/bin/env bash
# Debian packages the tests need: Chromium + ChromeDriver (browser tests, never a downloaded
# browser) and PostgreSQL (the store's tests against a real server). Installed only when missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v fc-list >/dev/null 2>&1 || need+=(fonts-dejavu-core fontconfig)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Ontbrekende systeempakketten: ${need[*]} (installeer ze als root)." >&2
    exit 1
  fi
fi
echo "» Systeempakketten installeren: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
