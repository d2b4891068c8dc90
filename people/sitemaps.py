"""Sitemap section for people's pages."""

from django.contrib.sitemaps import Sitemap

from articles.sitemaps import last_public_change
from people.models import Person


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.annotate(last_article=last_public_change("articles__")).order_by("sort_name", "id")

    def lastmod(self, item):
        # A person's page lists the articles that name them: it changes with each.
        return max(filter(None, [item.updated_at, item.last_article]))
