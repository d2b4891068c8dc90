"""Sitemap sections of this app: home and list pages, articles, desks, conferences, Jalali months.

Only what a reader may open is listed: articles through Article.objects.public()
(Article.public_q across a relation), conferences and desks through the public
selectors. Articles and conferences are
paged by id and streamed in keyset chunks (archive_site.sitemaps); the other
sections are small and cost one or a few queries.
"""

from urllib.parse import quote

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest, TruncDate
from django.urls import reverse

from archive_site.addresses import PATH_SAFE, site_path
from archive_site.jalali import to_jalali
from archive_site.sitemaps import SitemapSection, id_pages, keyset_rows
from articles.models import Article, PressConference
from articles.selectors import public_conferences, public_sections
from people.models import Person
from platforms.models import Platform


def last_public_change(prefix=""):
    """When the newest public article (over `prefix`) came out or last changed: what a page listing it shows."""
    return Max(Greatest(f"{prefix}updated_at", f"{prefix}published_at"), filter=Article.public_q(prefix))


def newest_public_publication(**link):
    """A subquery: the publication time of the newest public article matching `link` (an index walk, not a scan)."""
    return Subquery(
        Article.objects.public().filter(**link).order_by("-published_at").values("published_at")[:1]
    )


def _index_pages(page):
    # Read once per sitemap file: the newest change each list page shows.
    last_article = Article.objects.aggregate(last=last_public_change())["last"]
    yield reverse("articles:home"), last_article
    yield reverse("articles:conferences"), public_conferences().aggregate(last=Max("updated_at"))["last"]
    yield reverse("people:list"), Person.objects.aggregate(last=Max("updated_at"))["last"]
    yield reverse("platforms:list"), Platform.objects.aggregate(last=Max("updated_at"))["last"]
    # The addresses a reader trims to: every article, the desks, the year index.
    for name in ("articles:list", "articles:sections", "articles:archive_index"):
        yield reverse(name), last_article


def _desks(page):
    desks = public_sections().annotate(newest=newest_public_publication(section=OuterRef("pk"))).order_by(
        "position", "sort_name"
    )
    for desk in desks:
        yield desk.get_absolute_url(), desk.newest


def _articles(page):
    # Article.url_for's address, its quoted head made once per file (quoting is per character).
    head, safe = site_path("articles/"), PATH_SAFE
    # Saved before a scheduled publication, new to readers at publication: the later of the two.
    rows = Article.objects.public().annotate(lastmod=Greatest("updated_at", "published_at"))
    for pk, slug, lastmod in keyset_rows(rows, page, "pk", "slug", "lastmod"):
        yield f"{head}{pk}/{quote(slug, safe=safe)}/", lastmod


def _conferences(page):
    rows = PressConference.objects.public().only("id", "slug", "updated_at")
    for conference in keyset_rows(rows, page):
        yield conference.get_absolute_url(), conference.updated_at


def _archive(page):
    """The Jalali years and months that have public articles, each dated by its newest change.

    One row per Tehran calendar day with articles, folded into Jalali months
    here: the database knows nothing of the Jalali calendar.
    """
    days = (
        Article.objects.public()
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
    for (year, month), last in sorted(periods.items(), key=lambda p: (-p[0][0], -(p[0][1] or 13))):
        if month is None:
            yield reverse("articles:archive_year", kwargs={"year": year}), last
        else:
            yield reverse("articles:archive", kwargs={"year": year, "month": month}), last


INDEX_PAGES = SitemapSection("pages", _index_pages, changefreq="hourly", kept=True)
SECTIONS = SitemapSection("sections", _desks, changefreq="daily")
ARTICLES = SitemapSection("articles", _articles, pages=lambda: id_pages(Article.objects))
CONFERENCES = SitemapSection("conferences", _conferences, pages=lambda: id_pages(PressConference.objects))
ARCHIVE = SitemapSection("archive", _archive, changefreq="monthly", kept=True)
