#!/usr/bin/env bash
# `make bench`: see scripts/bench.py and docs/performance.md. Writes docs/BENCHMARKS.md.
#   BENCH_ARTICLES (default 100000), BENCH_DURATION (seconds of wrk per address, default 5),
#   BENCH_DATABASE_URL (default: a SQLite file under .bench/), BENCH_PG_URL (also run on this PostgreSQL database).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q wrk >/dev/null
  else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1
  fi
fi
.venv/bin/python scripts/bench.py "$@"
if [ -n "${BENCH_PG_URL:-}" ]; then
  .venv/bin/python scripts/bench.py --database-url "$BENCH_PG_URL" "$@"
fi
