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
# An editable install is not byte-compiled, and where PYTHONDONTWRITEBYTECODE is set (as on
# some CI machines) Python would compile the package again on every `casus` call (~30 ms).
"$VENV/bin/python" -m compileall -q engine >/dev/null
"$VENV/bin/ruff" check engine tests
"$VENV/bin/ruff" format --check engine tests
"$VENV/bin/mypy" engine
"$VENV/bin/casus" test scenarios --quiet
"$VENV/bin/python" -m pytest
