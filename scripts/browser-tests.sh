#!/usr/bin/env bash
# The real-browser tests (tests/browser): installs Debian's headless Chromium if it is not
# there yet (Playwright drives it; no browser is downloaded), then runs them. Idempotent and
# quick when Chromium is already installed. Screenshots land in .artifacts/ (git-ignored).
# `--install-only` installs Chromium and stops: the whole suite (scripts/test.sh) then runs
# tests/browser with the rest; other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CASUS_VENV:-.venv}"
CHROMIUM="${CASUS_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
if [ "${1:-}" = "--install-only" ]; then
    exit 0
fi
if ! "$VENV/bin/python" -c "import playwright" 2>/dev/null; then
    "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
fi
mkdir -p .artifacts
CASUS_CHROMIUM="$CHROMIUM" "$VENV/bin/python" -m pytest tests/browser -p no:cacheprovider "$@"
