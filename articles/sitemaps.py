"""Sitemap sections for the reader pages of this app: home and list pages, articles, desks, conferences, Jalali months.

Only what a reader may open is listed: articles through the public selectors
(Article.public_q across a relation), conferences only when an editor
confirmed them. Each section costs one query (the index pages a fixed
handful), whatever the archive's size.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest, TruncDate
from django.urls import reverse

from archive_site.jalali import to_jalali
from articles.models import Article, PressConference
from articles.selectors import public_articles, public_conferences, public_sections
from people.models import Person
from platforms.models import Platform


def last_public_change(prefix=""):
    """When the newest public article (over `prefix`) came out or last changed: what a page listing it shows."""
    return Max(Greatest(f"{prefix}updated_at", f"{prefix}published_at"), filter=Article.public_q(prefix))


class IndexPagesSitemap(Sitemap):
    """The home page and the list pages, each dated by the newest thing it lists."""

    changefreq = "hourly"

    def items(self):
        # A sitemap is built per request: these dates are read once, with it.
        last_article = Article.objects.aggregate(last=last_public_change())["last"]
        return [
            ("articles:home", last_article),
            ("articles:conferences", PressConference.objects.public().aggregate(last=Max("updated_at"))["last"]),
            ("people:list", Person.objects.aggregate(last=Max("updated_at"))["last"]),
            ("platforms:list", Platform.objects.aggregate(last=Max("updated_at"))["last"]),
            # The addresses a reader trims to (issue 11): every article, the desks, the year index.
            ("articles:list", last_article),
            ("articles:sections", last_article),
            ("articles:archive_index", last_article),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            public_articles().select_related(None).only("id", "slug", "published_at", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        # Saved before a scheduled publication, new to readers at publication.
        return max(item.updated_at, item.published_at)


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return public_sections().annotate(last_change=last_public_change("articles__")).order_by("position", "sort_name")

    def lastmod(self, item):
        return item.last_change


class ConferenceSitemap(Sitemap):
    def items(self):
        return public_conferences().select_related(None).only("id", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ArchiveSitemap(Sitemap):
    """The Jalali years and months that have public articles, each dated by its newest change."""

    changefreq = "monthly"

    def items(self):
        # One row per Tehran calendar day with articles, folded into Jalali
        # months here: the database knows nothing of the Jalali calendar.
        days = (
            public_articles()
            .annotate(day=TruncDate("published_at"))
            .values("day")
            .annotate(last=Max(Greatest("updated_at", "published_at")))
            .order_by()
        )
        periods = {}
        for row in days:
            jalali_day = to_jalali(row["day"])
            for key in ((jalali_day.year, None), (jalali_day.year, jalali_day.month)):
                periods[key] = max(periods[key], row["last"]) if key in periods else row["last"]
        # Newest first; a year before its months.
        return [(year, month, last) for (year, month), last in sorted(periods.items(), key=lambda p: (-p[0][0], -(p[0][1] or 13)))]

    def location(self, item):
        year, month, _ = item
        if month is None:
            return reverse("articles:archive_year", kwargs={"year": year})
        return reverse("articles:archive", kwargs={"year": year, "month": month})

    def lastmod(self, item):
        return item[2]
