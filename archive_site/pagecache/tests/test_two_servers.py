"""Two app servers on loopback sharing one Redis: an edit made through one is seen at once through the other.

Each server is a real gunicorn process with the project's WSGI application (the
page cache in front of Django), CACHE_URL pointing at the Redis named by
TEST_REDIS_URL, and one database of their own (a SQLite file, or a PostgreSQL
database beside the one DATABASE_URL names). The edit is an editor's: logged
in to the admin on server A, withdrawing the article with the admin's action.
Skipped when Redis is not running, except in CI (env CI), where it fails.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed in CI ({REDIS_URL}): {error}")
        pytest.skip(f"Redis is not running at {REDIS_URL} (set TEST_REDIS_URL): {error}")
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    """A database of this test's own, on the engine the suite runs on."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'two-servers.sqlite3'}"
        return
    import psycopg

    name = f"{dj_database_url.parse(configured)['NAME']}_two_servers"
    parts = urlsplit(configured)
    admin_url = parts._replace(scheme="postgresql", path="/postgres").geturl()

    def run(sql):
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    yield parts._replace(path=f"/{name}").geturl()
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=180, **kwargs)


SETUP = """
from django.utils import timezone
from articles.models import Article, Section
section = Section.objects.create(name="علم و فناوری", slug="science")
article = Article.objects.create(headline="خبر دو سرور زرافه", lead="لید", body="متن", section=section,
                                 status="published", published_at=timezone.now())
print(article.pk, article.get_absolute_url())
"""


@pytest.fixture
def servers(database_url, tmp_path):
    client = redis_or_skip()
    client.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url, "CACHE_URL": REDIS_URL, "SECRET_KEY": "two-servers-test",
        "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0", "ARCHIVE_TESTING": "1", "PAGE_CACHE": "1",
        "DJANGO_SUPERUSER_PASSWORD": "two-servers-pass-1",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
    pk, url = manage(env, "shell", "--no-imports", "-c", SETUP).stdout.split()
    processes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "archive_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1",
                 "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            ))
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            deadline = time.monotonic() + 60  # the machine may be busy
            while True:
                try:
                    requests.get(base + "/robots.txt", timeout=10)
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield {"a": bases[0], "b": bases[1], "pk": int(pk), "url": url}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        client.flushdb()


def get(base, path):
    # Both servers answer one public host name, as behind a load balancer.
    return requests.get(base + path, headers={"Host": "127.0.0.1"}, timeout=10)


def test_an_edit_through_one_server_is_seen_at_once_through_the_other(servers):
    a, b, url = servers["a"], servers["b"], servers["url"]
    assert get(a, url).status_code == 200
    # Filled through A, served from the shared Redis through B, and the other way round.
    assert get(b, url).headers["X-Page-Cache"] == "hit"
    assert get(b, "/").headers["X-Page-Cache"] == "miss"
    assert get(a, "/").headers["X-Page-Cache"] == "hit"
    for path in ("/", "/feeds/rss/", "/api/v1/articles/"):
        assert "زرافه" in get(b, path).text

    # An editor withdraws the article through the admin on server A.
    editor = requests.Session()
    editor.headers["Host"] = "127.0.0.1"
    editor.get(a + "/admin/login/", timeout=10)
    login = editor.post(a + "/admin/login/?next=/admin/", timeout=10, data={
        "username": "chief", "password": "two-servers-pass-1", "csrfmiddlewaretoken": editor.cookies["csrftoken"],
    })
    assert login.status_code == 200 and "/admin/login/" not in login.url
    done = editor.post(a + "/admin/articles/article/", timeout=10, data={
        "action": "withdraw_action", "_selected_action": str(servers["pk"]), "index": "0", "confirm": "1",
        "note": "آزمون", "csrfmiddlewaretoken": editor.cookies["csrftoken"],
    })
    assert done.status_code == 200

    # Server B sees it at once: the article answers 410, and it is gone from the home page, feed and API.
    assert get(b, url).status_code == 410
    for path in ("/", "/feeds/rss/", "/api/v1/articles/"):
        answer = get(b, path)
        assert answer.status_code == 200 and "زرافه" not in answer.text, path
