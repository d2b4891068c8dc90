"""Partner keys: `Authorization: Api-Key <key>`.

No header means an anonymous reader (allowed, at the anonymous rate). A header
with an unknown or revoked key is refused with 401 rather than downgraded to
anonymous, so a partner notices a revoked key at once.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from archive_site.models import APIKey, APIKeyUsage, hash_key

KEYWORD = "Api-Key"
# token_urlsafe(32) gives 43 characters; anything far longer is not a key.
MAX_KEY_LENGTH = 200


class KeyHolder:
    """What `request.user` is for a keyed request: the key's partner, never a site user."""

    is_authenticated = True
    is_staff = False

    def __init__(self, key):
        self.key = key

    def __str__(self):
        return self.key.name


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _, raw = header.strip().partition(" ")
        raw = raw.strip()
        if keyword.lower() != KEYWORD.lower() or not raw or len(raw) > MAX_KEY_LENGTH or " " in raw:
            raise exceptions.AuthenticationFailed("سرآیند Authorization باید به شکل «Api-Key <کلید>» باشد.")
        key = APIKey.objects.active().filter(hashed_key=hash_key(raw)).first()
        if key is None:
            raise exceptions.AuthenticationFailed("کلید API نامعتبر یا باطل‌شده است.")
        return KeyHolder(key), key

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def record_use(key, *, now=None):
    """Count one request for `key` today (Tehran day): an atomic increment, created on first use."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if not APIKeyUsage.objects.filter(key=key, day=day).update(requests=F("requests") + 1):
        try:
            with transaction.atomic():
                APIKeyUsage.objects.create(key=key, day=day, requests=1)
        except IntegrityError:  # another request created today's row first
            APIKeyUsage.objects.filter(key=key, day=day).update(requests=F("requests") + 1)
    # last_used_at is informative: write it at most once a minute per key.
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        APIKey.objects.filter(pk=key.pk).update(last_used_at=now)


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "اختیاری. کلید شریک به شکل `Api-Key <key>`؛ بدون آن، با سقف درخواست ناشناس.",
        }
