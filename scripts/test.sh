#!/usr/bin/env bash
# The whole test suite from a fresh checkout: venv, install, lint, types, tests.
# CASUS_PYTHON: the interpreter the venv is made from (default python3); CASUS_VENV: where.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(./scripts/install.sh)
"$VENV/bin/ruff" check engine tests
"$VENV/bin/ruff" format --check engine tests
"$VENV/bin/mypy" engine
"$VENV/bin/casus" test scenarios --quiet
"$VENV/bin/python" -m pytest
