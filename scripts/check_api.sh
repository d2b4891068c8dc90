#!/usr/bin/env bash
# The partner API against its own schema: openapi-spec-validator on /api/schema/,
# then a bounded schemathesis run against a live gunicorn serving a seeded archive.
# Finds server errors and answers that break the schema. About 2-3 minutes.
#
# Environment: API_CHECK_PORT (default 8016), API_CHECK_EXAMPLES (per operation,
# default 25), API_CHECK_MAX_TIME (seconds, default 120).
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-$PWD/.venv/bin/python}
PORT=${API_CHECK_PORT:-8016}
EXAMPLES=${API_CHECK_EXAMPLES:-25}
MAX_TIME=${API_CHECK_MAX_TIME:-120}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A production-like server (DEBUG off) on a throwaway SQLite archive; plain
# HTTP on loopback, and rates high enough that the run is not throttled.
export DATABASE_URL="sqlite:///${WORK}/api-check.sqlite3"
export SECRET_KEY="api-check-only-$(date +%s)"
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL="$BASE"
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export API_ANON_RATE=100000/min API_KEY_RATE=100000/min LOG_LEVEL=ERROR

echo "== migrate and seed a small archive"
"$PY" manage.py migrate --noinput -v 0
# DEBUG off serves hashed static files: the site's own error pages need the manifest.
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py shell -v 0 <<'PYEOF'
import datetime as dt
from django.utils import timezone
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, Participation, Person, Role
from platforms.models import Platform

science = Section.objects.create(name="علم و فناوری", slug="science")
politics = Section.objects.create(name="سیاسی", slug="politics")
ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", slug="ict-ministry", kind="government")
union = Organization.objects.create(name="اتحادیه جامعه اسلامی دانشجویان", slug="student-union", kind="student")
fattahi = Person.objects.create(name="حمید فتاحی", slug="hamid-fattahi")
role = Role.objects.create(person=fattahi, organization=ministry, title="معاون وزیر", start_date=dt.date(2017, 1, 1))
conference = PressConference.objects.create(
    title="بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی", slug="migration", host=union, confirmed=True,
    starts_at=timezone.make_aware(dt.datetime(2018, 11, 20, 16, 0)),
)
PressConference.objects.create(title="نشست تأییدنشده", slug="unconfirmed", confirmed=False)
Participation.objects.create(conference=conference, person=fattahi, role=role)
now = timezone.now()
platforms = list(Platform.objects.all()[:3])
for n in range(30):
    article = Article.objects.create(
        headline=f"فتاحی: پیام‌رسان‌های داخلی / خبر شماره {n}", section=science if n % 2 else politics,
        lead="لید خبر.", body="از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم.",
        status="published", published_at=now - dt.timedelta(hours=n), conference=conference if n < 5 else None,
    )
    article.people.add(fattahi)
    article.organizations.add(ministry)
    article.platforms.add(*platforms)
    statement = Statement.objects.create(speaker=fattahi, text=f"گفته {n}", article=article, conference=conference)
    statement.platforms.add(*platforms[:1])
for status, extra in [("draft", {}), ("review", {}), ("published", {"published_at": now + dt.timedelta(days=1)}),
                      ("withdrawn", {"published_at": now - dt.timedelta(days=2), "withdrawn_at": now - dt.timedelta(days=1)})]:
    Article.objects.create(headline=f"ناعمومی زرافه {status}", section=science, body="متن پنهان زرافه", status=status, **extra)
PYEOF

# API 1.1: today's exports, so /api/v1/exports/ lists real entries.
EXPORTS_DIR="$WORK/exports" "$PY" manage.py build_exports >/dev/null
export EXPORTS_DIR="$WORK/exports"

echo "== start gunicorn on ${BASE}"
"$PY" -m gunicorn archive_site.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 --log-level warning \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "$BASE/api/v1/sections/" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o "$WORK/schema.json" "$BASE/api/schema/?format=json"

echo "== openapi-spec-validator"
"$PY" -c "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('schema valid')" "$WORK/schema.json"

echo "== unknown path under /api/ is a JSON 404"
status=$(curl -s -o "$WORK/404.json" -w '%{http_code}' "$BASE/api/nothing/here")
if [ "$status" != 404 ]; then echo "expected 404, got $status"; exit 1; fi
"$PY" -c "import json,sys; assert json.load(open(sys.argv[1]))['error']['status'] == 404" "$WORK/404.json"

echo "== schemathesis (${EXAMPLES} examples per operation, at most ${MAX_TIME}s)"
# Run from the scratch directory: schemathesis keeps a .schemathesis/ cache in the working directory.
(cd "$WORK" && "$PY" -m schemathesis.cli run "$BASE/api/schema/?format=json" --url "$BASE" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
  --max-examples "$EXAMPLES" --max-time "$MAX_TIME" --seed 1405 --workers 2 \
  --suppress-health-check all --warnings off --generation-database none) \
  || { echo "--- server log"; tail -50 "$WORK/server.log"; exit 1; }
if grep -q "Traceback" "$WORK/server.log"; then
  echo "server logged an exception:"; cat "$WORK/server.log"; exit 1
fi
echo "API checks passed."
