#!/usr/bin/env bash
# The production setup of docs/DEPLOY.md, run on loopback: nginx (the same
# docs/deploy/archive.nginx.conf, with a throwaway certificate and local paths)
# in front of gunicorn (docs/deploy/gunicorn.conf.py, 2 sync workers), then
# scripts/check_deploy.py checks TLS, trusted-proxy addresses, slow-client
# tolerance and the Persian error pages. Bounded: every wait has a timeout.
# Ports: DEPLOY_CHECK_PORT (https, default 8700) and the next one (http).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
PORT=${DEPLOY_CHECK_PORT:-8700}
HTTP_PORT=$((PORT + 1))
DEAD_DB_PORT=$((PORT + 49))
[ -x "$NGINX" ] || { echo "nginx is needed (apt-get install nginx)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/archive-deploy.XXXXXX)
chmod 755 "$WORK"
GUNICORN_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

export SECRET_KEY=deploy-check-only ALLOWED_HOSTS=localhost,127.0.0.1 NUM_PROXIES=1 SECURE_PROXY_SSL_HEADER=1
export SECURE_HSTS_SECONDS=0 DATABASE_URL=${DEPLOY_CHECK_DATABASE_URL:-sqlite:///$WORK/archive.sqlite3}
export API_ANON_RATE=5/min GUNICORN_WORKERS=2 GUNICORN_BIND="unix:$WORK/gunicorn.sock" GUNICORN_ACCESSLOG=$WORK/access.log
unset DEBUG ARCHIVE_TESTING
# Rate counters shared by the workers, as in production (Redis; docs/DEPLOY.md).
export CACHE_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
flush_counters() { $PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$CACHE_URL"; }
flush_counters

echo "--- database, demo content and static files"
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo --no-editor >/dev/null
$PY manage.py collectstatic --noinput -v0

echo "--- throwaway certificate and nginx config"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
mkdir -p "$WORK/logs" "$WORK/tmp"
sed -e "s#unix:/run/archive/gunicorn.sock#unix:$WORK/gunicorn.sock#" \
    -e "s#listen 443 ssl;#listen 127.0.0.1:$PORT ssl;#" -e "/listen \[::\]:443/d" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" -e "/listen \[::\]:80/d" \
    -e "s#/etc/letsencrypt/live/news.example/fullchain.pem#$WORK/cert.pem#" \
    -e "s#/etc/letsencrypt/live/news.example/privkey.pem#$WORK/key.pem#" \
    -e "s#/srv/archive/staticfiles/#$PWD/staticfiles/#g" \
    -e "s#server_name news.example;#server_name localhost 127.0.0.1;#" \
    docs/deploy/archive.nginx.conf > "$WORK/site.conf"
cat > "$WORK/nginx.conf" <<CONF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/logs/access.log;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    include $WORK/site.conf;
}
CONF
"$NGINX" -t -q -p "$WORK" -c "$WORK/nginx.conf"

start_gunicorn() {
  .venv/bin/gunicorn -c docs/deploy/gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 1 100); do [ -S "$WORK/gunicorn.sock" ] && return 0; sleep 0.2; done
  cat "$WORK/gunicorn.log" >&2; return 1
}
stop_gunicorn() {
  kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true; GUNICORN_PID=""; rm -f "$WORK/gunicorn.sock"
}

echo "--- nginx on https://127.0.0.1:$PORT/ in front of gunicorn"
start_gunicorn
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -g "daemon off;" &
NGINX_PID=$!
sleep 1

$PY scripts/check_deploy.py --port "$PORT" --http-port "$HTTP_PORT" --phase running

echo "--- the database goes away: the app answers 503 in Persian"
stop_gunicorn
flush_counters
DATABASE_URL="postgres://archive@127.0.0.1:$DEAD_DB_PORT/archive" start_gunicorn
$PY scripts/check_deploy.py --port "$PORT" --phase database-down

echo "--- gunicorn stops: nginx answers 502 in Persian"
stop_gunicorn
$PY scripts/check_deploy.py --port "$PORT" --phase app-down
echo "deployment check passed"
