"""Reads for the reader site and the partner API: articles, desks, press conferences, search, the Jalali archive.

`public_articles`, `gone_articles`, `public_conferences` and `public_statements`
are the public sets that the pages, the feeds, the sitemap and the API all start
from; they rest on `Article.public_q` / `PressConference.public_q`, so nothing
that is not public can reach a page or a partner through here, and site and API
cannot drift apart. Each returns querysets with the joins their pages need, so a
page costs the same few queries whatever the number of items on it.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from archive_site import jalali
from archive_site.pagecache.memo import remember
from archive_site.search import parse_query
from archive_site.search import run as run_search
from articles import search_entities
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, Participation, Person
from platforms.models import Platform

# Platforms "in the news lately" count mentions over this many days.
NEWS_WINDOW_DAYS = 90


def public_articles():
    """Public articles with what a list item shows (its desk)."""
    return Article.objects.public().select_related("section")


# What an item of a list shows (articles/templatetags/article_items.py).
LISTED_FIELDS = ("id", "headline", "slug", "lead", "published_at", "section__id", "section__name", "section__slug")


def listed_articles():
    """Public articles as lists show them: without the body, the search keys and the rest (a list page
    read 20 to 50 bodies and five key columns of every article on it, to show its headline and lead)."""
    return public_articles().only(*LISTED_FIELDS)


def gone_articles():
    """Withdrawn articles that had been public: their addresses answer 410 and the change feed has their tombstones."""
    return Article.objects.gone()


def latest_articles(*, limit=12):
    return listed_articles().order_by("-published_at", "-id")[:limit]


def public_sections():
    """Desks readers and partners may see: those with at least one public article (an empty or
    draft-only desk would tell of work not yet published).

    One probe per desk into the desk's index (EXISTS), not `id IN (every public
    article's desk)`: SQLite read all 100,000 articles for that (1 s a page).
    """
    return Section.objects.filter(Exists(Article.objects.public().filter(section=OuterRef("pk"))))


def sections():
    return public_sections().order_by("position", "sort_name")


def recent_conferences(*, limit=5):
    return public_conferences()[:limit]


def platforms_in_the_news(*, days=NEWS_WINDOW_DAYS, limit=8):
    """Platforms with the most public articles mentioning them in the last `days` days, most first (one query).

    The window's articles are found first (an index range on status and
    publication time), then only their links are counted: counting with a
    filter over every link of every platform read the whole link table.
    """
    now = timezone.now()
    recent = Article.objects.filter(
        Article.public_q(now=now), published_at__gte=now - dt.timedelta(days=days)
    ).values("pk")
    return (
        Platform.objects.filter(articles__in=recent)
        .annotate(recent_count=Count("articles"))
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
    """The public article `pk` with its desk, conference and corrections; withdrawn -> only id and time; else None.

    What only some blocks need is read when those blocks are rendered, not when
    they are kept (see article_detail.html): what it names by `with_links`, its
    statements and every name of what it names by `with_reading_details`.
    """
    article = (
        Article.objects.public()
        .filter(pk=pk)
        .select_related("section", "conference", "conference__host")
        .prefetch_related("corrections")  # shown with their dates (articles/_corrections.html)
        .first()
    )
    if article is not None:
        return ArticleLookup(article=article)
    gone = (
        gone_articles().filter(pk=pk)
        .values("published_at", "withdrawn_at", "headline", "withdrawal_note", "withdrawal_note_public")
        .first()
    )
    if gone is not None:
        # Its headline and dates name it; nothing of its text is read from the database.
        return ArticleLookup(
            withdrawn_id=pk, withdrawn_at=gone["withdrawn_at"], withdrawn_headline=gone["headline"],
            withdrawn_published_at=gone["published_at"],
            withdrawal_reason=gone["withdrawal_note"] if gone["withdrawal_note_public"] else "",
        )
    return None


def with_links(article):
    """`article` with the people, organizations and platforms it names, each in name order (three queries, once)."""
    prefetch_related_objects(
        [article],
        Prefetch("people", queryset=Person.objects.order_by("sort_name")),
        Prefetch("organizations", queryset=Organization.objects.order_by("sort_name")),
        Prefetch("platforms", queryset=Platform.objects.order_by("sort_name")),
    )
    return article


def with_reading_details(article):
    """`article` (from article_for_reader) with its links, statements and the aliases of what it names:
    the body links first mentions by every name (articles.reading)."""
    prefetch_related_objects(
        [with_links(article)],
        "people__aliases", "organizations__aliases", "platforms__aliases",
        Prefetch(
            "statements",
            queryset=Statement.objects.select_related("speaker").prefetch_related(
                Prefetch("platforms", queryset=Platform.objects.order_by("sort_name"))
            ).order_by("position", "id"),
        ),
    )
    return article


# How many of the newest links of each shared person or platform are considered for "related".
RELATED_CANDIDATES = 200


def related_articles(*, article, limit=5, candidates=RELATED_CANDIDATES):
    """Public articles sharing a person or a platform with `article`, newest first (one query).

    Candidates come from the link tables, at most `candidates` per kind taken
    from the newest links (an index range on the link table), so the cost does
    not grow with the archive: walking all public articles newest-first and
    probing each one's links took 50 ms at 100,000 articles.
    """
    person_ids = [p.pk for p in article.people.all()]
    platform_ids = [p.pk for p in article.platforms.all()]
    if not platform_ids and not person_ids:
        return Article.objects.none()
    sharing = Q()
    for relation, column, ids in (("people", "person_id", person_ids), ("platforms", "platform_id", platform_ids)):
        if ids:
            links = getattr(Article, relation).through.objects.filter(**{f"{column}__in": ids}).exclude(
                article_id=article.pk
            )
            sharing |= Q(pk__in=links.order_by("-article_id").values("article_id")[:candidates])
    return listed_articles().filter(sharing).order_by("-published_at", "-id")[:limit]


def section_articles(*, section):
    return listed_articles().filter(section=section).order_by("-published_at", "-id")


# Press conferences: only those an editor confirmed are public.

def public_conferences():
    return PressConference.objects.public().select_related("host").order_by("-starts_at", "-id")


def public_statements(*, by_statement=False):
    """Statements whose article is public, with speaker, article and platforms for display.

    `by_statement`: the statements are found first (one speaker's, one
    platform's) and their articles only checked, on SQLite too (Article.Unindexed).
    """
    return (
        Statement.objects.filter(Article.public_q("article__", unindexed=by_statement))
        .select_related("speaker", "article", "conference")
        .prefetch_related(Prefetch("platforms", queryset=Platform.objects.order_by("sort_name")))
    )


def conference_for_reader(*, pk):
    """The confirmed conference `pk` with participants (and the role each held), statements and reporting articles."""
    return (
        PressConference.objects.public().filter(pk=pk)
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
                # With the link column the prefetch matches them by.
                queryset=listed_articles().only(*LISTED_FIELDS, "conference").order_by("-published_at", "-id"),
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


SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"


class ArticlesByIds(Sequence):
    """Articles in the order of a list of ids, read from the database a page (a slice) at a time.

    What the paginator needs from the ranked window: its length without a
    count query, and one query for the articles of the page shown.
    """

    def __init__(self, ids, queryset):
        self.ids, self.queryset = ids, queryset

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        ids = self.ids[index]
        found = self.queryset.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class CappedCount(Sequence):
    """A queryset whose length is counted only up to a cap (counting every match of a common word is slow)."""

    def __init__(self, queryset, count):
        self.queryset, self._count = queryset, count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


@dataclass
class SearchResult:
    query: object
    articles: object = None  # a sliceable sequence, ordered; None when there is nothing to search for
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = SORT_RELEVANCE
    cards: list = field(default_factory=list)  # entities the query names (search_entities.EntityCard)
    suggestion: object = None  # search_entities.Suggestion when nothing was found
    total: int | None = None  # how many articles match (up to search.TOTAL_CAP)
    total_exact: bool = True  # False: there are more than `total`
    window: int | None = None  # relevance ranks only the newest `window` matches ...
    window_cut: bool = False  # ... and there are more matches than that


def search(*, raw_query, filters, sort=None):
    """Public articles matching `raw_query` and `filters`: by relevance (among the newest matches) or newest first.

    Without words, filters alone list articles newest first. A page costs the
    entity look-ups (three or four small queries), one query for the ranked
    window (two when several words' tight reading finds nothing), and the
    page's articles; a count only when ordering newest-first past the window.
    """
    query = parse_query(raw_query)
    queryset = public_articles()
    if filters.section:
        queryset = queryset.filter(section=filters.section)
    if filters.person:
        queryset = queryset.filter(pk__in=Article.objects.filter(people=filters.person).values("pk"))
    if filters.platform:
        queryset = queryset.filter(pk__in=Article.objects.filter(platforms=filters.platform).values("pk"))
    if filters.date_from:
        queryset = queryset.filter(published_at__gte=jalali.start_of_day(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(published_at__lt=jalali.start_of_day(filters.date_to + dt.timedelta(days=1)))
    if query.usable:
        sort = sort or SORT_RELEVANCE
        cards = search_entities.resolve(query)
        linked = search_entities.linked_articles(query, cards)
        found = run_search(queryset, query, linked=linked, count=sort == SORT_NEWEST)
        result = SearchResult(query=query, filters=filters, sort=sort, cards=cards, window=found.size)
        if sort == SORT_NEWEST:
            result.total, result.total_exact = found.count()
            result.articles = CappedCount(found.matches.order_by("-published_at", "-id"), result.total)
        else:
            # The window's ids are matches of `queryset` already; read by id,
            # public checked on each row (SQLite walked its public index, all
            # 100,000 entries, to find 20 ids: 25 ms).
            by_id = Article.objects.filter(Article.public_q(unindexed=True)).select_related("section")
            result.articles = ArticlesByIds(found.ranked_ids(), by_id)
            result.total, result.total_exact = len(found.window), not found.full
            result.window_cut = found.full
        if not result.total:
            result.suggestion = search_entities.suggest(query)
        return result
    if query.is_empty and filters.any:
        articles = queryset.order_by("-published_at", "-id")
        return SearchResult(query=query, articles=articles, filters=filters, sort=SORT_NEWEST)
    return SearchResult(query=query, filters=filters)


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


def archive_month(*, year, month):
    """Public articles of a Jalali month, and the neighbouring months worth linking to.

    Raises jalali.InvalidDate for a month that does not exist.
    """
    start_day, end_day = jalali.jalali_month_range(year, month)
    start, end = jalali.start_of_day(start_day), jalali.start_of_day(end_day)
    articles = listed_articles().filter(published_at__gte=start, published_at__lt=end).order_by("published_at", "id")
    # The archive's first and last publication decide whether there is anything before or after this month.
    first, last = publication_bounds()
    previous = jalali.step_month(year, month, -1) if first and first < start else None
    following = jalali.step_month(year, month, 1) if last and last >= end else None
    if previous and previous[0] < 1:
        previous = None
    if following and following[0] >= jalali.JALALI_YEAR_LIMIT:
        following = None
    return ArchiveMonth(year=year, month=month, articles=articles, previous=previous, next=following)


def publication_bounds():
    """(first, last): when the first and the last public article came out, or (None, None); kept for the
    content generation (archive_site.pagecache.memo).

    One statement of two index probes: MIN and MAX in one aggregate made SQLite
    walk the whole index range (24 ms at 100,000 articles).
    """
    def read():
        public = Article.objects.public()
        first = public.order_by("published_at").values("published_at")[:1]
        last = public.order_by("-published_at").values("published_at")[:1]
        rows = list(public.order_by().annotate(first=Subquery(first), last=Subquery(last)).values_list("first", "last")[:1])
        return rows[0] if rows else (None, None)

    return remember("publication-bounds", read)


def archive_months_of_year(*, year):
    """{month: count} of public articles in a Jalali year: one query, twelve conditional counts.

    Raises jalali.InvalidDate for a year outside the calendar.
    """
    ranges = {month: jalali.jalali_month_range(year, month) for month in range(1, 13)}
    return _count_in_ranges(ranges)


def archive_years():
    """[(jalali year, count)] of every Jalali year from the first public article to this year, newest first.

    Two queries whatever the archive's size: the bounds, then one conditional count per year.
    """
    first, _ = publication_bounds()
    this_year = jalali.current_jalali().year
    if first is None:
        return []
    first_year = jalali.to_jalali(first).year
    ranges = {}
    for year in range(first_year, this_year + 1):
        start, _ = jalali.jalali_month_range(year, 1)
        _, end = jalali.jalali_month_range(year, 12)
        ranges[year] = (start, end)
    counts = _count_in_ranges(ranges)
    return [(year, counts.get(year, 0)) for year in sorted(ranges, reverse=True)]


def _count_in_ranges(ranges):
    """{name: count} of public articles published in each [start, end) of `ranges` (Gregorian dates), in one query."""
    if not ranges:
        return {}
    aggregates = {
        f"n{index}": Count("id", filter=Q(published_at__gte=jalali.start_of_day(start), published_at__lt=jalali.start_of_day(end)))
        for index, (start, end) in enumerate(ranges.values())
    }
    row = Article.objects.public().aggregate(**aggregates)
    return {name: row[f"n{index}"] or 0 for index, name in enumerate(ranges)}


def is_future_month(year, month):
    """True for a Jalali month after this one (nothing can be archived there yet)."""
    today = jalali.current_jalali()
    return (year, month) > (today.year, today.month)


def all_articles():
    """Every public article, newest first (the /articles/ page)."""
    return listed_articles().order_by("-published_at", "-id")


def sections_with_counts():
    """Desks readers may see, with their number of public articles (one query)."""
    return public_sections().annotate(public_count=Count("articles", filter=Article.public_q("articles__"))).order_by(
        "position", "sort_name"
    )


def short_link_target(*, pk):
    """Where `/a/<pk>` leads: the public article, or a withdrawn one's address (which answers 410); else None."""
    article = Article.objects.filter(pk=pk).only("pk", "slug", "status", "published_at").first()
    if article is None:
        return None
    if article.status == Article.Status.WITHDRAWN:
        return reverse("articles:detail_noslug", kwargs={"pk": pk})
    if article.is_public:
        return article.get_absolute_url()
    return None


def count_by_jalali_month(queryset):
    """{(year, month): count} of `queryset`'s articles by Jalali month of publication (Tehran time).

    The database counts per Tehran calendar day (one grouped query, at most a
    row per day); the days are then folded into Jalali months in one walk
    beside the months' Gregorian boundaries, without converting each date.
    """
    days = list(
        queryset.annotate(day=TruncDate("published_at")).values("day").annotate(count=Count("id")).order_by("day")
    )
    if not days:
        return {}
    counts = {}
    first = jalali.to_jalali(days[0]["day"])
    year, month = first.year, first.month
    _, month_end = jalali.jalali_month_range(year, month)
    for row in days:
        while row["day"] >= month_end:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            _, month_end = jalali.jalali_month_range(year, month)
        counts[(year, month)] = counts.get((year, month), 0) + row["count"]
    return counts
