#!/usr/bin/env bash
# The page checks that need real tools: the Nu Html Checker (vnu.jar on Java),
# axe-core in headless Chromium, and the browser test with its screenshots
# (artifacts/screenshots/). All run through pytest (-m browser); with CI set, a
# missing tool fails the run instead of skipping.
#
# Usage: scripts/check_html.sh [extra pytest arguments]
# Needs: .venv with requirements-dev.txt, java, node/npm, /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
if [ ! -x "$PY" ]; then
  echo "error: $PY is missing; run 'make test' (or create .venv and install requirements-dev.txt) first." >&2
  exit 1
fi

# vnu-jar's install script downloads a JDK (and fails offline): the system Java runs vnu.jar instead.
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm is needed to install vnu-jar and axe-core (package-lock.json)." >&2
    exit 1
  fi
  npm ci --ignore-scripts --no-audit --no-fund
fi

exec "$PY" -m pytest -m browser "$@"
