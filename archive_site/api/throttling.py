"""Rate limits: anonymous readers by address, partners by key.

Rates are read from settings on every request (API_ANON_RATE, API_KEY_RATE,
DRF's "60/min" form), so the environment and tests can change them.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AnonRateThrottle(SimpleRateThrottle):
    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self):
        return settings.API_KEY_RATE

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
