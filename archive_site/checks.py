"""The site's own `check --deploy` warnings for settings a production deployment needs (docs/DEPLOY.md).

archive_site.W001: SITE_URL is left at its local default (or names a loopback
host) while DEBUG is off: feeds, the sitemap and the API's links would point at
127.0.0.1. Pages do not depend on it: without a configured SITE_URL their
canonical and Open Graph addresses come from the request's own host (see
articles.views.absolute).
archive.W001: no shared cache (CACHE_URL): each worker counts rate limits for itself.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def site_url_configured():
    """True when SITE_URL names a public host, not the local default."""
    host = urlsplit(getattr(settings, "SITE_URL", "") or "").hostname or ""
    return host not in LOCAL_HOSTS


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    # Unset, SITE_URL falls back to the first ALLOWED_HOSTS (https); a deployment should still say it.
    if settings.DEBUG or (site_url_configured() and not getattr(settings, "SITE_URL_GUESSED", False)):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: feeds, the sitemap and the API will link to a local address.",
            hint="Set the environment variable SITE_URL to the public address, e.g. https://archive.example.",
            id="archive_site.W001",
        )
    ]


@register(Tags.security, deploy=True)
def hardening_checks(app_configs, **kwargs):
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return [Warning(
            "CACHE_URL is not set: each gunicorn worker counts API and sign-in rate limits for itself.",
            hint="Set CACHE_URL to a Redis URL (docs/DEPLOY.md).", id="archive.W001")]
    return []
