#!/usr/bin/env bash
# Build and install the durable_rules engine into the Python given as $1 (a venv's python).
#
# durable-rules 2.0.28 (June 2020, the last release) publishes no wheels, so pip compiles its
# C core from the sdist. That core calls PyEval_CallObject, which Python 3.13 removed: the
# build then ends in an extension that fails at import ("undefined symbol"), or, with
# GCC >= 14, in a compile error. PyObject_CallObject has the same signature on every Python
# casus supports, so we map one name to the other with the compiler. The package's build
# ignores CFLAGS, hence the define rides on CC. Nothing is done when a working engine is
# already installed.
set -euo pipefail
PY="${1:?usage: scripts/install-engine.sh PATH/TO/python}"
VERSION="2.0.28"

engine_works() {
    "$PY" -c "import durable_rules_engine" >/dev/null 2>&1
}

if engine_works; then
    exit 0
fi
echo "building durable-rules $VERSION for $("$PY" -c 'import sys; print(sys.version.split()[0])') (needs a C compiler; a few seconds)" >&2
# No wheel cache: a wheel built earlier without the define would be reused and fail at import.
CC="${CC:-cc} -DPyEval_CallObject=PyObject_CallObject -Wno-error=implicit-function-declaration -Wno-error=incompatible-pointer-types" \
    "$PY" -m pip install --quiet --no-cache-dir --force-reinstall --no-deps \
    --no-binary durable-rules "durable-rules==$VERSION"
if ! engine_works; then
    "$PY" -c "import durable_rules_engine" || true
    echo "durable-rules built but does not import (above); casus can still run with --engine python" >&2
    exit 1
fi
