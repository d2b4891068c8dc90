"""Webhooks end to end: registered with a key, delivered by the real worker to a receiver on loopback, signed, retried, logged."""

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from archive_site.models import APIKey, Webhook, WebhookDelivery
from archive_site.webhooks import dispatch, sign

ROOT = Path(__file__).resolve().parents[3]
SECRET = "a-partner-secret-of-some-length"


def free_port():
    for port in range(9000, 9050):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 9000-9049")


class Receiver:
    """A partner's endpoint: answers 500 to the first request (to be retried), 200 after; keeps what came."""

    def __init__(self):
        self.received = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.received.append((dict(self.headers), body))
                self.send_response(500 if len(owner.received) == 1 else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def run_worker_until(done, *, timeout=60):
    """The real worker until `done()`: `manage.py run_worker` as a process where the database is shared (PostgreSQL),
    else django-tasks-db's worker in this process (an in-memory SQLite test database), in batches."""
    deadline = time.monotonic() + timeout
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "SECRET_KEY": "worker-test", "WEBHOOK_ALLOW_PRIVATE_HOSTS": "1", "WEBHOOK_RETRY_BASE_SECONDS": "1",
            "WORKER_TICK_SECONDS": "0.3", "DJANGO_SETTINGS_MODULE": "archive_site.settings",
        }
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "-v", "0"], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        try:
            while not done() and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.3)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=20)[0].decode()
        assert done(), output
        return
    from archive_site.tasks import schedule_tick

    while not done() and time.monotonic() < deadline:
        schedule_tick()
        call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
        time.sleep(0.3)
    assert done()


def settle_log(timeout=60):
    """Wait until every committed log entry is past the horizon (on a shared PostgreSQL server, other databases'
    transactions hold it back too), so that the dispatcher starts after the fixtures' entries."""
    from archive_site.api.changes import visible_entries
    from articles.changelog import ArticleChange

    deadline = time.monotonic() + timeout
    while visible_entries().count() != ArticleChange.objects.count() and time.monotonic() < deadline:
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_webhooks_are_signed_retried_and_logged_by_the_worker(api, archive, make_article, settings, admin_client):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 1
    settings.WORKER_TICK_SECONDS = 0.3
    key, raw = APIKey.issue(name="شریک وب‌هوک")
    other_key, other_raw = APIKey.issue(name="شریک دیگر")
    with Receiver() as receiver:
        # Registered by the partner with its key; anonymous registration is refused.
        assert api.post("/api/v1/webhooks/", {"url": receiver.url, "events": ["article.published"]}, format="json").status_code == 401
        answer = api.post(
            "/api/v1/webhooks/", {"url": receiver.url, "events": ["article.published", "article.updated"], "secret": SECRET},
            format="json", HTTP_AUTHORIZATION=f"Api-Key {raw}",
        )
        assert answer.status_code == 201, answer.content
        assert answer.json()["secret"] == SECRET
        listed = api.get("/api/v1/webhooks/", HTTP_AUTHORIZATION=f"Api-Key {raw}").json()
        assert [hook["url"] for hook in listed] == [receiver.url] and "secret" not in listed[0]
        assert api.get("/api/v1/webhooks/", HTTP_AUTHORIZATION=f"Api-Key {other_raw}").json() == []

        settle_log()
        dispatch()  # the dispatcher's first run: it starts from the end of the log
        fresh = make_article("خبر تازه برای وب‌هوک", section=archive["science"])
        gap = archive["gap"]
        gap.name = "گپ (نام تازه)"
        gap.save()

        def delivered():
            return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.DELIVERED).count() == 2

        run_worker_until(delivered)

    deliveries = {d.event: d for d in WebhookDelivery.objects.all()}
    assert set(deliveries) == {"article.published", "article.updated"}
    assert json.loads(deliveries["article.published"].body)["change"]["id"] == fresh.pk
    assert json.loads(deliveries["article.updated"].body)["change"]["id"] == archive["founding"].pk
    # Every request is signed: HMAC-SHA256 of "<timestamp>.<body>" under the partner's secret.
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(SECRET.encode(), f"{headers['X-Archive-Timestamp']}.".encode() + body, hashlib.sha256).hexdigest()
        assert headers["X-Archive-Signature"] == expected == sign(SECRET, headers["X-Archive-Timestamp"], body)
        assert json.loads(body)["event"] == headers["X-Archive-Event"]
    # The first request failed (500) and the same delivery came again.
    ids = [headers["X-Archive-Delivery"] for headers, _ in receiver.received]
    assert len(ids) == 3 and ids[0] in ids[1:]
    retried = WebhookDelivery.objects.get(pk=ids[0])
    assert retried.attempts == 2 and retried.status == WebhookDelivery.Status.DELIVERED
    assert [a.status_code for a in retried.log.all()] == [500, 200]
    # The delivery log in the admin.
    page = admin_client.get(f"/admin/archive_site/webhookdelivery/{retried.pk}/change/").content.decode()
    assert "500" in page and "200" in page
    assert admin_client.get("/admin/archive_site/webhookdelivery/").status_code == 200
    assert Webhook.objects.get().key == key


@pytest.mark.django_db
def test_a_webhook_needs_a_valid_url_and_known_events(api):
    _, raw = APIKey.issue(name="شریک")
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    bad = api.post("/api/v1/webhooks/", {"url": "ftp://example.com/x", "events": ["article.nope"]}, format="json", **auth)
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"url", "events"}
    made = api.post("/api/v1/webhooks/", {"url": "https://partner.example/hook", "events": ["article.withdrawn"]},
                    format="json", **auth).json()
    assert len(made["secret"]) >= 32
    assert api.delete(f"/api/v1/webhooks/{made['id']}/", **auth).status_code == 204
    assert api.delete(f"/api/v1/webhooks/{made['id']}/", **auth).status_code == 404


@pytest.mark.django_db
def test_private_addresses_are_refused_unless_allowed(make_article, settings):
    from archive_site.webhooks import WebhookDelivery as Delivery
    from archive_site.webhooks import attempt

    key, _ = APIKey.issue(name="شریک")
    hook = Webhook.objects.create(key=key, url="http://127.0.0.1:9/x", events=["article.published"], secret=SECRET)
    delivery = Delivery.objects.create(webhook=hook, event="article.published", article_id=1, body="{}")
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    assert attempt(delivery) == settings.WEBHOOK_RETRY_BASE_SECONDS
    assert "خصوصی" in delivery.log.get().error
