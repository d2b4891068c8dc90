"""The site's address book: public pages, feeds, sitemap, partner API, admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
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
