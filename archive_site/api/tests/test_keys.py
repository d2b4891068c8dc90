"""Partner keys: Api-Key header, 401 for unknown or revoked keys, rates, 429 with Retry-After, daily use."""

import pytest
from django.utils import timezone

from archive_site.api import usage as usage_counter
from archive_site.models import APIKey, APIKeyUsage

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return APIKey.issue(name="خبرگزاری همکار")


def test_anonymous_reads_are_allowed(api, archive):
    assert api.get("/api/v1/articles/").status_code == 200


def test_a_valid_key_is_accepted_and_its_use_counted(api, archive, key):
    record, raw = key
    for _ in range(3):
        response = api.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
        assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"
    # Counted off the request path: nothing is written until the batch is.
    assert not APIKeyUsage.objects.filter(key=record).exists()
    assert usage_counter.flush() == 3
    usage = APIKeyUsage.objects.get(key=record)
    assert usage.day == timezone.localdate()
    assert usage.requests == 3
    record.refresh_from_db()
    assert record.last_used_at is not None


@pytest.mark.parametrize("header", ["Api-Key not-a-real-key", "Api-Key ", "Bearer abc", "Api-Key a b"])
def test_unknown_or_malformed_key_is_401(api, archive, header):
    response = api.get("/api/v1/articles/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert response.json()["error"]["code"] == "not_authenticated"


def test_revoked_key_is_401(api, archive, key):
    record, raw = key
    record.revoke()
    response = api.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")
    usage_counter.flush()
    assert not APIKeyUsage.objects.filter(key=record).exists()


def test_anonymous_over_the_limit_is_429_with_retry_after(api, archive, settings):
    settings.API_ANON_RATE = "3/min"
    for _ in range(3):
        assert api.get("/api/v1/sections/").status_code == 200
    response = api.get("/api/v1/sections/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "throttled" and error["retry_after"] > 0


def test_each_key_has_its_own_higher_limit(api, archive, settings, key):
    settings.API_ANON_RATE = "1/min"
    settings.API_KEY_RATE = "5/min"
    _, raw = key
    _, other_raw = APIKey.issue(name="پژوهشگر")
    assert api.get("/api/v1/sections/").status_code == 200
    assert api.get("/api/v1/sections/").status_code == 429
    for _ in range(5):
        assert api.get("/api/v1/sections/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200
    assert api.get("/api/v1/sections/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 429
    assert api.get("/api/v1/sections/", HTTP_AUTHORIZATION=f"Api-Key {other_raw}").status_code == 200


def test_the_raw_key_is_never_stored(key):
    record, raw = key
    assert raw not in {record.hashed_key, record.prefix, record.name}
    assert record.hashed_key != raw and len(record.hashed_key) == 64
