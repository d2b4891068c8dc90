"""A worker process of the shared-counter test; imports Django only once it is set up in the child."""

import os


def count_allowed(redis_url, rate, barrier, requests, results):
    """One worker process: its own Django, the shared Redis, `requests` tries at once with the others."""
    os.environ["CACHE_URL"] = redis_url
    os.environ["API_ANON_RATE"] = rate
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    os.environ["ARCHIVE_TESTING"] = "1"  # pytest is not imported here: the test settings all the same
    import django

    django.setup()
    from django.test import RequestFactory
    from rest_framework.request import Request

    from archive_site.api.throttling import AnonRateThrottle

    allowed = 0
    barrier.wait()
    for _ in range(requests):
        request = Request(RequestFactory().get("/api/v1/sections/", REMOTE_ADDR="203.0.113.9"))
        request._authenticator, request._user, request._auth = None, None, None
        allowed += AnonRateThrottle().allow_request(request, None)
    results.put(allowed)
