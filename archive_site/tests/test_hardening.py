"""Guarded logins, clean failure when the database is away, Persian refusals, security headers."""

import socket
import threading
import time
from html import unescape

import psycopg
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from archive_site import errors
from archive_site.dbsettings import harden


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, username, password, address="198.51.100.20"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, secure=True, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_wrong_passwords_lock_the_user_out_with_a_persian_page(settings):
    settings.LOGIN_RATE = "100/min"
    User.objects.create_user("editor1", password="the-right-password-1", is_staff=True)
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "editor1", f"wrong-{n}", address=f"198.51.100.{n}").status_code == 200
    # The failure that reaches the limit is answered with the lockout.
    assert login(client, "editor1", "wrong-last", address="198.51.100.99").status_code == 429
    # Locked by user name: another address, even the right password, is refused without checking it.
    locked = login(client, "editor1", "the-right-password-1", address="203.0.113.50")
    assert locked.status_code == 429
    page = unescape(locked.content.decode())
    assert "ورود موقتاً بسته شد" in page and '<html lang="fa" dir="rtl">' in page
    assert int(locked["Retry-After"]) > 0
    assert AccessAttempt.objects.filter(username="editor1").exists()  # logged


@pytest.mark.django_db
def test_one_address_trying_many_names_is_locked_out(settings):
    settings.LOGIN_RATE = "100/min"
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"name{n}", "guess", address="198.51.100.77").status_code == 200
    assert login(client, "someone-else", "guess", address="198.51.100.77").status_code == 429
    assert login(client, "someone-else", "guess", address="198.51.100.78").status_code == 200


@pytest.mark.django_db
def test_login_attempts_are_limited_before_any_password_is_hashed(settings, monkeypatch):
    settings.LOGIN_RATE = "3/min"
    hashed = []
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    original = PBKDF2PasswordHasher.encode
    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", lambda self, *a, **k: hashed.append(1) or original(self, *a, **k))
    User.objects.create_user("editor2", password="the-right-password-2", is_staff=True)
    client = Client()
    answers = [login(client, f"editor2-{n}", "x", address="198.51.100.9").status_code for n in range(3)]
    hashed_before = len(hashed)
    refused = login(client, "editor2", "the-right-password-2", address="198.51.100.9")
    assert answers == [200, 200, 200] and refused.status_code == 429
    assert "Retry-After" in refused and "تلاش‌های ورود" in unescape(refused.content.decode())
    assert len(hashed) == hashed_before  # refused before hashing


def test_csrf_failure_is_a_persian_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"}, secure=True)
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "فرم پذیرفته نشد" in page and '<html lang="fa" dir="rtl">' in page


def test_pages_carry_permissions_policy_and_csp_form_action(client, db):
    response = client.get("/", secure=True)
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "form-action 'self'" in response["Content-Security-Policy"]


def test_database_errors_answer_503_with_retry_after_and_no_database():
    request = RequestFactory().get("/articles/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == str(errors.DATABASE_RETRY_AFTER)
    assert "موقتاً در دسترس نیست" in unescape(response.content.decode())
    api = RequestFactory().get("/api/v1/articles/")
    try:
        raise OperationalError("timeout")
    except OperationalError:
        response = errors.server_error(api)
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    try:
        raise ValueError("a bug")
    except ValueError:
        assert errors.server_error(request).status_code == 500


def test_hardened_postgres_settings():
    database = harden({"ENGINE": "django.db.backends.postgresql"}, environ={"DB_STATEMENT_TIMEOUT_MS": "1500"})
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] == 5
    assert "statement_timeout=1500" in database["OPTIONS"]["options"]
    assert "options" not in harden({"ENGINE": "django.db.backends.postgresql"}, environ={})["OPTIONS"]


@pytest.fixture
def silent_database():
    """A TCP port that accepts connections and never says a word: a hung database server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for sock in held:
        sock.close()
    server.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_that_never_answers_gives_503_in_seconds(client, silent_database, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the connect timeout is PostgreSQL's (SQLite is a local file)")
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    original = dict(connection.settings_dict)
    hung = harden({**original, "OPTIONS": {}}, environ={"DB_CONNECT_TIMEOUT": "2"})
    hung.update(HOST="127.0.0.1", PORT=str(silent_database))
    client.raise_request_exception = False
    connection.close()
    connection.settings_dict.update(hung)
    started = time.monotonic()
    try:
        response = client.get("/", secure=True)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        connection.connect()
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] and elapsed < 10


@pytest.mark.django_db
def test_statement_timeout_stops_a_long_query():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    options = harden({"ENGINE": "django.db.backends.postgresql"}, environ={"DB_STATEMENT_TIMEOUT_MS": "300"})["OPTIONS"]
    with psycopg.connect(**{**params, **options}) as conn:
        started = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 3
