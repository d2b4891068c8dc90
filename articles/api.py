"""Partner API over articles, press conferences, statements and sections (read-only, public content only)."""

import django_filters
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from archive_site import search
from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.errors import Gone, validation_error
from archive_site.api.fields import ApiURLField, JalaliField, PartnerSerializer, PublicURLField, public_or_none
from archive_site.api.filters import DateBoundFilter, DateRangeForm, EntityFilter, ModifiedSinceFilter, rename_filters
from archive_site.api.pagination import CURSOR_PARAM, Ordering, parse_page_size
from archive_site.api.rows import article_row
from archive_site.api.summaries import (
    ArticleSummary,
    ConferenceSummary,
    OrganizationSummary,
    PersonSummary,
    PlatformSummary,
    SectionSummary,
)
from archive_site.jalali import iso_jalali
from archive_site.pagecache.memo import remember
from articles import search_entities
from articles.models import Article, PressConference, Section, Statement
from articles.selectors import gone_articles, public_articles, public_conferences, public_statements
from articles.selectors import public_sections
from people.models import Organization, Participation, Person
from platforms.models import Platform

SHOW_FIELDS_PARAM = "show-fields"
ORDER_BY_PARAM = "order-by"


def tombstone(article):
    return {
        "id": article.pk,
        "status": Article.Status.WITHDRAWN.value,
        "withdrawn_at": serializers.DateTimeField().to_representation(article.withdrawn_at),
        "withdrawn_at_jalali": iso_jalali(article.withdrawn_at),
    }


def _is_public_conference(conference):
    return conference.is_public


# How many statements an article carries in one answer. An article's statements
# are not bounded by anything but the editors (one test article had 2,000, and
# each one embeds its speaker and platforms: about 1 KB of JSON apiece), so a
# list page of 100 articles with show-fields=statements grew to tens of
# megabytes. A list carries the first STATEMENTS_IN_LIST of each article in
# order, a detail the first STATEMENTS_IN_DETAIL (a detail is one article, and
# every real one has far fewer, so a detail stays whole in practice while a
# pathological one stays bounded); both give `statements_count` and
# `statements_url`, the paged /api/v1/statements/?article=<id> with the rest.
STATEMENTS_IN_LIST = 10
STATEMENTS_IN_DETAIL = 200
SHOWN_STATEMENTS_ATTR = "shown_statements"
STATEMENTS_TOTAL_ATTR = "statements_total"


def article_queryset(queryset, show_fields, *, statements_limit=None):
    """`queryset` with what ArticleSerializer reads fetched up front (a fixed number of queries).

    `statements_limit`: at most that many statements per article (None: all, for
    the daily exports, which are files written off the request path). The cap is
    a sliced Prefetch (one window-function query for the whole page, not one per
    article) and the total is a subquery of the page query, so a page costs the
    same number of queries at any size.
    """
    queryset = queryset.select_related("section", "conference").prefetch_related("people", "organizations", "platforms")
    if {"statements", "highlights"} & set(show_fields):
        statements = Statement.objects.select_related("speaker").prefetch_related("platforms").order_by("position", "id")
        if statements_limit is not None:
            statements = statements[:statements_limit]
        queryset = queryset.prefetch_related(Prefetch("statements", queryset=statements, to_attr=SHOWN_STATEMENTS_ATTR))
    if "statements" in show_fields:
        count = Statement.objects.filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk"))
        queryset = queryset.annotate(**{STATEMENTS_TOTAL_ATTR: Coalesce(Subquery(count.values("n")[:1]), 0)})
    return queryset


def text_cost(article, show_fields):
    """The characters of text `article` adds to an answer with `show_fields` (what grows with its length)."""
    cost = 0
    if "body" in show_fields:
        cost += len(article.body)
    if "jsonld" in show_fields:
        cost += len(article.body) + len(article.lead)  # articleBody and description
    if "lead" in show_fields:
        cost += len(article.lead)
    if "statements" in show_fields:
        cost += sum(len(statement.text) for statement in shown_statements(article))
    return cost


def within_text_budget(articles, show_fields):
    """How many of `articles` (in order) one page carries: up to settings.API_PAGE_TEXT_BUDGET characters of text.

    Page size alone does not bound an answer: a body has no length limit, and a
    hundred long ones made a page of tens of megabytes. The page ends before the
    article that would pass the budget (never before the first, or paging would
    stall); the cursor then continues from the last article given.
    """
    from django.conf import settings

    budget, spent = settings.API_PAGE_TEXT_BUDGET, 0
    for kept, article in enumerate(articles):
        spent += text_cost(article, show_fields)
        if spent > budget and kept > 0:
            return kept
    return len(articles)


def shown_statements(article):
    """The statements article_queryset fetched for `article` (all of them, in order, if it was not used)."""
    shown = getattr(article, SHOWN_STATEMENTS_ATTR, None)
    if shown is None:
        shown = list(article.statements.select_related("speaker").prefetch_related("platforms").order_by("position", "id"))
    return shown


# Serializers.

class StatementInArticle(PartnerSerializer):
    speaker = PersonSummary(allow_null=True, read_only=True)
    platforms = PlatformSummary(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "text", "speaker", "platforms", "position"]


ARTICLE_DEFAULT_FIELDS = (
    "id", "api_url", "url", "headline", "slug", "section", "published_at", "published_at_jalali",
    "updated_at", "updated_at_jalali", "people", "organizations", "platforms", "conference", "lang",
)
# Added on request with show-fields (the body is the heavy one).
ARTICLE_OPTIONAL_FIELDS = (
    "lead", "body", "agency", "dateline_city", "reporter", "message_code", "statements", "highlights", "jsonld",
    "related",
)
# Only on an article's own page (detail): each costs queries of its own.
DETAIL_ONLY_FIELDS = ("related",)
RELATED_LIMIT = 5


HIGHLIGHTS_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "با q و show-fields=highlights: تیتر و تکه‌هایی از متن با واژه‌های یافته در <mark>…</mark> "
    "(HTML، باقی متن escape شده)؛ بی q، null.",
    "properties": {
        "headline": {"type": "string", "description": "تیتر با نشانه‌گذاری <mark>."},
        "snippets": {
            "type": "array",
            "items": {"type": "string"},
            "description": "تکه‌هایی (حدود ۲۴۰ نویسه) از لید و متن، یا از گفته‌ها، گرد نخستین یافته؛ «…» جای بریدگی.",
        },
    },
    "required": ["headline", "snippets"],
}


@extend_schema_field(HIGHLIGHTS_SCHEMA)
class HighlightsField(serializers.Field):
    """Where the search matched: the headline and snippets, with <mark> (bounded: see search.snippet)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, article):
        query = self.context.get("search_query")
        if query is None or not query.usable:
            return None
        text = " ".join(part for part in (article.lead, article.body) if part)
        snippets = [str(search.snippet(text, query))]
        if "<mark>" not in snippets[0]:
            # Only what was said matched: quote that instead.
            # Among the statements the answer carries (a list caps them: see
            # STATEMENTS_IN_LIST); what is said is mostly quoted in the body too.
            quoted = [str(search.snippet(s.text, query)) for s in shown_statements(article)]
            snippets = [q for q in quoted if "<mark>" in q][:3] or snippets
        return {"headline": str(search.highlight(article.headline, query)), "snippets": snippets}


class ArticleSerializer(PartnerSerializer):
    """An article: a small default field set, and more on request (show-fields)."""

    api_url = ApiURLField("article")
    url = PublicURLField()
    section = SectionSummary(read_only=True)
    published_at_jalali = JalaliField("published_at")
    updated_at_jalali = JalaliField("updated_at")
    people = PersonSummary(many=True, read_only=True)
    organizations = OrganizationSummary(many=True, read_only=True)
    platforms = PlatformSummary(many=True, read_only=True)
    conference = public_or_none(ConferenceSummary, "conference", visible=_is_public_conference)
    statements = serializers.SerializerMethodField(
        help_text=f"گفته‌های خبر به ترتیب؛ در فهرست‌ها {STATEMENTS_IN_LIST} گفتهٔ نخست و در صفحهٔ یک خبر "
        f"{STATEMENTS_IN_DETAIL} گفتهٔ نخست. اگر statements_count بیشتر است، باقی در statements_url."
    )
    statements_count = serializers.SerializerMethodField(
        help_text="شمار همهٔ گفته‌های خبر (همراه show-fields=statements)."
    )
    statements_url = serializers.SerializerMethodField(
        help_text="فهرست صفحه‌بندی‌شدهٔ همهٔ گفته‌های خبر: /api/v1/statements/?article=<id> (همراه show-fields=statements)."
    )
    highlights = HighlightsField(required=False)
    lang = serializers.SerializerMethodField(help_text="زبان متن (BCP 47)؛ خبرهای این آرشیو فارسی‌اند.")
    jsonld = serializers.SerializerMethodField(help_text="JSON-LD از نوع NewsArticle (schema.org).")
    related = serializers.SerializerMethodField(help_text="خبرهای مرتبط (فقط در صفحهٔ یک خبر).")

    optional_fields = ARTICLE_OPTIONAL_FIELDS
    # Not names for show-fields: they come and go with `statements`.
    companion_fields = {"statements_count": "statements", "statements_url": "statements"}

    @extend_schema_field(StatementInArticle(many=True))
    def get_statements(self, article):
        return StatementInArticle(shown_statements(article), many=True, context=self.context).data

    def get_statements_count(self, article) -> int:
        total = getattr(article, STATEMENTS_TOTAL_ATTR, None)
        return total if total is not None else len(shown_statements(article))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_statements_url(self, article):
        from django.urls import reverse

        from archive_site.api.fields import absolute

        return absolute(self.context.get("request"), reverse("api:statement-list") + f"?article={article.pk}")

    def get_lang(self, article) -> str:
        return "fa"

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_jsonld(self, article):
        return news_article_jsonld(article, self.context.get("request"))

    @extend_schema_field(ArticleSummary(many=True))
    def get_related(self, article):
        return ArticleSummary(related_articles(article), many=True, context=self.context).data

    class Meta:
        model = Article
        fields = [*ARTICLE_DEFAULT_FIELDS, *ARTICLE_OPTIONAL_FIELDS]
        fields[fields.index("statements") + 1:fields.index("statements") + 1] = ["statements_count", "statements_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = self.context.get("show_fields")
        if shown is not None:
            for name in self.optional_fields:
                if name not in shown:
                    self.fields.pop(name)
            for name, companion in self.companion_fields.items():
                if companion not in shown:
                    self.fields.pop(name)


def parse_show_fields(request, *, detail=False):
    """The optional article fields asked for: 'body,lead', or 'all'; an unknown name is a 400.

    On lists `all` leaves out the detail-only fields, and naming one is a 400.
    """
    raw = request.query_params.get(SHOW_FIELDS_PARAM, "")
    names = {name.strip() for name in raw.split(",") if name.strip()}
    if not detail and names & set(DETAIL_ONLY_FIELDS):
        raise validation_error(
            SHOW_FIELDS_PARAM, "فقط در صفحهٔ یک خبر (/api/v1/articles/<id>/): " + ", ".join(DETAIL_ONLY_FIELDS)
        )
    if "all" in names:
        return set(ArticleSerializer.optional_fields) - (set() if detail else set(DETAIL_ONLY_FIELDS))
    unknown = names - set(ArticleSerializer.optional_fields)
    if unknown:
        raise validation_error(
            SHOW_FIELDS_PARAM,
            "فیلد ناشناخته: " + "، ".join(name[:40] for name in sorted(unknown)[:5]) + ". فیلدهای پذیرفتنی: all, "
            + ", ".join(ArticleSerializer.optional_fields),
        )
    return names


def news_article_jsonld(article, request):
    """schema.org NewsArticle for an article, from what the serializer has already fetched."""
    from django.conf import settings

    from archive_site.api.fields import absolute

    url = absolute(request, article.get_absolute_url())
    thing = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": url, "url": url, "mainEntityOfPage": url,
             "headline": article.headline, "inLanguage": "fa",
             "datePublished": serializers.DateTimeField().to_representation(article.published_at),
             "dateModified": serializers.DateTimeField().to_representation(max(article.updated_at, article.published_at)),
             "articleSection": article.section.name,
             "author": {"@type": "Organization", "name": article.agency},
             "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}}
    if article.lead:
        thing["description"] = article.lead
    if article.body:
        thing["articleBody"] = article.body
    about = [{"@type": "Person", "name": p.name, "url": absolute(request, p.get_absolute_url())} for p in article.people.all()]
    about += [{"@type": "Organization", "name": o.name} for o in article.organizations.all()]
    if about:
        thing["about"] = about
    mentions = [{"@type": "SoftwareApplication", "name": p.name, "url": absolute(request, p.get_absolute_url())}
                for p in article.platforms.all()]
    if mentions:
        thing["mentions"] = mentions
    if article.message_code:
        thing["identifier"] = article.message_code
    return thing


def related_articles(article, limit=RELATED_LIMIT):
    """Public articles sharing the most people, organizations and platforms with `article`, newest first among equals."""
    from collections import Counter

    shared = Counter()
    for relation, column in ((Article.people, "person_id"), (Article.organizations, "organization_id"),
                             (Article.platforms, "platform_id")):
        Through = relation.through
        mine = Through.objects.filter(article_id=article.pk).values(column)
        # The newest links of each kind are enough to rank a handful.
        rows = Through.objects.filter(**{f"{column}__in": mine}).exclude(article_id=article.pk).order_by("-article_id")
        shared.update(rows.values_list("article_id", flat=True)[:1000])
    if not shared:
        return []
    candidates = public_articles().select_related(None).filter(pk__in=list(shared)).only("id", "headline", "slug", "published_at")
    return sorted(candidates, key=lambda a: (-shared[a.pk], -a.published_at.timestamp(), -a.pk))[:limit]


class RoleSummary(serializers.Serializer):
    title = serializers.CharField()
    organization = OrganizationSummary()


class ParticipantSerializer(serializers.Serializer):
    person = PersonSummary()
    role = RoleSummary(allow_null=True)


class ConferenceSerializer(PartnerSerializer):
    api_url = ApiURLField("conference")
    url = PublicURLField()
    host = OrganizationSummary(allow_null=True, read_only=True)
    starts_at_jalali = JalaliField("starts_at")
    updated_at_jalali = JalaliField("updated_at")
    participants = ParticipantSerializer(many=True, read_only=True, source="participations")
    articles = ArticleSummary(many=True, read_only=True, source="public_articles")

    class Meta:
        model = PressConference
        fields = [
            "id", "api_url", "url", "title", "slug", "host", "venue", "starts_at", "starts_at_jalali", "time_note",
            "description", "participants", "articles", "updated_at", "updated_at_jalali",
        ]


class StatementSerializer(PartnerSerializer):
    api_url = ApiURLField("statement")
    url = PublicURLField(of="article", help_text="صفحهٔ خبری که این گفته در آن آمده است.")
    speaker = PersonSummary(allow_null=True, read_only=True)
    article = ArticleSummary(read_only=True)
    conference = public_or_none(ConferenceSummary, "conference", visible=_is_public_conference)
    platforms = PlatformSummary(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "api_url", "url", "text", "speaker", "article", "conference", "platforms", "position"]


class SectionSerializer(PartnerSerializer):
    api_url = ApiURLField("section")
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ["id", "api_url", "url", "name", "slug", "description", "position"]


# Filters.

def _through_exists(descriptor, column):
    """Q for 'related through the m2m `descriptor` to any of ids' without joining (no duplicate rows)."""
    own_column = f"{descriptor.field.m2m_field_name()}_id"

    def related(ids):
        return Q(Exists(descriptor.through.objects.filter(**{own_column: OuterRef("pk"), f"{column}__in": ids})))

    return related


SEARCH_RUN_ATTR = "article_search_run"


def _search(queryset, value, request):
    """The `q` filter, as the site searches: `-word`, `OR` and "phrases", aliases expanded.

    Runs the search once (the ranked window of the newest matches) and keeps
    the run on the request for the ordering, `total` and highlights.
    """
    if not value:
        return queryset
    if len(value) > search.MAX_QUERY_LENGTH:
        raise validation_error("q", f"عبارت جست‌وجو بلندتر از {search.MAX_QUERY_LENGTH} نویسه است.")
    query = search.parse_query(value)
    if not query.usable:
        raise validation_error(
            "q", "عبارت جست‌وجو باید دست‌کم دو حرف و دست‌کم یک واژهٔ خواسته داشته باشد (نه تنها واژه‌های «-»دار)."
        )
    cards = search_entities.resolve(query)
    # `total` is always given: counted with the window where the database can (SQLite).
    found = search.run(queryset, query, linked=search_entities.linked_articles(query, cards), count=True)
    if request is not None:
        setattr(request, SEARCH_RUN_ATTR, found)
        if (getattr(request, "query_params", request.GET).get(ORDER_BY_PARAM) or "relevance") == "relevance":
            # The ranked window holds every article a relevance page can show
            # (all of them matches): the page reads its rows by id instead of
            # matching the text again (0.1-0.4 s for a common word).
            return queryset.filter(id__in=[row[0] for row in found.window])
    return found.matches


def _changed_since(moment):
    from articles.changelog import ArticleChange

    return Q(Exists(ArticleChange.objects.filter(article_id=OuterRef("pk"), at__gte=moment)))


class ArticleFilter(django_filters.FilterSet):
    section = EntityFilter(entities=Section.objects.all, related=lambda ids: Q(section_id__in=ids))
    person = EntityFilter(entities=Person.objects.all, related=_through_exists(Article.people, "person_id"))
    organization = EntityFilter(
        entities=Organization.objects.all, related=_through_exists(Article.organizations, "organization_id")
    )
    platform = EntityFilter(entities=Platform.objects.all, related=_through_exists(Article.platforms, "platform_id"))
    conference = EntityFilter(entities=public_conferences, related=lambda ids: Q(conference_id__in=ids))
    from_date = DateBoundFilter(field_name="published_at", upper=False)
    to_date = DateBoundFilter(field_name="published_at", upper=True)
    q = django_filters.CharFilter(
        method="search_q",
        help_text="جست‌وجوی فارسی در تیتر، لید، متن و گفته‌ها (همان جست‌وجوی سایت، با همان یکسان‌سازی نوشتار). "
        "واژه‌ها همه لازم‌اند؛ «-واژه» کنار می‌گذارد؛ OR میان دو واژه یا عبارت یکی از آن دو را بس می‌داند؛ "
        "\"عبارت\" در گیومه دقیقاً همان توالی را می‌جوید؛ نام‌های دیگر سکوها، اشخاص و سازمان‌ها (Telegram) گسترش می‌یابند. "
        "نمونه: پیام‌رسان -تلگرام",
    )
    # API 1.1: changed at or after a time, by the change log (a rename of an embedded person counts).
    modified_since = ModifiedSinceFilter(changed_since=_changed_since)

    class Meta:
        model = Article
        fields = []
        form = DateRangeForm

    def search_q(self, queryset, name, value):
        return _search(queryset, value, self.request)


class ConferenceFilter(django_filters.FilterSet):
    person = EntityFilter(
        entities=Person.objects.all,
        related=lambda ids: Q(Exists(Participation.objects.filter(conference=OuterRef("pk"), person_id__in=ids))),
    )
    organization = EntityFilter(entities=Organization.objects.all, related=lambda ids: Q(host_id__in=ids))
    from_date = DateBoundFilter(field_name="starts_at", upper=False)
    to_date = DateBoundFilter(field_name="starts_at", upper=True)

    class Meta:
        model = PressConference
        fields = []
        form = DateRangeForm


class StatementFilter(django_filters.FilterSet):
    speaker = EntityFilter(entities=Person.objects.all, related=lambda ids: Q(speaker_id__in=ids))
    platform = EntityFilter(entities=Platform.objects.all, related=_through_exists(Statement.platforms, "platform_id"))
    conference = EntityFilter(entities=public_conferences, related=lambda ids: Q(conference_id__in=ids))
    article = EntityFilter(entities=public_articles, related=lambda ids: Q(article_id__in=ids))

    class Meta:
        model = Statement
        fields = []


for _filterset in (ArticleFilter, ConferenceFilter):
    rename_filters(_filterset, {"from_date": "from-date", "to_date": "to-date"})
rename_filters(ArticleFilter, {"modified_since": "modified-since"})


# Views.

ARTICLE_ORDERINGS = {
    "newest": Ordering("newest", ("-published_at", "datetime"), ("-id", "int")),
    "oldest": Ordering("oldest", ("published_at", "datetime"), ("id", "int")),
    "relevance": Ordering("relevance", ("-relevance", "float"), ("-published_at", "datetime"), ("-id", "int")),
}

SHOW_FIELDS_DOC = OpenApiParameter(
    SHOW_FIELDS_PARAM,
    OpenApiTypes.STR,
    description="فیلدهای افزون بر پیش‌فرض، جداشده با ویرگول: "
    + ", ".join(ArticleSerializer.optional_fields)
    + "؛ یا all برای همه.",
)
ORDER_BY_DOC = OpenApiParameter(
    ORDER_BY_PARAM,
    OpenApiTypes.STR,
    enum=list(ARTICLE_ORDERINGS),
    description="newest (پیش‌فرض بی q)، oldest، relevance (پیش‌فرض با q؛ بی q خطای 400). relevance تازه‌ترین "
    f"{search.RANK_WINDOW:,} یافته (برای یک واژهٔ تنها {search.ONE_WORD_WINDOW:,}) را رتبه می‌دهد؛ وقتی یافته‌ها بیشترند "
    "search.relevance_cut در پاسخ true است و newest همهٔ آن‌ها را می‌دهد.",
)


@extend_schema_view(
    list=extend_schema(
        summary="خبرها", parameters=[SHOW_FIELDS_DOC, ORDER_BY_DOC], responses=standard_responses(ArticleSerializer(many=True))
    ),
    retrieve=extend_schema(
        summary="یک خبر", parameters=[SHOW_FIELDS_DOC], responses=standard_responses(ArticleSerializer, gone=True)
    ),
)
class ArticleViewSet(PartnerViewSet):
    """Public articles, newest first; `q` searches them as the site does."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    list_params = (SHOW_FIELDS_PARAM, ORDER_BY_PARAM)
    detail_params = (SHOW_FIELDS_PARAM,)

    def get_queryset(self):
        limit = STATEMENTS_IN_DETAIL if self.action == "retrieve" else STATEMENTS_IN_LIST
        return article_queryset(public_articles(), self.show_fields(), statements_limit=limit)

    def show_fields(self):
        if not hasattr(self, "_show_fields"):
            self._show_fields = parse_show_fields(self.request, detail=self.action == "retrieve")
        return self._show_fields

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_fields"] = self.show_fields()
        found = self.search_run()
        context["search_query"] = found.query if found is not None else None
        return context

    def search_run(self):
        """The q filter's run (search.SearchRun), once the queryset was filtered; None without q."""
        return getattr(self.request, SEARCH_RUN_ATTR, None)

    def searching(self):
        # As the q filter sees it: the form field strips surrounding whitespace.
        return bool((self.request.query_params.get("q") or "").strip())

    def get_ordering(self):
        order = self.request.query_params.get(ORDER_BY_PARAM) or ("relevance" if self.searching() else "newest")
        if order not in ARTICLE_ORDERINGS:
            raise validation_error(ORDER_BY_PARAM, "ترتیب باید یکی از newest، oldest یا relevance باشد.")
        if order == "relevance" and not self.searching():
            raise validation_error(ORDER_BY_PARAM, "ترتیب relevance فقط همراه با q معنا دارد.")
        return ARTICLE_ORDERINGS[order]

    def page_length(self, items):
        """How many of a page's `items` it keeps (KeysetPagination asks): as many as the text budget allows."""
        return within_text_budget(items, self.show_fields())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        found = self.search_run()
        if self.action == "list" and found is not None and self.get_ordering().name == "relevance":
            # As on the site: ranking reads every match, so the newest matches
            # (search.window_size) were ranked once by the q filter; the pages
            # walk that window with the ranks it computed (newest-first paging
            # reaches every match). The answer says when the window cut the list.
            # The window's ids satisfy every filter already: the page reads
            # them by id, public checked on each row rather than searched by
            # (SQLite walked its public index, all 100,000 entries, for 20 ids).
            by_id = Article.objects.filter(Article.public_q(unindexed=True)).select_related("section")
            queryset = article_queryset(by_id, self.show_fields(), statements_limit=STATEMENTS_IN_LIST)
            queryset = found.ranked(queryset, annotation="relevance", ids=self._relevance_page_ids(found))
        return queryset

    def _relevance_page_ids(self, found):
        """The ids the page after the cursor can hold, picked from the ranked window in Python.

        The page query then ranks only these (a JSON of a page's ranks, not the
        window's); the keyset pagination applies the same cursor again in SQL.
        """
        ordering = self.get_ordering()
        rows = found.ranked_rows()
        token = self.request.query_params.get(CURSOR_PARAM)
        if token:
            after = tuple(ordering.decode(token))
            rows = [row for row in rows if (row[1], row[2], row[0]) < after]
        return [row[0] for row in rows[: parse_page_size(self.request) + 1]]

    def count_items(self, queryset):
        """`total` for the list: exact, or with q past the window counted up to search.TOTAL_CAP."""
        found = self.search_run()
        if found is None:
            # Kept for the content generation under the filters that decide it (archive_site.pagecache.memo).
            filters = sorted(
                (name, value) for name, value in self.request.query_params.lists()
                if name in self.filterset_class.base_filters
            )
            return remember(f"api-count:articles:{filters!r}", queryset.count)
        total, exact = found.count()
        relevance = self.get_ordering().name == "relevance"
        self.list_extras = {
            "search": {
                "total_exact": exact,
                "reading": found.query.reading,
                "relevance_window": found.size,
                "relevance_cut": relevance and found.full,
            }
        }
        return total

    def last_modified_of(self, articles):
        times = []
        for article in articles:
            times += [article.updated_at, article.published_at]
            times += [obj.updated_at for obj in (*article.people.all(), *article.organizations.all(), *article.platforms.all())]
            if article.conference is not None:
                times.append(article.conference.updated_at)
        times = [t for t in times if t is not None]
        return max(times) if times else None

    def list(self, request, *args, **kwargs):
        shown = self.show_fields()
        self.get_ordering()  # a bad order-by is a 400 before any work
        if shown:
            return super().list(request, *args, **kwargs)
        # The default fields: plain dicts, the serializer's own (archive_site/api/rows.py).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.last_modified = self.last_modified_of(page)
        return self.get_paginated_response([article_row(request, article) for article in page])

    def retrieve(self, request, *args, **kwargs):
        self.show_fields()
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            gone = gone_articles().filter(pk=self.kwargs["pk"]).first()
            if gone is None:
                raise
            self.last_modified = gone.withdrawn_at
            raise Gone(tombstone(gone)) from None


@extend_schema_view(
    list=extend_schema(summary="نشست‌های خبری", responses=standard_responses(ConferenceSerializer(many=True))),
    retrieve=extend_schema(summary="یک نشست خبری", responses=standard_responses(ConferenceSerializer)),
)
class ConferenceViewSet(PartnerViewSet):
    """Confirmed press conferences, latest first, with participants and the public articles about them."""

    serializer_class = ConferenceSerializer
    filterset_class = ConferenceFilter
    ordering = Ordering("newest", ("-held_at", "datetime"), ("-id", "int"))

    def get_queryset(self):
        return (
            public_conferences()
            .annotate(held_at=Coalesce("starts_at", "created_at"))
            .select_related("host")
            .prefetch_related(
                Prefetch("participations", queryset=Participation.objects.select_related("person", "role__organization")),
                Prefetch("articles", queryset=public_articles().order_by("-published_at", "-id"), to_attr="public_articles"),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="گفته‌ها", responses=standard_responses(StatementSerializer(many=True))),
    retrieve=extend_schema(summary="یک گفته", responses=standard_responses(StatementSerializer)),
)
class StatementViewSet(PartnerViewSet):
    """Statements reported in public articles: newest article first, in the article's order."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    ordering = Ordering(
        "newest", ("-article_published_at", "datetime"), ("-article_id", "int"), ("position", "int"), ("id", "int")
    )

    def get_queryset(self):
        return (
            public_statements()
            .annotate(article_published_at=F("article__published_at"))
            .select_related("speaker", "article", "conference")
            .prefetch_related("platforms")
        )

    def last_modified_of(self, statements):
        times = [s.article.updated_at for s in statements]
        return max(times) if times else None


@extend_schema_view(
    list=extend_schema(summary="گروه‌های خبری", responses=standard_responses(SectionSerializer(many=True))),
    retrieve=extend_schema(summary="یک گروه خبری", responses=standard_responses(SectionSerializer)),
)
class SectionViewSet(PartnerViewSet):
    """The agency's desks, in their display order."""

    serializer_class = SectionSerializer
    queryset = Section.objects.all()
    filter_backends = []

    def get_queryset(self):
        # Only desks with a public article (evaluated per request: "public" moves with time).
        return public_sections()
    ordering = Ordering("position", ("position", "int"), ("sort_name", "str"), ("id", "int"))
