"""Persian error pages (the reader-site work gives them their templates)."""

import sys

from django.shortcuts import render


def _page(request, status, title, message):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"error": {"status": status, "code": title, "detail": message}}, status=status)
    return render(request, f"{status}.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    from archive_site.text import to_persian_digits

    if isinstance(exception, TooManyFilesSent):
        message = to_persian_digits(f"در هر بار بیش از {settings.DATA_UPLOAD_MAX_NUMBER_FILES} فایل پذیرفته نیست؛ "
                                    "فایل‌ها را در چند بار بفرستید یا در یک فایل zip.")
    elif isinstance(exception, RequestDataTooBig):
        message = "حجم فرستاده‌شده بیش از اندازه است؛ آن را در چند بار بفرستید."
    elif isinstance(exception, TooManyFieldsSent):
        message = "فرم بیش از اندازه فیلد دارد."
    else:
        message = "درخواست نادرست است."
    return _page(request, 400, "bad_request", message)


def permission_denied(request, exception=None):
    return _page(request, 403, "forbidden", "دسترسی به این صفحه ممکن نیست.")


def page_not_found(request, exception=None):
    return _page(request, 404, "not_found", "صفحه‌ای با این نشانی پیدا نشد.")


def server_error(request):
    if _database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return _page(request, 500, "server_error", "خطایی در سرور رخ داد. لطفاً بعداً دوباره تلاش کنید.")


# How long a client is asked to wait while the database is unreachable or busy.
DATABASE_RETRY_AFTER = 30


def _database_unavailable(exception):
    """Whether the request failed because the database could not be reached or timed out."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, (OperationalError, InterfaceError))


def standalone_page(request, *, status, title, message, detail="", headers=None):
    """A Persian page that needs no database (failures, refusals before any view), or the API's JSON error."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        from archive_site.api.errors import CODES

        response = JsonResponse(
            {"error": {"status": status, "code": CODES.get(status, "unavailable" if status == 503 else "error"), "detail": f"{message} {detail}".strip()}},
            status=status, json_dumps_params={"ensure_ascii": False},
        )
    else:
        from django.template.loader import render_to_string
        from django.http import HttpResponse

        from archive_site.text import to_persian_digits

        html = render_to_string("standalone_error.html", {
            "code": to_persian_digits(status), "title": title, "message": message, "detail": detail,
        })
        response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def database_unavailable(request):
    """503 with Retry-After: the database is down or too slow; nothing is wrong with the request."""
    return standalone_page(
        request, status=503, title="آرشیو موقتاً در دسترس نیست",
        message="پایگاه دادهٔ آرشیو پاسخ نمی‌دهد. لطفاً چند لحظهٔ دیگر دوباره تلاش کنید.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent without a valid token (an old page, cookies off, another site)."""
    return standalone_page(
        request, status=403, title="فرم پذیرفته نشد",
        message="این فرم از اعتبار افتاده یا از جای دیگری فرستاده شده است؛ برای امنیت شما پذیرفته نشد.",
        detail="صفحه را دوباره باز کنید و فرم را دوباره بفرستید. اگر کوکی‌ها در مرورگرتان خاموش است، آن‌ها را روشن کنید.",
    )


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user name or an address has failed too often (AXES_LOCKOUT_CALLABLE)."""
    from django.conf import settings

    from archive_site.text import to_persian_digits

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return standalone_page(
        request, status=429, title="ورود موقتاً بسته شد",
        message=to_persian_digits(
            f"پس از {settings.AXES_FAILURE_LIMIT} تلاش ناموفق، ورود با این نام کاربری یا از این نشانی بسته شده است."
        ),
        detail=to_persian_digits(f"{minutes} دقیقه پس از آخرین تلاش دوباره امتحان کنید، یا از سردبیر بخواهید قفل را بردارد."),
        headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME.total_seconds()))},
    )
