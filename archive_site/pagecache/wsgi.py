"""The page cache as a WSGI wrapper around Django's handler.

A hit is answered before Django's middleware runs (eleven middlewares cost more
than rendering a cached page), from Django's cache, for:

- GET and HEAD only, not under /admin/ or /static/ (PAGE_CACHE_BYPASS_PREFIXES);
- requests without a session, CSRF, messages or language cookie and without an
  Authorization header: a logged-in editor or a partner with a key always
  reaches Django (a key's requests are counted and limited there);
- answers that were a 200 with no Set-Cookie and no `private`/`no-store`.

Entries carry the content generation they were rendered in and are served
only while it is current (see generation.py). Every answer from here, hit or
miss, gets an ETag (a hash of its bytes), Last-Modified (when content last
changed) and Cache-Control, and a repeat visitor's If-None-Match or
If-Modified-Since gets a 304. X-Page-Cache says hit or miss.

Anonymous API hits still pass the API's own rate throttles (the same classes
its views use), so the cache does not lift the anonymous limit.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.db import close_old_connections
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from archive_site.pagecache import generation as generations

logger = logging.getLogger(__name__)

DEFAULT_BYPASS_PREFIXES = ("/admin/", "/static/", "/media/")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "date", "server"}
DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"


def _setting(name, default):
    return getattr(settings, name, default)


def _private_cookies():
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",  # django.contrib.messages' cookie storage
    }


def request_is_cacheable(environ):
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    path = environ.get("PATH_INFO", "")
    if path.startswith(tuple(_setting("PAGE_CACHE_BYPASS_PREFIXES", DEFAULT_BYPASS_PREFIXES))):
        return False
    if environ.get("HTTP_AUTHORIZATION"):
        return False
    cookie = environ.get("HTTP_COOKIE")
    if cookie and _private_cookies() & parse_cookie(cookie).keys():
        return False
    return True


def _scheme(environ):
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header and environ.get(header[0], "").split(",")[0].strip() == header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def entry_key(environ):
    """One entry per address (scheme, host, path, query) and, for the API, per Accept header."""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    parts = [_scheme(environ), environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""), path,
             environ.get("QUERY_STRING", "")]
    if environ.get("PATH_INFO", "").startswith("/api/"):
        parts.append(environ.get("HTTP_ACCEPT", ""))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"pagecache:page:{generations.release()}:{digest}"


def etag_of(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(etag, header):
    tags = parse_etags(header)
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


def is_not_modified(environ, etag, last_modified):
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        return _etag_matches(etag, if_none_match)
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified) <= since


def _header(headers, name):
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def response_is_cacheable(status, headers):
    if not status.startswith("200"):
        return False
    if _header(headers, "Set-Cookie") is not None:
        return False
    cache_control = (_header(headers, "Cache-Control") or "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "*" in (_header(headers, "Vary") or ""):
        return False
    return True


def _with_validators(headers, etag, last_modified):
    """The stored headers, with ETag, Last-Modified and Cache-Control added where the view gave none."""
    headers = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
    if _header(headers, "ETag") is None:
        headers.append(("ETag", etag))
    if _header(headers, "Last-Modified") is None:
        headers.append(("Last-Modified", http_date(last_modified)))
    if _header(headers, "Cache-Control") is None:
        headers.append(("Cache-Control", _setting("PAGE_CACHE_CONTROL", DEFAULT_CACHE_CONTROL)))
    return headers


def _not_modified_headers(headers):
    keep = {"etag", "last-modified", "cache-control", "vary", "expires", "content-location"}
    return [(k, v) for k, v in headers if k.lower() in keep]


class _Throttled(Exception):
    pass


def _api_throttles_allow(environ):
    """Count an anonymous API hit against the API's throttles; False when over the limit (Django answers 429)."""
    from archive_site.api.base import PartnerViewSet

    # The throttles read the address and headers of a request; nothing here reads its body.
    shim = WSGIRequest(environ)
    shim.auth = None
    try:
        for throttle_class in PartnerViewSet.throttle_classes:
            if not throttle_class().allow_request(shim, None):
                return False
    except Exception:  # a throttle needing more of a request than this: let Django decide
        logger.debug("API throttle could not run ahead of Django", exc_info=True)
        return False
    return True


class PageCacheMiddleware:
    """WSGI middleware: `application = PageCacheMiddleware(get_wsgi_application())`."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not _setting("PAGE_CACHE_ENABLED", True) or not request_is_cacheable(environ):
            return self.application(environ, start_response)
        try:
            return self._serve(environ, start_response)
        except _Throttled:
            return self.application(environ, start_response)

    def _current_and_entry(self, key):
        cache = generations.cache()
        now = time.time()
        if generations.uses_shared_cache():
            # One round trip for both.
            found = cache.get_many([generations.GENERATION_KEY, key])
            raw = found.get(generations.GENERATION_KEY)
            generation = generations.Generation.from_json(raw) if raw else None
            entry = found.get(key)
        else:
            generation = generations.read_stored()
            entry = None
        if generation is None or generation.expired(now):
            # A scheduled article has come out (or nothing was stored yet): a new generation, from the database.
            close_old_connections()
            try:
                generation = generations.bump()
            finally:
                close_old_connections()
            entry = None
        elif not generations.uses_shared_cache():
            entry = cache.get(key)
        if entry is not None and entry.get("generation") != generation.token:
            entry = None
        return generation, entry, now

    def _serve(self, environ, start_response):
        key = entry_key(environ)
        try:
            generation, entry, now = self._current_and_entry(key)
        except Exception:  # the cache (Redis) is down: serve from Django, uncached
            logger.warning("page cache: unavailable", exc_info=True)
            return self.application(environ, start_response)
        if entry is not None:
            if environ.get("PATH_INFO", "").startswith("/api/") and not _api_throttles_allow(environ):
                raise _Throttled
            return self._answer(environ, start_response, entry, hit=True)
        if environ.get("REQUEST_METHOD") == "HEAD":
            # A HEAD's body is not the page: only a GET fills the cache.
            return self.application(environ, start_response)
        return self._fill(environ, start_response, key, generation, now)

    def _answer(self, environ, start_response, entry, *, hit):
        headers = list(entry["headers"]) + [("X-Page-Cache", "hit" if hit else "miss")]
        if is_not_modified(environ, entry["etag"], entry["last_modified"]):
            start_response("304 Not Modified", _not_modified_headers(headers))
            return []
        start_response(entry["status"], headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        return [entry["body"]]

    def _fill(self, environ, start_response, key, generation, now):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            if exc_info:
                return start_response(status, headers, exc_info)
            return lambda data: None  # Django never uses write()

        result = self.application(environ, capture)
        if not isinstance(result, HttpResponse) or not response_is_cacheable(captured["status"], captured["headers"]):
            # Streamed answers (sitemap pages, static files) and uncacheable ones pass through as they are.
            start_response(captured["status"], captured["headers"])
            return result
        try:
            body = b"".join(result)
        finally:
            result.close()
        # Last-Modified: when content last changed (a page shows nothing newer).
        headers = _with_validators(captured["headers"], etag_of(body), int(generation.bumped_at))
        entry = {
            "generation": generation.token,
            "status": captured["status"],
            "headers": headers,
            "body": body,
            "etag": _header(headers, "ETag"),
            "last_modified": int(generation.bumped_at),
        }
        timeout = generations.entry_timeout(generation, now)
        if timeout > 0 and len(body) <= _setting("PAGE_CACHE_MAX_BYTES", 2 * 1024 * 1024):
            try:
                generations.cache().set(key, entry, timeout)
            except Exception:  # a cache outage costs speed, never the page
                logger.warning("page cache: could not store %s", environ.get("PATH_INFO"), exc_info=True)
        return self._answer(environ, start_response, entry, hit=False)
