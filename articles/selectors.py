"""Reads for the reader site: articles, desks, press conferences, search and the Jalali archive.

Every function starts from `Article.objects.public()` (or `confirmed=True` for
conferences), so nothing that is not public can reach a page through here.
Each returns querysets with the joins their pages need, so a page costs the
same few queries whatever the number of items on it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone

from archive_site import jalali
from archive_site.search import order_by_relevance, parse_query, search_articles
from articles.models import Article, PressConference, Section, Statement
from people.models import Participation, Person
from platforms.models import Platform

# Platforms "in the news lately" count mentions over this many days.
NEWS_WINDOW_DAYS = 90


def local_midnight(day):
    """The aware datetime at the start of `day` in the site's time zone (Asia/Tehran)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def public_articles():
    """Public articles with what a list item shows (its desk)."""
    return Article.objects.public().select_related("section")


def latest_articles(*, limit=12):
    return public_articles().order_by("-published_at", "-id")[:limit]


def sections():
    return Section.objects.order_by("position", "sort_name")


def recent_conferences(*, limit=5):
    return PressConference.objects.filter(confirmed=True).select_related("host").order_by("-starts_at", "-id")[:limit]


def platforms_in_the_news(*, days=NEWS_WINDOW_DAYS, limit=8):
    """Platforms with the most public articles mentioning them in the last `days` days, most first (one query)."""
    now = timezone.now()
    mentioned = Q(
        articles__status=Article.Status.PUBLISHED,
        articles__published_at__lte=now,
        articles__published_at__gte=now - dt.timedelta(days=days),
    )
    return (
        Platform.objects.annotate(recent_count=Count("articles", filter=mentioned))
        .filter(recent_count__gt=0)
        .order_by("-recent_count", "sort_name")[:limit]
    )


@dataclass
class ArticleLookup:
    """What the reader may learn at an article's address: the article, or only that it was withdrawn."""

    article: Article | None = None
    withdrawn_at: dt.datetime | None = None
    withdrawn_id: int | None = None
    # The withdrawal notice names the article and, if the editor chose, the reason.
    withdrawn_headline: str = ""
    withdrawn_published_at: dt.datetime | None = None
    withdrawal_reason: str = ""


def article_for_reader(*, pk):
    """The public article `pk` with everything its page shows; withdrawn -> only id and time; else None."""
    state = (
        Article.objects.filter(pk=pk)
        .values("status", "published_at", "withdrawn_at", "headline", "withdrawal_note", "withdrawal_note_public")
        .first()
    )
    if state is None:
        return None
    if state["status"] == Article.Status.WITHDRAWN:
        # Its headline and dates name it; nothing of its text is read from the database.
        return ArticleLookup(
            withdrawn_id=pk, withdrawn_at=state["withdrawn_at"], withdrawn_headline=state["headline"],
            withdrawn_published_at=state["published_at"],
            withdrawal_reason=state["withdrawal_note"] if state["withdrawal_note_public"] else "",
        )
    article = (
        Article.objects.public()
        .filter(pk=pk)
        .select_related("section", "conference", "conference__host")
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("sort_name")),
            "organizations",
            Prefetch("platforms", queryset=Platform.objects.order_by("sort_name")),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("speaker").prefetch_related(
                    Prefetch("platforms", queryset=Platform.objects.order_by("sort_name"))
                ).order_by("position", "id"),
            ),
            "corrections",  # shown with their dates (articles/_corrections.html)
        )
        .first()
    )
    if article is None:
        return None
    return ArticleLookup(article=article)


def related_articles(*, article, limit=5):
    """Public articles sharing a platform or a person with `article`, newest first (one query)."""
    platform_ids = [p.pk for p in article.platforms.all()]
    person_ids = [p.pk for p in article.people.all()]
    if not platform_ids and not person_ids:
        return Article.objects.none()
    sharing = Article.objects.filter(Q(platforms__in=platform_ids) | Q(people__in=person_ids)).values("pk")
    return public_articles().filter(pk__in=sharing).exclude(pk=article.pk).order_by("-published_at", "-id")[:limit]


def section_articles(*, section):
    return public_articles().filter(section=section).order_by("-published_at", "-id")


# Press conferences: only those an editor confirmed are public.

def public_conferences():
    return PressConference.objects.filter(confirmed=True).select_related("host").order_by("-starts_at", "-id")


def public_statements():
    """Statements whose article is public, with speaker, article and platforms for display."""
    now = timezone.now()
    return (
        Statement.objects.filter(article__status=Article.Status.PUBLISHED, article__published_at__lte=now)
        .select_related("speaker", "article", "conference")
        .prefetch_related(Prefetch("platforms", queryset=Platform.objects.order_by("sort_name")))
    )


def conference_for_reader(*, pk):
    """The confirmed conference `pk` with participants (and the role each held), statements and reporting articles."""
    return (
        PressConference.objects.filter(pk=pk, confirmed=True)
        .select_related("host")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person", "role", "role__organization").order_by("order", "id"),
            ),
            Prefetch(
                "statements",
                queryset=public_statements().order_by("article__published_at", "position", "id"),
                to_attr="public_statements",
            ),
            Prefetch(
                "articles",
                queryset=public_articles().order_by("-published_at", "-id"),
                to_attr="public_articles",
            ),
        )
        .first()
    )


# Search.

@dataclass
class SearchFilters:
    section: Section | None = None
    person: Person | None = None
    platform: Platform | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def any(self):
        return any([self.section, self.person, self.platform, self.date_from, self.date_to])


@dataclass
class SearchResult:
    query: object
    articles: object = None  # a queryset, ordered; None when there is nothing to search for
    filters: SearchFilters = field(default_factory=SearchFilters)


def search(*, raw_query, filters):
    """Public articles matching `raw_query` and `filters`: by relevance, or newest first with filters alone."""
    query = parse_query(raw_query)
    queryset = public_articles()
    if filters.section:
        queryset = queryset.filter(section=filters.section)
    if filters.person:
        queryset = queryset.filter(pk__in=Article.objects.filter(people=filters.person).values("pk"))
    if filters.platform:
        queryset = queryset.filter(pk__in=Article.objects.filter(platforms=filters.platform).values("pk"))
    if filters.date_from:
        queryset = queryset.filter(published_at__gte=local_midnight(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(published_at__lt=local_midnight(filters.date_to + dt.timedelta(days=1)))
    if query.usable:
        # Ranked within the newest matches: ranking every match of a common word is slow on a large archive.
        articles = order_by_relevance(search_articles(queryset, query))
    elif query.is_empty and filters.any:
        articles = queryset.order_by("-published_at", "-id")
    else:
        articles = None
    return SearchResult(query=query, articles=articles, filters=filters)


def statements_for(*, articles):
    """The statements of `articles` (already public), grouped by article id, for search snippets (one query)."""
    grouped = {}
    for statement in Statement.objects.filter(article__in=[a.pk for a in articles]).order_by("position", "id"):
        grouped.setdefault(statement.article_id, []).append(statement)
    return grouped


# The archive by Jalali month.

@dataclass
class ArchiveMonth:
    year: int
    month: int
    articles: object
    previous: tuple | None  # (year, month) or None
    next: tuple | None


def _shift(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def archive_month(*, year, month):
    """Public articles of a Jalali month, and the neighbouring months worth linking to.

    Raises jalali.InvalidDate for a month that does not exist.
    """
    start_day, end_day = jalali.jalali_month_range(year, month)
    start, end = local_midnight(start_day), local_midnight(end_day)
    articles = public_articles().filter(published_at__gte=start, published_at__lt=end).order_by("published_at", "id")
    # One aggregate decides whether there is anything before or after this month.
    bounds = Article.objects.public().aggregate(first=Min("published_at"), last=Max("published_at"))
    previous = _shift(year, month, -1) if bounds["first"] and bounds["first"] < start else None
    following = _shift(year, month, 1) if bounds["last"] and bounds["last"] >= end else None
    if previous and previous[0] < 1:
        previous = None
    if following and following[0] >= jalali.JALALI_YEAR_LIMIT:
        following = None
    return ArchiveMonth(year=year, month=month, articles=articles, previous=previous, next=following)


def archive_months_of_year(*, year):
    """{month: count} of public articles in a Jalali year (one query over dates, counted in Python)."""
    start_day, _ = jalali.jalali_month_range(year, 1)
    _, end_day = jalali.jalali_month_range(year, 12)
    counts = {}
    dates = (
        Article.objects.public()
        .filter(published_at__gte=local_midnight(start_day), published_at__lt=local_midnight(end_day))
        .values_list("published_at", flat=True)
    )
    for published_at in dates:
        j = jalali.to_jalali(published_at)
        counts[j.month] = counts.get(j.month, 0) + 1
    return counts

