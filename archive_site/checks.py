"""The site's own system checks, and the one question they answer for pages: is SITE_URL really set?

`manage.py check --deploy` warns (archive_site.W001) when SITE_URL is left at
its local default (or names a loopback host) while DEBUG is off: feeds, the
sitemap and the API's links would then point at 127.0.0.1. Pages do not
depend on it: without a configured SITE_URL their canonical and Open Graph
addresses come from the request's own host (see articles.views.absolute).
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
    if settings.DEBUG or site_url_configured():
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: feeds, the sitemap and the API will link to a local address.",
            hint="Set the environment variable SITE_URL to the public address, e.g. https://archive.example.",
            id="archive_site.W001",
        )
    ]
