"""Editors issue a key (shown once), revoke it, and see its daily use in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.utils import timezone

from archive_site.models import APIKey, APIKeyUsage, hash_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pass-for-tests-only")
    client.force_login(user)
    return client, user


def test_issuing_a_key_shows_the_raw_key_once(editor_client):
    client, user = editor_client
    response = client.post("/admin/archive_site/apikey/add/", {"name": "خبرگزاری همکار", "contact": "a@b.c"}, secure=True)
    # Shown on the answer itself, never stored: not in a message, so not in the messages cookie.
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = APIKey.objects.get()
    assert key.created_by == user
    raw = re.search(r'<code dir="ltr" id="raw-key">([^<]+)</code>', response.content.decode()).group(1)
    assert hash_key(raw) == key.hashed_key and raw.startswith(key.prefix)
    assert not any(raw in str(m) for m in get_messages(response.wsgi_request))
    assert all(raw not in morsel.value for morsel in response.cookies.values())
    assert all(raw not in morsel.value for morsel in client.cookies.values())
    assert raw not in client.get(f"/admin/archive_site/apikey/{key.pk}/change/", secure=True).content.decode()
    assert raw not in client.get("/admin/archive_site/apikey/", secure=True).content.decode()


def test_revoke_action_and_usage_are_visible(editor_client, api):
    client, _ = editor_client
    key, raw = APIKey.issue(name="پژوهشگر")
    APIKeyUsage.objects.create(key=key, day=timezone.localdate(), requests=41)
    listing = client.get("/admin/archive_site/apikey/", secure=True).content.decode()
    assert "41" in listing
    change = client.get(f"/admin/archive_site/apikey/{key.pk}/change/", secure=True).content.decode()
    assert "41" in change
    client.post(
        "/admin/archive_site/apikey/", {"action": "revoke_keys", "_selected_action": [key.pk]}, secure=True
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api.get("/api/v1/sections/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 401


def test_keys_cannot_be_deleted(editor_client):
    client, _ = editor_client
    key, _ = APIKey.issue(name="x")
    assert client.get(f"/admin/archive_site/apikey/{key.pk}/delete/", secure=True).status_code == 403
