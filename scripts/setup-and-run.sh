#!/usr/bin/env bash
# Fresh machine -> a real verdict: venv, install casus, judge the Kyrgyz-Tajik clashes of 2021.
# CASUS_PYTHON: the interpreter the venv is made from (default python3); CASUS_VENV: where.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(./scripts/install.sh)
"$VENV/bin/casus" run scenarios/csto/kyrgyz-tajik-2021.yaml
