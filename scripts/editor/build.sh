#!/usr/bin/env bash
# Rebuild engine/web/static/editor.js (CodeMirror 6 + YAML + lint markers, one minified file)
# from the versions pinned in package-lock.json. Only needed when changing the editor: the
# built file is committed, so users and CI need no node.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
