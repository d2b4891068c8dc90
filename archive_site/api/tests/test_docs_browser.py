"""The interactive API docs render in headless Chromium under the site's strict CSP, from its own files."""

import pytest
from django.conf import settings
from django.test import override_settings

from archive_site.tests import checkers

pytestmark = [pytest.mark.browser]

CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_renders_every_operation_without_csp_errors():
    checkers.require_chromium()
    # Enforce SECURE_CSP (script-src 'self', style-src 'self') whether or not the project enables it yet.
    middleware = settings.MIDDLEWARE if CSP_MIDDLEWARE in settings.MIDDLEWARE else [*settings.MIDDLEWARE, CSP_MIDDLEWARE]
    console, page_errors, outside = [], [], []
    with override_settings(MIDDLEWARE=middleware), checkers.live_site() as base_url:
        with checkers.chromium_page() as page:
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base_url) else None)
            response = page.goto(f"{base_url}/api/docs/")
            assert "script-src 'self'" in response.headers.get("content-security-policy", "")
            page.wait_for_selector(".opblock")
            operations = page.locator(".opblock").count()
    assert operations == 21  # 7 lists, 7 details, the change feed; webhooks (list, create, one, delete); exports (list, file)
    assert not page_errors
    assert not [line for line in console if "Content Security Policy" in line or line.startswith("error")]
    assert not [url for url in outside if not url.startswith("data:")]
