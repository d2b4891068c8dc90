"""One JSON shape for every error the partner API answers.

    {"error": {"status": 400, "code": "invalid", "detail": "…", "fields": {"from-date": ["…"]}}}

`fields` appears only on validation errors; a withdrawn article's 410 carries
its `tombstone` (id and when, nothing of its text).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.encoding import iri_to_uri
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

# Persian details for the errors partners meet; DRF's own text is the fallback.
DETAILS = {
    400: "پارامترهای درخواست نادرست است.",
    401: "کلید API نامعتبر یا باطل‌شده است.",
    403: "دسترسی ممکن نیست.",
    404: "چیزی با این نشانی پیدا نشد.",
    405: "این API فقط خواندنی است؛ تنها GET و HEAD پذیرفته می‌شود.",
    406: "قالب خواسته‌شده پشتیبانی نمی‌شود؛ پاسخ‌ها JSON هستند.",
    410: "این خبر پس گرفته شده است.",
    415: "نوع محتوا پشتیبانی نمی‌شود.",
    429: "تعداد درخواست‌ها از سقف مجاز گذشته است.",
}
CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


class Gone(exceptions.APIException):
    """410 for an article that was public and has been withdrawn."""

    status_code = status.HTTP_410_GONE
    default_detail = DETAILS[410]
    default_code = "withdrawn"

    def __init__(self, tombstone):
        super().__init__()
        self.tombstone = tombstone


def error_body(status_code, *, code=None, detail=None, fields=None, **extra):
    body = {"status": status_code, "code": code or CODES.get(status_code, "error"), "detail": detail or DETAILS.get(status_code, "")}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return {"error": body}


def _flatten(detail):
    """DRF's nested ErrorDetail structures as {field: [messages]}."""
    if isinstance(detail, dict):
        return {str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])] for name, msgs in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)  # sets WWW-Authenticate and Retry-After
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(code, fields=_flatten(exc.detail))
    elif isinstance(exc, Gone):
        response.data = error_body(code, code=exc.default_code, tombstone=exc.tombstone)
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(
            code,
            detail=f"{DETAILS[429]} {exc.wait and int(exc.wait + 0.999) or 1} ثانیهٔ دیگر دوباره بفرستید.",
            retry_after=int(exc.wait + 0.999) if exc.wait is not None else None,
        )
    elif isinstance(exc, exceptions.MethodNotAllowed):
        response.data = error_body(code)
    else:
        detail = DETAILS.get(code) or str(getattr(exc, "detail", ""))
        response.data = error_body(code, detail=detail)
    return response


def json_not_found(request, *args, **kwargs):
    """The catch-all under /api/: an unknown path is a JSON 404, never an HTML page.

    A known path typed without its final slash is redirected, as Django's
    APPEND_SLASH would do if this catch-all did not match first.
    """
    if request.method in ("GET", "HEAD") and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not json_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + ("?" + iri_to_uri(query) if query else ""))
    response = JsonResponse(error_body(404), status=404, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def validation_error(field, message):
    return exceptions.ValidationError({field: [message]})

