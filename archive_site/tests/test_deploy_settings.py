"""Production settings added by the hardening work: canonical address, database timeouts, trusted proxies."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_of(*names, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "DATABASE_URL", "ARCHIVE_TESTING", "SITE_URL", "ALLOWED_HOSTS", "NUM_PROXIES"}}
    code = ("import json, django; from django.conf import settings; django.setup();"
            f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                         env=clean | env | {"DJANGO_SETTINGS_MODULE": "archive_site.settings"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_canonical_address_defaults_to_the_allowed_host_not_loopback():
    production = dict(SECRET_KEY="k", DATABASE_URL="postgres://u@localhost/x", ALLOWED_HOSTS="news.example,www.news.example")
    assert settings_of("SITE_URL", **production)["SITE_URL"] == "https://news.example"
    assert settings_of("SITE_URL", **production, SITE_URL="https://archive.example/")["SITE_URL"] == "https://archive.example"
    assert settings_of("SITE_URL", DEBUG="1")["SITE_URL"] == "http://127.0.0.1:8000"


def test_production_database_has_timeouts_and_health_checks():
    found = settings_of("DATABASES", "NUM_PROXIES", SECRET_KEY="k", DATABASE_URL="postgres://u@localhost/x",
                        ALLOWED_HOSTS="news.example", NUM_PROXIES="1")
    database = found["DATABASES"]["default"]
    assert database["CONN_HEALTH_CHECKS"] is True and database["OPTIONS"]["connect_timeout"] == 5
    assert found["NUM_PROXIES"] == 1


def test_make_clean_keeps_the_archive():
    planned = subprocess.run(["make", "-n", "clean"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "rm -rf" in planned
    for kept in ("db.sqlite3", "media", ".secret_key"):
        assert kept not in planned


def test_check_deploy_names_missing_redis_and_site_url():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ARCHIVE_TESTING", "CACHE_URL", "SITE_URL"}}
    env.update(SECRET_KEY="k" * 60, ALLOWED_HOSTS="news.example", DJANGO_SETTINGS_MODULE="archive_site.settings")
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    assert "archive.W001" in out.stderr + out.stdout and "archive_site.W001" in out.stderr + out.stdout
    env.update(CACHE_URL="redis://127.0.0.1:6379/15", SITE_URL="https://news.example")
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    assert "archive.W00" not in out.stderr + out.stdout
