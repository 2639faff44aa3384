#!/usr/bin/env bash
# The whole test suite from a fresh checkout: venv, install, lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CASUS_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[dev]"
"$VENV/bin/ruff" check engine tests
"$VENV/bin/ruff" format --check engine tests
"$VENV/bin/mypy" engine
"$VENV/bin/casus" test scenarios --quiet
"$VENV/bin/python" -m pytest
