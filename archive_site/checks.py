"""`check --deploy` warnings for settings a production deployment needs (docs/DEPLOY.md)."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def hardening_checks(app_configs, **kwargs):
    warnings = []
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        warnings.append(Warning(
            "CACHE_URL is not set: each gunicorn worker counts API and sign-in rate limits for itself.",
            hint="Set CACHE_URL to a Redis URL (docs/DEPLOY.md).", id="archive.W001"))
    if not os.environ.get("SITE_URL"):
        warnings.append(Warning(
            f"SITE_URL is not set; canonical links, feeds and the sitemap use {settings.SITE_URL}.",
            hint="Set SITE_URL to the public address, e.g. https://news.example.", id="archive.W002"))
    return warnings
