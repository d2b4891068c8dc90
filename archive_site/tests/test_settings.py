"""Settings come from the environment, secure when unset."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
         "ALLOWED_HOSTS", "LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"]


def load_settings(**env):
    """The settings a fresh process gets with exactly `env` (no pytest in it)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "ARCHIVE_TESTING", *NAMES}}
    clean.update(env)
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}} | "
        "{'DB': settings.DATABASES['default']['ENGINE']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | {"DJANGO_SETTINGS_MODULE": "archive_site.settings"},
        capture_output=True, text=True, check=False,
    )
    return out


def test_production_defaults_are_secure():
    out = load_settings(SECRET_KEY="k", DATABASE_URL="postgres://u@localhost/x", ALLOWED_HOSTS="news.example")
    assert out.returncode == 0, out.stderr
    settings = json.loads(out.stdout)
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] > 0
    assert settings["ALLOWED_HOSTS"] == ["news.example"]
    assert (settings["LANGUAGE_CODE"], settings["TIME_ZONE"], settings["USE_TZ"]) == ("fa", "Asia/Tehran", True)
    assert settings["DB"] == "django.db.backends.postgresql"


def test_a_deployment_can_turn_a_security_setting_off():
    out = load_settings(SECRET_KEY="k", SECURE_SSL_REDIRECT="0", DATABASE_URL="postgres://u@localhost/x")
    assert json.loads(out.stdout)["SECURE_SSL_REDIRECT"] is False


def test_missing_secret_key_on_a_real_database_is_refused():
    out = load_settings(DATABASE_URL="postgres://u@localhost/x")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


@pytest.mark.parametrize("debug", ["1", "true"])
def test_debug_defaults_to_sqlite_and_local_hosts(debug):
    out = load_settings(DEBUG=debug)
    settings = json.loads(out.stdout)
    assert settings["DEBUG"] is True
    assert settings["DB"] == "django.db.backends.sqlite3"
    assert "127.0.0.1" in settings["ALLOWED_HOSTS"]


def test_deployment_check_is_clean():
    """`manage.py check --deploy` with a production environment finds nothing to warn about."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ARCHIVE_TESTING", "DATABASE_URL"}}
    env |= {"SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40, "DATABASE_URL": "postgres://u@localhost/x",
            "ALLOWED_HOSTS": "news.example",
            # docs/DEPLOY.md: shared rate counters and the public address.
            "CACHE_URL": "redis://127.0.0.1:6379/15", "SITE_URL": "https://news.example"}
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    # Without SITE_URL, feeds and the sitemap would link to 127.0.0.1: the check says so (archive_site.checks).
    env.pop("SITE_URL")
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert out.returncode != 0 and "archive_site.W001" in out.stdout + out.stderr
