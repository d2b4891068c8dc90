#!/usr/bin/env bash
# `make bench`: see scripts/bench.py and docs/performance.md. Writes docs/BENCHMARKS.md.
#   BENCH_ARTICLES (SQLite archive size, default 100000), BENCH_DURATION (seconds of wrk per address, default 5),
#   BENCH_DATABASE_URL (default: a SQLite file under .bench/),
#   BENCH_PG_URL (default: postgres://postgres@127.0.0.1:5432/archive_bench when a PostgreSQL answers there;
#   `none` skips it), BENCH_PG_ARTICLES (PostgreSQL archive size, default 1000000: the issue's scale).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q wrk >/dev/null
  else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1
  fi
fi
.venv/bin/python scripts/bench.py --articles "${BENCH_ARTICLES:-100000}" "$@"
pg_url=${BENCH_PG_URL:-}
if [ -z "$pg_url" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_url=postgres://postgres@127.0.0.1:5432/archive_bench
fi
if [ -n "$pg_url" ] && [ "$pg_url" != none ]; then
  # The first run generates the archive once (1,000,000 articles: about a quarter of an hour or more); later runs reuse it.
  .venv/bin/python scripts/bench.py --database-url "$pg_url" --articles "${BENCH_PG_ARTICLES:-1000000}" "$@"
fi
