"""Rate limits: anonymous readers by address, partners by key.

Rates are read from settings on every request (API_ANON_RATE, API_KEY_RATE,
DRF's "60/min" form), so the environment and tests can change them.

Counting is a fixed window per client, opened by its first request: one
counter per window, raised with the cache's atomic increment (Redis INCR when CACHE_URL names Redis), so every
worker and every process sharing the cache counts the same requests and
concurrent requests cannot both read "one left". DRF's own throttle keeps a
list of timestamps and writes it back (read, modify, write): with concurrent
requests several pass on the same reading.

The client address is REMOTE_ADDR, or, behind NUM_PROXIES trusted proxies,
the address the outermost of them saw (the NUM_PROXIES-th entry of
X-Forwarded-For counted from the right). Anything a client writes into the
header to the left of that is ignored.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """(requests, seconds) from DRF's form: '60/min', '1000/day', '5/s'."""
    number, _, period = rate.partition("/")
    return int(number), DURATIONS[period.strip()[0]]


def client_address(request):
    """The address of the client, trusting exactly NUM_PROXIES proxies in front of the site."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Each trusted proxy appends the address it received the request from; the
    # outermost one's entry is NUM_PROXIES from the end. With fewer entries than
    # proxies the leftmost is the best there is (it came through a proxy).
    return forwarded[-min(proxies, len(forwarded))]


def count_hit(key, duration):
    """Count one request under `key`: (requests in the current window, seconds until it ends).

    The window opens with the client's first request and lasts `duration`
    (not aligned to the clock, so there is no boundary at which a client may
    send twice the limit in a moment). The counter is created with add() and
    raised with incr(): atomic in Redis (INCRBY keeps the counter's expiry)
    and in the in-process cache.
    """
    now = time.time()
    cache.add(f"{key}:opened", now, timeout=duration)
    cache.add(key, 0, timeout=duration)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr(): this request opens the next
        cache.set(f"{key}:opened", now, timeout=duration)
        cache.add(key, 1, timeout=duration)
        count = 1
    opened = cache.get(f"{key}:opened") or now
    return count, max(1, math.ceil(opened + duration - now))


class WindowRateThrottle(BaseThrottle):
    """A fixed-window counter in the shared cache; remembers its reading for the RateLimit-* headers."""

    scope = ""

    def get_rate(self):
        raise NotImplementedError

    def get_ident_key(self, request):
        """The client's identity, or None when this throttle does not apply."""
        raise NotImplementedError

    def allow_request(self, request, view):
        ident = self.get_ident_key(request)
        if ident is None:
            return True
        limit, duration = parse_rate(self.get_rate())
        try:
            count, reset = count_hit(f"ratelimit:{self.scope}:{ident}:{duration}", duration)
        except Exception:  # the shared cache is down: serve rather than refuse everyone
            logger.exception("rate limit counter unavailable; request allowed")
            return True
        self.limit = limit
        self.remaining = max(0, limit - count)
        self.reset = reset
        request.rate_limit = self
        return count <= limit

    def wait(self):
        return self.reset


class AnonRateThrottle(WindowRateThrottle):
    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident_key(self, request):
        if request.auth is not None:
            return None
        return client_address(request)


class ApiKeyRateThrottle(WindowRateThrottle):
    scope = "api_key"

    def get_rate(self):
        return settings.API_KEY_RATE

    def get_ident_key(self, request):
        if request.auth is None:
            return None
        return request.auth.pk


def add_rate_limit_headers(request, response):
    """RateLimit-Limit, -Remaining and -Reset (IETF draft, as GitHub and others send them) from the throttle that counted."""
    throttle = getattr(request, "rate_limit", None) or getattr(getattr(request, "_request", None), "rate_limit", None)
    if throttle is None:
        return response
    response["RateLimit-Limit"] = str(throttle.limit)
    response["RateLimit-Remaining"] = str(throttle.remaining)
    response["RateLimit-Reset"] = str(throttle.reset)
    return response
