#!/usr/bin/env bash
# `make bench`: throughput of pages and API, as ratios to a static file served
# by the same server in the same run (wrk and the server share the machine's
# cores, so absolute numbers move between runs; ratios are what to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
PY=.venv/bin/python
PORT=${BENCH_PORT:-8090}
DURATION=${BENCH_DURATION:-8s}
DB=$(mktemp -d)/bench.sqlite3
export DATABASE_URL=${BENCH_DATABASE_URL:-sqlite:///$DB}
export SECRET_KEY=bench DEBUG= ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export API_ANON_RATE=1000000/min
$PY manage.py migrate -v0
$PY manage.py seed_demo >/dev/null
$PY manage.py collectstatic --noinput -v0
$PY -m gunicorn archive_site.wsgi -b 127.0.0.1:$PORT -w 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

article=$($PY manage.py shell --no-imports -c "from articles.models import Article; print(Article.objects.public().first().get_absolute_url())")
css=$(curl -s "http://127.0.0.1:$PORT/" | grep -o '/static/css/[^"]*\.css' | head -n 1)
declare -a NAMES=("static css" "home" "article" "search" "api list" "api detail")
declare -a PATHS=("$css" "/" "$article" "/search/?q=%D9%BE%DB%8C%D8%A7%D9%85%E2%80%8C%D8%B1%D8%B3%D8%A7%D9%86" "/api/v1/articles/" "/api/v1/articles/$(echo "$article" | cut -d/ -f3)/")
base=""
printf '%-12s %10s %8s  %s\n' "what" "req/s" "ratio" "path"
for i in "${!NAMES[@]}"; do
  rps=$(wrk -t2 -c8 -d"$DURATION" "http://127.0.0.1:$PORT${PATHS[$i]}" | awk '/Requests\/sec/ {print $2}')
  [ -z "$base" ] && base=$rps
  printf '%-12s %10s %8.2f  %s\n' "${NAMES[$i]}" "$rps" "$(awk -v a="$rps" -v b="$base" 'BEGIN { print a / b }')" "${PATHS[$i]}"
done

echo
echo "Search on a synthetic archive (scripts/bench_search.py; BENCH_ARTICLES, default 100000; PostgreSQL):"
$PY scripts/bench_search.py --articles "${BENCH_ARTICLES:-100000}" --repeat 5
