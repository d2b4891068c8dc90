"""Reads for the platform pages: facts, family (parent and clients), coverage over time, statements."""

from django.db.models import Count, Prefetch

from archive_site import jalali
from archive_site.pagecache.memo import remember
from articles.models import Article
from articles.selectors import count_by_jalali_month, listed_articles, public_statements
from platforms.models import Platform

STATEMENTS_ON_PLATFORM_PAGE = 50


def platforms_alphabetical():
    """Every platform in Persian alphabetical order, with its parent and its number of public articles (one query)."""
    return (
        Platform.objects.select_related("parent")
        .annotate(public_article_count=Count("articles", filter=Article.public_q("articles__")))
        .order_by("sort_name", "id")
    )


def platform_for_reader(*, slug):
    return (
        Platform.objects.filter(slug=slug)
        .select_related("parent")
        .prefetch_related(
            Prefetch("clients", queryset=Platform.objects.order_by("sort_name", "id")),
            "aliases",
        )
        .first()
    )


def articles_about(*, platform):
    # A join on the link table (one row per article and platform), not an IN over every linked article.
    return listed_articles().filter(platforms=platform).order_by("-published_at", "-id")


def articles_about_counted(*, platform):
    """The same articles as `articles_about`, to count or chart: found by the platform's links, each only
    checked for being public (on SQLite a walk of every article by date took 0.5-1 s at 100,000)."""
    return Article.objects.filter(Article.public_q(unindexed=True), platforms=platform)


def statements_about(*, platform, limit=STATEMENTS_ON_PLATFORM_PAGE):
    """Statements about `platform`, in public articles only, newest first."""
    return (
        public_statements(by_statement=True)
        .filter(pk__in=platform.statements.values("pk"))
        .order_by("-article__published_at", "position", "id")[:limit]
    )


def monthly_coverage(*, platform):
    """[(year, month, count)] of public articles about `platform` for every Jalali month from its first to its last.

    Counted by the database (articles.selectors.count_by_jalali_month), not by
    reading every publication time into Python.
    """
    counts = remember(
        f"platform-coverage:{platform.pk}", lambda: count_by_jalali_month(articles_about_counted(platform=platform))
    )
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month, counts.get((year, month), 0)))
        year, month = jalali.step_month(year, month, 1)
    return months
