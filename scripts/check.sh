#!/usr/bin/env bash
# `make check`: the checks that need a running server or outside tools.
# The HTML validator, axe-core and browser tests also run inside `make test`
# (marker `browser`); this adds the API schema validation and schemathesis.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in scripts/check_api.sh; do
  echo "--- $script"
  bash "$script"
done
