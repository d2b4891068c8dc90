"""The site's address book: public pages, feeds, sitemap, partner API, admin."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    # Crawlers may read the public pages; the admin, the search results and the
    # API are not pages to index.
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/import/", include("articles.admin_import_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("archive_site.api.urls")),
    path("feeds/", include("archive_site.feeds")),
    path("", include("archive_site.sitemaps")),
    path("people/", include("people.urls")),
    path("platforms/", include("platforms.urls")),
    path("", include("articles.urls")),
]

handler400 = "archive_site.errors.bad_request"
handler403 = "archive_site.errors.permission_denied"
handler404 = "archive_site.errors.page_not_found"
handler500 = "archive_site.errors.server_error"
