#!/usr/bin/env bash
# Fresh machine -> a real verdict: venv, install casus, judge the Kyrgyz-Tajik clashes of 2021.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CASUS_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[dev]"
"$VENV/bin/casus" run scenarios/csto/kyrgyz-tajik-2021.yaml
