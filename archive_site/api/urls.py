"""The partner API: /api/v1/..., the OpenAPI schema, its docs, and a JSON 404 for everything else under /api/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.routers import SimpleRouter

from archive_site.api.changes import ChangeFeedView
from archive_site.api.authentication import ApiKeyAuthentication
from archive_site.api.errors import json_not_found
from archive_site.api.push import ExportViewSet, WebhookViewSet
from archive_site.guide import guide
from archive_site.api.throttling import AnonRateThrottle, ApiKeyRateThrottle, add_rate_limit_headers
from articles.api import ArticleViewSet, ConferenceViewSet, SectionViewSet, StatementViewSet
from people.api import OrganizationViewSet, PersonViewSet
from platforms.api import PlatformViewSet

app_name = "api"

router = SimpleRouter()
router.register("v1/articles", ArticleViewSet, basename="article")
router.register("v1/conferences", ConferenceViewSet, basename="conference")
router.register("v1/people", PersonViewSet, basename="person")
router.register("v1/organizations", OrganizationViewSet, basename="organization")
router.register("v1/platforms", PlatformViewSet, basename="platform")
router.register("v1/statements", StatementViewSet, basename="statement")
router.register("v1/sections", SectionViewSet, basename="section")
# API 1.1: push and bulk export.
router.register("v1/webhooks", WebhookViewSet, basename="webhook")


class DocsAccess:
    """The schema and docs: partners by key, staff by their admin session; never HTTP Basic; rate-limited."""

    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    throttle_classes = [AnonRateThrottle, ApiKeyRateThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return add_rate_limit_headers(request, response)


class SchemaView(DocsAccess, SpectacularAPIView):
    pass


class DocsView(DocsAccess, SpectacularSwaggerSplitView):
    """Swagger UI from the site's own static files; its start-up script is a separate file (CSP: script-src 'self')."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    title = "API شرکای آرشیو"


urlpatterns = [
    path("v1/changes/", ChangeFeedView.as_view({"get": "feed"}), name="changes"),
    path("v1/exports/", ExportViewSet.as_view({"get": "catalogue"}), name="exports"),
    path("v1/exports/<str:name>", ExportViewSet.as_view({"get": "download"}), name="export-file"),
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    # API 1.1: the partner guide on the site.
    path("guide/", guide, name="guide"),
    path("guide/en/", guide, {"lang": "en"}, name="guide-en"),
    re_path(r"^.*$", json_not_found),
]
