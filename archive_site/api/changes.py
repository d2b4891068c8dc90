"""The change feed: what became public, changed, or was withdrawn, in commit order, so a mirror stays exact.

Read from the change log (articles.changelog), which every change to what an
article shows partners writes in its own transaction: an edit, a status
change, a link, and a rename of its desk, people, organizations or platforms,
a conference's confirmation or a statement's edit (fanned out to the public
articles that embed them).

- Entries are ordered by (transaction, sequence). On PostgreSQL only entries of
  transactions older than the oldest one still running are read, so a long
  transaction holds the feed back until it ends instead of landing behind a
  mirror's cursor; on SQLite writers are serialised and ids are commit order.
- Each entry shows its article in its state at read time (once per page:
  several entries of one article in a page give one answer): `published` the
  first time a reader positioned at `since` meets it, `updated` after;
  `withdrawn` is a tombstone with no content. Mirrors upsert and delete.
- A page is an index range scan of `page-size` log rows: the same cost at any
  depth.
- `next` is always given; poll it later when `more` is false.
"""

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.errors import validation_error
from archive_site.api.filters import parse_moment
from archive_site.api.pagination import Ordering, clamp_to_storable, parse_page_size, url_with
from archive_site.jalali import iso_jalali
from articles.api import (
    SHOW_FIELDS_DOC,
    STATEMENTS_IN_LIST,
    ArticleSerializer,
    article_queryset,
    parse_show_fields,
    public_articles,
    text_cost,
)
from articles.changefeed import announce_due
from articles.changelog import ArticleChange, visible_filter_sql

SINCE_PARAM = "since"
ORDERING = Ordering("log", ("txid", "int"), ("id", "int"))
# Cursors of API 1.0's feed (change time, article id): still accepted, read as a time.
OLD_ORDERING = Ordering("changes", ("changed_at", "datetime"), ("id", "int"))
START = [-1, 0]


def parse_since(raw):
    """(cursor values, or None) and (a time, or None): a cursor from `next`, an ISO 8601 time, or a date in either calendar."""
    if not raw:
        return START, None
    try:
        # «since year 1» means since the start: clamp to what the database can store.
        return None, clamp_to_storable(parse_moment(raw))
    except (ValueError, OverflowError):
        pass
    try:
        return ORDERING.decode(raw, field=SINCE_PARAM), None
    except serializers.ValidationError:
        pass
    try:
        return None, OLD_ORDERING.decode(raw, field=SINCE_PARAM)[0]
    except serializers.ValidationError:
        raise validation_error(
            SINCE_PARAM, "since باید نشانگر «next» پاسخ پیشین، زمان ISO 8601 یا تاریخ (2018-11-20 یا 1397-08-29) باشد."
        ) from None


def visible_entries():
    entries = ArticleChange.objects.all()
    condition = visible_filter_sql(ArticleChange._meta.db_table)
    if condition:
        entries = entries.filter(RawSQL(condition, [], output_field=BooleanField()))
    return entries


def after(values, prefix=""):
    """Entries strictly after (txid, id) = values; the plain bound on txid lets the index do the work."""
    txid, pk = values
    return Q(**{f"{prefix}txid__gte": txid}) & (
        Q(**{f"{prefix}txid__gt": txid}) | Q(**{f"{prefix}txid": txid, f"{prefix}id__gt": pk})
    )


def cursor_for_time(moment):
    """A position just before every visible entry logged after `moment`, or None when there is none yet.

    Entries logged later by transactions still running will have a larger
    txid than any visible one, so nothing after `moment` is missed.
    """
    first = visible_entries().filter(at__gt=moment).order_by("txid", "id").values_list("txid", "id").first()
    return None if first is None else [first[0], first[1] - 1]


def page(cursor, size):
    """The next `size` (+1) log entries after `cursor`, each with `first_seen`.

    Two index range scans, the same cost at any depth: the page itself, then
    which of its articles were first published after `cursor` (asked apart:
    as a subquery PostgreSQL would hash it over the whole log).
    """
    entries = list(visible_entries().filter(after(cursor)).order_by("txid", "id")[: size + 1])
    first = set(
        ArticleChange.objects.filter(after(cursor), kind=ArticleChange.Kind.PUBLISHED,
                                     article_id__in={entry.article_id for entry in entries})
        .values_list("article_id", flat=True)
    ) if entries else set()
    for entry in entries:
        entry.first_seen = entry.article_id in first
    return entries


def latest_per_article(entries):
    """Entries with only the last one of each article kept (in its place): one answer per article per page."""
    last = {entry.article_id: index for index, entry in enumerate(entries)}
    return [entry for index, entry in enumerate(entries) if last[entry.article_id] == index]


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["published", "updated", "withdrawn"], read_only=True)
    id = serializers.IntegerField(read_only=True)
    at = serializers.DateTimeField(read_only=True, help_text="زمان ثبت تغییر.")
    at_jalali = serializers.CharField(read_only=True)
    article = ArticleSerializer(read_only=True, required=False, help_text="برای published و updated؛ در withdrawn نیست.")

    optional_fields = ("article",)


class ChangeFeedSerializer(serializers.Serializer):
    next = serializers.URLField(help_text="بعدی را با این نشانی بخوانید؛ همیشه هست، حتی در پایان (برای پرسش بعدی).")
    more = serializers.BooleanField(help_text="true اگر همین حالا تغییر دیگری هست؛ false یعنی بعداً با next بپرسید.")
    results = ChangeSerializer(many=True)


def entries_within_budget(entries, articles, show_fields):
    """How many of `entries` one page carries: as on /articles/, up to settings.API_PAGE_TEXT_BUDGET of text.

    Each article counts once (a page answers it once, in its latest place);
    cut before the article that would pass the budget, never before the first.
    """
    from django.conf import settings

    seen, spent = set(), 0
    for index, entry in enumerate(entries):
        article = articles.get(entry.article_id)
        if article is None or entry.article_id in seen:
            continue
        seen.add(entry.article_id)
        spent += text_cost(article, show_fields)
        if spent > settings.API_PAGE_TEXT_BUDGET and len(seen) > 1:
            return index
    return len(entries)


def render_entries(entries, articles, context):
    results = []
    for entry in entries:
        head = {"id": entry.article_id, "at": serializers.DateTimeField().to_representation(entry.at),
                "at_jalali": iso_jalali(entry.at)}
        article = articles.get(entry.article_id)
        if article is None:
            # Withdrawn (or, against the archive's rules, no longer public): a tombstone.
            results.append({"type": "withdrawn", **head})
        else:
            kind = "published" if entry.first_seen else "updated"
            results.append({"type": kind, **head, "article": ArticleSerializer(article, context=context).data})
    return results


class ChangeFeedView(PartnerViewSet):
    serializer_class = ChangeSerializer
    filter_backends = []
    pagination_class = None  # `since` is its cursor
    list_params = (SINCE_PARAM, "page-size", "show-fields")

    @extend_schema(
        summary="تغییرها (برای آینه‌ها)",
        description=__doc__,
        parameters=[
            OpenApiParameter(
                SINCE_PARAM, str,
                description="نشانگر «next» پاسخ پیشین (دقیق)، یا زمان (2026-11-28T10:00:00+03:30) یا تاریخ (1405-09-07) "
                "برای آغاز تقریبی (چیزی از دست نمی‌رود، شاید چیزی تکرار شود).",
            ),
            OpenApiParameter("page-size", int, description="پیش‌فرض ۲۰، حداکثر API_MAX_PAGE_SIZE."),
            SHOW_FIELDS_DOC,
        ],
        responses=standard_responses(ChangeFeedSerializer),
    )
    def feed(self, request, *args, **kwargs):
        cursor, since_time = parse_since(request.query_params.get(SINCE_PARAM))
        page_size = parse_page_size(request)
        show_fields = parse_show_fields(request)
        announce_due()
        if cursor is None:
            cursor = cursor_for_time(since_time)
        if cursor is None:
            # Nothing logged after that time yet: ask again from the same time.
            entries, more = [], False
        else:
            entries = page(cursor, page_size)
            more = len(entries) > page_size
            entries = entries[:page_size]
        ids = {entry.article_id for entry in entries}
        # A page of the feed is a list: statements capped as on /articles/ (a
        # mirror reads the rest from statements_url when statements_count says so).
        queryset = article_queryset(public_articles().filter(pk__in=ids), show_fields, statements_limit=STATEMENTS_IN_LIST)
        articles = {a.pk: a for a in queryset} if ids else {}
        kept = entries_within_budget(entries, articles, show_fields)
        if kept < len(entries):
            entries, more = entries[:kept], True
        if entries:
            next_since = ORDERING.encode([entries[-1].txid, entries[-1].id])
        else:
            next_since = request.query_params.get(SINCE_PARAM) if cursor is None else ORDERING.encode(cursor)
        entries = latest_per_article(entries)
        context = {**self.get_serializer_context(), "show_fields": show_fields}
        if entries:
            self.last_modified = max(entry.at for entry in entries)
        next_url = url_with(request, **{SINCE_PARAM: next_since})
        return Response({"next": next_url, "more": more, "results": render_entries(entries, articles, context)})
