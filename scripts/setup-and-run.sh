#!/usr/bin/env bash
# Fresh machine -> a real verdict: venv, install casus, judge the Kyrgyz-Tajik clashes of 2021.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CASUS_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[dev]"
# An editable install is not byte-compiled, and where PYTHONDONTWRITEBYTECODE is set (as on
# some CI machines) Python would compile the package again on every `casus` call (~30 ms).
"$VENV/bin/python" -m compileall -q engine >/dev/null
"$VENV/bin/casus" run scenarios/csto/kyrgyz-tajik-2021.yaml
