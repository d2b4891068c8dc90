"""/sitemap.xml: every public page of the archive, with its last change (sitemaps.org 0.9).

A sitemap file holds at most 50,000 addresses. /sitemap.xml lists the first
50,000 of each section; an archive that outgrows that is crawled through
/sitemap-index.xml, which names one file per section (/sitemap-articles.xml,
...), paged with ?p=2, ... as the section grows.

With no sites framework installed, Django builds absolute addresses from the
request's host (RequestSite) and scheme.
"""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from articles.sitemaps import ArchiveSitemap, ArticleSitemap, ConferenceSitemap, IndexPagesSitemap, SectionSitemap
from people.sitemaps import PersonSitemap
from platforms.sitemaps import PlatformSitemap

SITEMAPS = {
    "pages": IndexPagesSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "conferences": ConferenceSitemap,
    "people": PersonSitemap,
    "platforms": PlatformSitemap,
    "archive": ArchiveSitemap,
}

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap-index.xml", index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
