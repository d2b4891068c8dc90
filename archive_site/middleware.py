"""Hardening at the door: a rate limit on password guesses before any hashing, and headers every answer carries."""

from django.conf import settings

from archive_site.api.throttling import client_address, count_hit, parse_rate
from archive_site.errors import standalone_page

# Features no page of the archive uses; a script injected into one gets none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class LoginRateLimitMiddleware:
    """At most LOGIN_RATE sign-in attempts per client address, refused before the password is hashed.

    Hashing a password costs about half a second of CPU on purpose; without a
    limit in front of it a few guessing clients occupy every worker. django-axes
    locks a user or an address out after repeated failures; this bounds the
    rate of tries, failed or not, at the cost of one cache increment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info in settings.LOGIN_RATE_LIMITED_PATHS:
            refused = self._refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refuse(self, request):
        limit, duration = parse_rate(settings.LOGIN_RATE)
        try:
            count, wait = count_hit(f"ratelimit:login:{client_address(request)}:{duration}", duration)
        except Exception:  # no shared cache: axes still locks out
            return None
        if count <= limit:
            return None
        return standalone_page(
            request, status=429, title="تلاش‌های ورود بیش از اندازه",
            message=f"از این نشانی در مدتی کوتاه بیش از {limit} بار برای ورود تلاش شده است.",
            detail=f"{wait} ثانیهٔ دیگر دوباره تلاش کنید.".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
            headers={"Retry-After": str(wait)},
        )
