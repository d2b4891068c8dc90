"""What README.md, docs/ and `make help` promise, checked against what runs.

A newcomer follows them word for word: every example request must answer on
the demo content, every command and file they name must exist, every
variable in the configuration table must be read from the environment.
"""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def doc_text():
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


# Addresses that answer only a partner key (the docs show them with one): 401 without it.
KEY_ONLY = ("/api/v1/webhooks/",)


def example_requests():
    """The API requests the docs show in full (on https://archive.example/) that anyone may read."""
    found = set(re.findall(r"https://archive\.example(/api/v1/[^\s\"`']+)", doc_text()))
    return sorted(path for path in found if not path.startswith(KEY_ONLY))


def test_the_docs_show_example_requests():
    assert len(example_requests()) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("path", example_requests())
def test_every_example_request_answers_with_results_on_the_demo_content(path):
    call_command("seed_demo", "--no-editor", stdout=StringIO())
    parts = urlsplit(path)
    response = APIClient().get(parts.path + ("?" + parts.query if parts.query else ""), secure=True)
    assert response.status_code == 200, (path, response.content[:300])
    assert response.json()["results"], f"{path} finds nothing on the demo content"


def make_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))


def make_help():
    return subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_every_make_command_in_the_docs_exists_and_is_in_make_help():
    named = set(re.findall(r"`make ([a-z-]+)", doc_text())) | set(re.findall(r"^make ([a-z-]+)", doc_text(), re.MULTILINE))
    assert named, "the docs name no make command"
    assert named <= make_targets(), named - make_targets()
    helped = set(re.findall(r"^make ([a-z-]+)", make_help(), flags=re.MULTILINE))
    assert named <= helped, f"in the docs but not in make help: {named - helped}"


def test_make_help_says_what_check_runs():
    check_line = next(line for line in make_help().splitlines() if line.startswith("make check"))
    script = (ROOT / "scripts" / "check.sh").read_text(encoding="utf-8")
    assert "check_api.sh" in script and "schemathesis" in check_line
    # make check does not run the HTML or accessibility checks (they run in make test).
    assert "accessibility" not in check_line and "HTML" not in check_line


def test_every_phony_target_is_a_rule():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, flags=re.MULTILINE).group(1).split())
    assert phony <= make_targets(), phony - make_targets()


def test_files_the_docs_name_exist():
    named = set(re.findall(r"`((?:docs|scripts|archive_site|articles|people|platforms)/[\w./-]+\.(?:md|py|sh))`", doc_text()))
    named |= set(re.findall(r"\]\(((?:docs/)?[\w-]+\.md)\)", doc_text()))
    missing = {name for name in named if not (ROOT / name).exists() and not (ROOT / "docs" / name).exists()}
    assert not missing
    assert "SPEC.md" not in doc_text()


def test_every_configuration_variable_is_read_from_the_environment():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration"):]
    table = table[: table.index("\n## ", 5)]
    variables = set(re.findall(r"^\| `([A-Z_]+)`", table, flags=re.MULTILINE))
    variables |= {name for row in re.findall(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)+) \|", table, flags=re.MULTILINE)
                  for name in re.findall(r"`([A-Z_]+)`", row)}
    # Settings, and the modules settings and the WSGI entry point read the environment through.
    settings_source = "\n".join(
        (ROOT / "archive_site" / name).read_text(encoding="utf-8") for name in ("settings.py", "dbsettings.py", "wsgi.py")
    )
    assert "API_CHANGES_SETTLE_SECONDS" in variables
    for name in variables:
        assert re.search(rf"""(environ\.get\(|environ\[|env_bool\(|env_list\()"{name}\"""", settings_source), name


def _local_env():
    """This environment without DATABASE_URL: a fresh process on the embedded SQLite needs no SECRET_KEY."""
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def test_change_feed_settle_seconds_comes_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; print(settings.API_CHANGES_SETTLE_SECONDS)"
    env = {**_local_env(), "DJANGO_SETTINGS_MODULE": "archive_site.settings", "API_CHANGES_SETTLE_SECONDS": "17"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "17"


def test_the_production_start_needs_only_runtime_requirements():
    runtime = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    # `.venv/bin/gunicorn archive_site.wsgi` after `make run` (which installs requirements.txt only).
    assert re.search(r"^gunicorn==", runtime, flags=re.MULTILINE)
    # CACHE_URL=redis://... uses Django's RedisCache, which needs the redis client.
    assert re.search(r"^redis==", runtime, flags=re.MULTILINE)
    import gunicorn  # noqa: F401
    import redis  # noqa: F401


def test_cache_url_with_redis_works(monkeypatch):
    """CACHE_URL=redis://… as the README says: a cache that stores and reads back (Redis from TEST_REDIS_URL)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(f"CI is set and Redis at {url} (TEST_REDIS_URL) does not answer")
        pytest.skip(f"Redis at {url} (TEST_REDIS_URL) does not answer")
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('docs-check', 'ok', 5); print(cache.get('docs-check')); cache.delete('docs-check')"
    )
    env = {**_local_env(), "DJANGO_SETTINGS_MODULE": "archive_site.settings", "CACHE_URL": url}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
