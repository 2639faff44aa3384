#!/usr/bin/env bash
# Fuzz the file loader and the durable_rules adapter for SECONDS (default 60), seeded with
# the hostile-input corpus (tests/hostile/inputs) and the shipped scenarios.
# Coverage-guided with atheris (libFuzzer) where it is installed, else seeded random edits.
# Exit 0: no finding; otherwise the failing input is printed (atheris also writes crash-*).
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || python=python3
if "$python" -c "import atheris" 2>/dev/null; then
    corpus="$(mktemp -d)"
    trap 'rm -rf "$corpus"' EXIT
    cp tests/hostile/inputs/*.yaml scenarios/*/*.yaml "$corpus"/
    # -rss_limit_mb: a bounded-memory answer is part of a clean one; -timeout: so is a bounded time.
    exec "$python" tests/hostile/fuzz.py -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="${TMPDIR:-/tmp}/casus-fuzz-" "$corpus"
fi
exec "$python" tests/hostile/fuzz.py --plain --seconds="$seconds"
