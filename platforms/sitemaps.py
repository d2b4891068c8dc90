"""Sitemap section for platforms' pages (a few hundred at most: one file)."""

from django.db.models import OuterRef

from archive_site.sitemaps import SitemapSection
from articles.sitemaps import newest_public_publication
from platforms.models import Platform


def _platforms(page):
    rows = Platform.objects.only("id", "slug", "updated_at").annotate(
        last_article=newest_public_publication(platforms=OuterRef("pk"))
    ).order_by("sort_name", "id")
    for platform in rows:
        # A platform's page charts its coverage: it changes with each article about it.
        yield platform.get_absolute_url(), max(filter(None, [platform.updated_at, platform.last_article]))


PLATFORMS = SitemapSection("platforms", _platforms, kept=True)
