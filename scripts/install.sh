#!/usr/bin/env bash
# The venv both README commands start with: made from CASUS_PYTHON (default python3) in
# CASUS_VENV (default .venv), the engine built (scripts/install-engine.sh), casus installed
# editable with its dev tools, and the package byte-compiled. Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CASUS_VENV:-.venv}"
if [ -n "${CASUS_PYTHON:-}" ] && [ -x "$VENV/bin/python" ]; then
    want=$("$CASUS_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    have=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if [ "$want" != "$have" ]; then
        echo "error: $VENV was made with Python $have, not $want: remove it or set CASUS_VENV to another folder" >&2
        exit 2
    fi
fi
[ -x "$VENV/bin/python" ] || "${CASUS_PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
# The engine first: on Python 3.13+ it needs a one-line build fix (see the script).
./scripts/install-engine.sh "$VENV/bin/python" >&2
"$VENV/bin/python" -m pip install --quiet -e ".[dev]" >&2
# An editable install is not byte-compiled, and where PYTHONDONTWRITEBYTECODE is set (as on
# some CI machines) Python would compile the package again on every `casus` call (~30 ms).
"$VENV/bin/python" -m compileall -q engine >/dev/null
echo "$VENV"
