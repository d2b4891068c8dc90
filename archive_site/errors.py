"""Persian error pages (the reader-site work gives them their templates)."""

from django.shortcuts import render


def _page(request, status, title, message):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"error": {"status": status, "code": title, "detail": message}}, status=status)
    return render(request, f"{status}.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, "bad_request", "درخواست نادرست است.")


def permission_denied(request, exception=None):
    return _page(request, 403, "forbidden", "دسترسی به این صفحه ممکن نیست.")


def page_not_found(request, exception=None):
    return _page(request, 404, "not_found", "صفحه‌ای با این نشانی پیدا نشد.")


def server_error(request):
    return _page(request, 500, "server_error", "خطایی در سرور رخ داد. لطفاً بعداً دوباره تلاش کنید.")
