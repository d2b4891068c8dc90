"""Sitemap section for platforms' pages."""

from django.contrib.sitemaps import Sitemap

from articles.sitemaps import last_public_change
from platforms.models import Platform


class PlatformSitemap(Sitemap):
    def items(self):
        return Platform.objects.annotate(last_article=last_public_change("articles__")).order_by("sort_name", "id")

    def lastmod(self, item):
        # A platform's page charts its coverage: it changes with each article about it.
        return max(filter(None, [item.updated_at, item.last_article]))
