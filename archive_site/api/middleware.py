"""Compression of the API's JSON (and only of it).

gzip cuts a page with bodies to about an eighth. Pages are left alone: they
carry CSRF tokens, and compressing secrets beside reflected input is what
BREACH exploits; the API has neither.
"""

from django.middleware.gzip import GZipMiddleware


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
