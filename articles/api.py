"""Partner API over articles, press conferences, statements and sections (read-only, public content only)."""

import django_filters
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Q
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from archive_site import search
from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.errors import Gone, validation_error
from archive_site.api.fields import ApiURLField, JalaliField, PartnerSerializer, PublicURLField, public_or_none
from archive_site.api.filters import DateBoundFilter, DateRangeForm, EntityFilter, rename_filters
from archive_site.api.pagination import Ordering
from archive_site.api.summaries import (
    ArticleSummary,
    ConferenceSummary,
    OrganizationSummary,
    PersonSummary,
    PlatformSummary,
    SectionSummary,
)
from archive_site.jalali import iso_jalali
from articles.models import Article, PressConference, Section, Statement
# Withdrawn articles readers had seen: the only ones that answer 410 (site and API alike).
from articles.selectors import public_sections, withdrawn_once_public
from people.models import Organization, Participation, Person
from platforms.models import Platform

SHOW_FIELDS_PARAM = "show-fields"
ORDER_BY_PARAM = "order-by"


# Selectors: what partners may see.

def public_articles():
    return Article.objects.public()




def public_conferences():
    # Conferences made by the wire import wait for an editor's confirmation.
    return PressConference.objects.filter(confirmed=True)


def public_statements():
    return Statement.objects.filter(article__in=public_articles())


def tombstone(article):
    return {
        "id": article.pk,
        "status": Article.Status.WITHDRAWN.value,
        "withdrawn_at": serializers.DateTimeField().to_representation(article.withdrawn_at),
        "withdrawn_at_jalali": iso_jalali(article.withdrawn_at),
    }


def _is_confirmed(conference):
    return conference.confirmed


# Serializers.

class StatementInArticle(PartnerSerializer):
    speaker = PersonSummary(allow_null=True, read_only=True)
    platforms = PlatformSummary(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "text", "speaker", "platforms", "position"]


ARTICLE_DEFAULT_FIELDS = (
    "id", "api_url", "url", "headline", "slug", "section", "published_at", "published_at_jalali",
    "updated_at", "updated_at_jalali", "people", "organizations", "platforms", "conference",
)
# Added on request with show-fields (the body is the heavy one).
ARTICLE_OPTIONAL_FIELDS = ("lead", "body", "agency", "dateline_city", "reporter", "message_code", "statements")


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
    conference = public_or_none(ConferenceSummary, "conference", visible=_is_confirmed)
    statements = StatementInArticle(many=True, read_only=True, required=False)

    optional_fields = ARTICLE_OPTIONAL_FIELDS

    class Meta:
        model = Article
        fields = [*ARTICLE_DEFAULT_FIELDS, *ARTICLE_OPTIONAL_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = self.context.get("show_fields")
        if shown is not None:
            for name in self.optional_fields:
                if name not in shown:
                    self.fields.pop(name)


def parse_show_fields(request):
    """The optional article fields asked for: 'body,lead', or 'all'; an unknown name is a 400."""
    raw = request.query_params.get(SHOW_FIELDS_PARAM, "")
    names = {name.strip() for name in raw.split(",") if name.strip()}
    if "all" in names:
        return set(ArticleSerializer.optional_fields)
    unknown = names - set(ArticleSerializer.optional_fields)
    if unknown:
        raise validation_error(
            SHOW_FIELDS_PARAM,
            "فیلد ناشناخته: " + "، ".join(name[:40] for name in sorted(unknown)[:5]) + ". فیلدهای پذیرفتنی: all, "
            + ", ".join(ArticleSerializer.optional_fields),
        )
    return names


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
    conference = public_or_none(ConferenceSummary, "conference", visible=_is_confirmed)
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


def _search(queryset, name, value):
    if not value:
        return queryset
    if len(value) > search.MAX_QUERY_LENGTH:
        raise validation_error("q", f"عبارت جست‌وجو بلندتر از {search.MAX_QUERY_LENGTH} نویسه است.")
    query = search.parse_query(value)
    if not query.usable:
        raise validation_error("q", "عبارت جست‌وجو باید دست‌کم دو حرف داشته باشد.")
    # PostgreSQL's ts_rank is a 4-byte real, whose printed form does not
    # round-trip; as a double the cursor's value compares exactly.
    return search.search_articles(queryset, query).annotate(relevance=Cast("search_rank", FloatField()))


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
    q = django_filters.CharFilter(method=_search, help_text="جست‌وجوی فارسی در تیتر، لید، متن و گفته‌ها (همان جست‌وجوی سایت).")

    class Meta:
        model = Article
        fields = []
        form = DateRangeForm


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
    description="newest (پیش‌فرض بی q)، oldest، relevance (پیش‌فرض با q؛ بی q خطای 400؛ رتبه‌بندی میان ۲٬۰۰۰ نتیجهٔ تازه‌تر).",
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

    def get_queryset(self):
        queryset = public_articles().select_related("section", "conference").prefetch_related(
            "people", "organizations", "platforms"
        )
        if "statements" in self.show_fields():
            queryset = queryset.prefetch_related(
                Prefetch(
                    "statements",
                    queryset=Statement.objects.select_related("speaker").prefetch_related("platforms").order_by("position", "id"),
                )
            )
        return queryset

    def show_fields(self):
        if not hasattr(self, "_show_fields"):
            self._show_fields = parse_show_fields(self.request)
        return self._show_fields

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_fields"] = self.show_fields()
        return context

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

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.get_ordering().name == "relevance":
            # As on the site: ranking reads every match, so rank the newest
            # RANK_WINDOW of them (newest-first paging has no such bound).
            newest = queryset.order_by("-published_at", "-id").values("id")[: search.RANK_WINDOW]
            queryset = queryset.filter(id__in=newest)
        return queryset

    def total_is_cheap(self):
        # Counting every match of a broad search costs as much as ranking them all.
        return not self.searching()

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
        self.show_fields()
        self.get_ordering()  # a bad order-by is a 400 before any work
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        self.show_fields()
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            gone = withdrawn_once_public().filter(pk=self.kwargs["pk"]).first()
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
