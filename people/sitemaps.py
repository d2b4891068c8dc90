"""Sitemap section for people's pages: paged by id, streamed in keyset chunks (archive_site.sitemaps)."""

from django.db.models import OuterRef

from archive_site.sitemaps import SitemapSection, id_pages, keyset_rows
from articles.sitemaps import newest_public_publication
from people.models import Person


def _people(page):
    rows = Person.objects.only("id", "slug", "updated_at").annotate(
        last_article=newest_public_publication(people=OuterRef("pk"))
    )
    for person in keyset_rows(rows, page):
        # A person's page lists the articles that name them: it changes with each.
        yield person.get_absolute_url(), max(filter(None, [person.updated_at, person.last_article]))


PEOPLE = SitemapSection("people", _people, pages=lambda: id_pages(Person.objects), kept=True)
