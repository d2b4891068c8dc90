"""Rate limits that hold: the client address trusts only configured proxies, counters are shared
and atomic across processes (Redis), every API answer says where the client stands, and the
API's only authentication is its key."""

import base64
import multiprocessing
import os

import pytest
from django.contrib.auth.models import User

from archive_site.api.tests.ratelimit_worker import count_allowed
from archive_site.models import APIKey

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip():
    """The test Redis, flushed; skipped when absent, except in CI where it must be there."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL): {error}")
    client.flushdb()
    return client


@pytest.fixture
def key():
    return APIKey.issue(name="خبرگزاری همکار")


def test_forwarded_for_is_ignored_without_trusted_proxies(api, archive, settings):
    settings.API_ANON_RATE = "3/min"
    settings.NUM_PROXIES = 0
    answers = [api.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_counts(api, archive, settings):
    settings.API_ANON_RATE = "2/min"
    settings.NUM_PROXIES = 1
    # A client prepends made-up addresses; nginx appends the one it saw (198.51.100.7).
    forged = [api.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7").status_code for n in range(3)]
    assert forged == [200, 200, 429]
    # Another real client behind the same proxy has its own allowance.
    assert api.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_every_api_answer_carries_ratelimit_headers(api, archive, settings, key):
    settings.API_ANON_RATE = "2/min"
    first = api.get("/api/v1/sections/")
    assert first["RateLimit-Limit"] == "2" and first["RateLimit-Remaining"] == "1"
    assert 1 <= int(first["RateLimit-Reset"]) <= 60
    assert api.get("/api/v1/articles/?from-date=nonsense").status_code == 400
    refused = api.get("/api/v1/sections/")
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"
    assert int(refused["Retry-After"]) == int(refused["RateLimit-Reset"])
    _, raw = key
    keyed = api.get("/api/v1/sections/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert keyed.status_code == 200 and keyed["RateLimit-Limit"] == str(int(settings.API_KEY_RATE.split("/")[0]))
    assert api.get("/api/schema/", HTTP_AUTHORIZATION=f"Api-Key {raw}")["RateLimit-Limit"]


def test_http_basic_is_no_way_in(api, archive):
    User.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    basic = "Basic " + base64.b64encode(b"chief:a-long-password-1").decode()
    for path in ("/api/schema/", "/api/docs/", "/api/v1/articles/"):
        response = api.get(path, HTTP_AUTHORIZATION=basic)
        assert response.status_code == 401, path


def test_staff_session_may_read_the_docs(api, archive):
    staff = User.objects.create_user("editor1", password="a-long-password-1", is_staff=True)
    api.force_login(staff)
    assert api.get("/api/docs/").status_code == 200


def test_workers_sharing_redis_let_through_exactly_the_limit():
    redis_or_skip()
    workers, per_worker, limit = 4, 25, 30
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=count_allowed, args=(REDIS_URL, f"{limit}/min", barrier, per_worker, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    counts = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert all(process.exitcode == 0 for process in processes)
    # The window opens with the first request (no clock boundary): exactly the limit passes.
    assert sum(counts) == limit
