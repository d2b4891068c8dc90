"""HTTP caching of API answers: ETag, Last-Modified, 304 and Cache-Control.

The ETag is a hash of the answer's bytes, so it changes exactly when the answer
does. Last-Modified is the newest change time of what the answer shows; lists
send it as information but are revalidated by ETag only, since an item leaving
a list (withdrawn) changes the list without any shown item changing.
"""

import hashlib

from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework import status

# A CDN may keep anonymous answers this long; partners see a change within it.
MAX_AGE = 60
CACHEABLE = {status.HTTP_200_OK, status.HTTP_404_NOT_FOUND, status.HTTP_410_GONE}


def etag_of(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(etag, header):
    tags = parse_etags(header)
    # Weak comparison (RFC 9110 13.1.2): W/"x" and "x" are the same tag for GET.
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


def not_modified(request, etag, last_modified, *, honour_modified_since):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
        return _matches(etag, if_none_match)
    if honour_modified_since and last_modified is not None:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def apply(request, response, *, last_modified=None, honour_modified_since=False):
    """Give a rendered answer its validators and cache policy; a 304 if the client's copy is current."""
    # Errors come in English on Accept-Language: en (API 1.1).
    patch_vary_headers(response, ["Authorization", "Accept", "Accept-Language"])
    if request.method not in ("GET", "HEAD"):
        response["Cache-Control"] = "no-store"
        return response
    if response.status_code not in CACHEABLE:
        response["Cache-Control"] = "no-store"
        return response
    keyed = getattr(request, "auth", None) is not None
    # Keyed answers are the same content, but a shared cache must not answer a
    # partner's request for it: the request would escape the key's count and limit.
    response["Cache-Control"] = f"{'private' if keyed else 'public'}, max-age={MAX_AGE}"
    etag = etag_of(response.content)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if response.status_code == status.HTTP_200_OK and not_modified(
        request, etag, last_modified, honour_modified_since=honour_modified_since
    ):
        response.status_code = status.HTTP_304_NOT_MODIFIED
        response.content = b""
        del response["Content-Type"]
    return response
