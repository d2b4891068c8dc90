"""One JSON shape for every error the partner API answers.

    {"error": {"status": 400, "code": "invalid", "detail": "…", "fields": {"from-date": ["…"]}}}

`fields` appears only on validation errors; a withdrawn article's 410 carries
its `tombstone` (id and when, nothing of its text).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.encoding import iri_to_uri
from django.views.decorators.csrf import csrf_exempt
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


# Errors in English for clients that ask for it first (Accept-Language: en). Details are translated
# whole; field messages by their fixed beginning, keeping what follows (names, values, numbers).
ENGLISH_DETAILS = {
    400: "Invalid request parameters.",
    401: "Unknown or revoked API key.",
    403: "Access is not possible.",
    404: "Nothing was found at this address.",
    405: "This API is read-only except for webhooks: only GET and HEAD are accepted here.",
    406: "The requested format is not supported; answers are JSON.",
    410: "This article has been withdrawn.",
    415: "The request body must be JSON.",
    429: "Too many requests.",
}
ENGLISH_MESSAGES = [
    ("پارامتر ناشناخته. پذیرفتنی: ", "Unknown parameter. Accepted: "),
    ("شناسه یا نامک ناشناخته: ", "Unknown id or slug: "),
    ("فیلد ناشناخته: ", "Unknown field: "),
    ("فقط در صفحهٔ یک خبر", "Only on an article's detail"),
    ("عبارت پالایه بلندتر از", "The filter expression is too long."),
    ("عبارت پالایه نادرست است", "Malformed filter: 'a,b' both, 'a|b' either, '-a' not."),
    ("یک پالایه حداکثر", "Too many ids or slugs in one filter (at most 20)."),
    ("تاریخ بیرون از بازهٔ پذیرفتنی است.", "The date is out of range."),
    ("تاریخ باید به شکل", "A date is 1405-09-07 (Jalali) or 2026-11-28 (Gregorian)."),
    ("این تاریخ در تقویم وجود ندارد.", "This day does not exist in the calendar."),
    ("ماه یا سال نامعتبر است.", "Invalid month or year."),
    ("«to-date» نمی‌تواند پیش از «from-date» باشد.", "'to-date' cannot come before 'from-date'."),
    ("اندازهٔ صفحه باید عددی از", "page-size must be a whole number from 1 to the maximum page size."),
    ("نشانگر صفحه (cursor) نامعتبر است", "Invalid cursor: send it back exactly as it came in 'next'."),
    ("نویسهٔ NUL پذیرفته نیست.", "NUL characters are not accepted."),
    ("since باید", "since is a cursor from 'next', an ISO 8601 time, or a date (2018-11-20 or 1397-08-29)."),
    ("زمان ISO 8601", "Send an ISO 8601 time (2026-11-28T10:00:00+03:30) or a date (2018-11-20 or 1397-08-29)."),
    ("ترتیب باید یکی از", "order-by is one of newest, oldest, relevance."),
    ("ترتیب relevance فقط", "order-by=relevance needs q."),
    ("عبارت جست‌وجو بلندتر از", "The search text is too long."),
    ("عبارت جست‌وجو باید دست‌کم", "The search text needs at least two letters."),
    ("فقط نشانی http یا https.", "Only http or https URLs."),
    ("هر کلید حداکثر", "Too many webhooks for this key."),
    ("برای وب‌هوک‌ها کلید API لازم است", "Webhooks need an API key (Authorization: Api-Key <key>)."),
    ("سرآیند Authorization باید", "The Authorization header must be 'Api-Key <key>'."),
    ("کلید API نامعتبر یا باطل‌شده است.", "Unknown or revoked API key."),
]


def wants_english(request):
    """Whether the client's first language choice is English (Accept-Language: en, en-GB, ...)."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "") if request is not None else ""
    for lang, _ in parse_accept_lang_header(header[:200]):
        lang = lang.lower()
        if lang.startswith("en"):
            return True
        if lang.startswith("fa") or lang == "*":
            return False
    return False


def in_english(message):
    message = str(message)
    for persian, english in ENGLISH_MESSAGES:
        if message.startswith(persian):
            rest = message[len(persian):]
            # Keep a tail of names and values (ASCII), drop Persian prose.
            return english + (rest if english.endswith(": ") else "")
    if message.isascii():
        return message  # DRF's own English texts
    return "Invalid value."


def _to_english(body):
    error = body["error"]
    error["detail"] = ENGLISH_DETAILS.get(error["status"], error["detail"] if str(error["detail"]).isascii() else "Error.")
    if error["status"] == 429 and error.get("retry_after"):
        error["detail"] += f" Try again in {error['retry_after']} seconds."
    if "fields" in error:
        error["fields"] = {name: [in_english(m) for m in messages] for name, messages in error["fields"].items()}
    return body


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
    request = context.get("request") if context else None
    if wants_english(request):
        response.data = _to_english(response.data)
        response["Content-Language"] = "en"
    else:
        response["Content-Language"] = "fa"
    return response


@csrf_exempt  # nothing is written here; a POST or DELETE to an unknown path is a 404, not a CSRF 403
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
    body = _to_english(error_body(404)) if wants_english(request) else error_body(404)
    response = JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def validation_error(field, message):
    return exceptions.ValidationError({field: [message]})

