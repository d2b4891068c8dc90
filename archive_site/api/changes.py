"""The change feed: what became public, changed, or was withdrawn, in order, so a mirror stays exact.

Derived from the articles themselves, without a log table:
- an article's change time is the later of its last edit and its publication
  (a scheduled article becomes public at `published_at` with no edit);
- a public article appears as "published" (new to a reader positioned before
  its publication) or "updated"; mirrors treat both as an upsert;
- a withdrawn article that had been public appears as a tombstone at its
  `withdrawn_at`, with no content; a draft that was never public never appears;
- entries are ordered by (change time, id); `next` is a cursor after the last
  entry and is always given, so a mirror polls with it later.

An article appears once, at its latest change: a mirror reading in order sees
every article's current state. Entries younger than SETTLE_SECONDS are held
back, so a transaction that commits late cannot slip in behind a mirror's cursor.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Case, DateTimeField, F, When
from django.db.models.functions import Greatest
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.errors import validation_error
from archive_site.api.filters import start_of_day
from archive_site.api.pagination import Ordering, clamp_to_storable, parse_page_size, url_with
from archive_site.jalali import InvalidDate, iso_jalali, parse_date
from archive_site.text import to_latin_digits
from articles.api import ArticleSerializer, public_articles, withdrawn_once_public
from articles.models import Article

SINCE_PARAM = "since"
ORDERING = Ordering("changes", ("changed_at", "datetime"), ("id", "int"))


def settle_seconds():
    return getattr(settings, "API_CHANGES_SETTLE_SECONDS", 5)


def changes(*, until):
    """Articles with a change to report, annotated with `changed_at`, up to `until`."""
    queryset = (public_articles() | withdrawn_once_public()).annotate(
        changed_at=Case(
            When(status=Article.Status.WITHDRAWN, then=F("withdrawn_at")),
            default=Greatest("updated_at", "published_at"),
            output_field=DateTimeField(),
        )
    )
    return queryset.filter(changed_at__lte=until)


def parse_since(raw):
    """(time, cursor values): a time in ISO 8601 or a date in either calendar, or a cursor from `next`."""
    if not raw:
        return None, None
    latin = to_latin_digits(raw.strip())
    if latin[:1].isdigit():
        try:
            moment = dt.datetime.fromisoformat(latin)
            if "T" not in latin and " " not in latin:
                raise ValueError  # a bare date: read below in either calendar
            return clamp_to_storable(moment if timezone.is_aware(moment) else timezone.make_aware(moment)), None
        except (ValueError, OverflowError):
            pass
        try:
            return clamp_to_storable(start_of_day(parse_date(latin))), None
        except (InvalidDate, OverflowError):
            pass
    try:
        values = ORDERING.decode(raw, field=SINCE_PARAM)
    except serializers.ValidationError:
        raise validation_error(
            SINCE_PARAM, "since باید نشانگر «next» پاسخ پیشین، زمان ISO 8601 یا تاریخ (2018-11-20 یا 1397-08-29) باشد."
        ) from None
    return values[0], values


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["published", "updated", "withdrawn"], read_only=True)
    id = serializers.IntegerField(read_only=True)
    at = serializers.DateTimeField(read_only=True, help_text="زمان تغییر.")
    at_jalali = serializers.CharField(read_only=True)
    article = ArticleSerializer(read_only=True, required=False, help_text="برای published و updated؛ در withdrawn نیست.")

    optional_fields = ("article",)

    def to_representation(self, article):
        entry = {
            "id": article.pk,
            "at": serializers.DateTimeField().to_representation(article.changed_at),
            "at_jalali": iso_jalali(article.changed_at),
        }
        if article.status == Article.Status.WITHDRAWN:
            return {"type": "withdrawn", **entry}
        seen_until = self.context.get("seen_until")
        kind = "published" if seen_until is None or article.published_at > seen_until else "updated"
        return {"type": kind, **entry, "article": ArticleSerializer(article, context=self.context).data}


class ChangeFeedSerializer(serializers.Serializer):
    next = serializers.URLField(help_text="بعدی را با این نشانی بخوانید؛ همیشه هست، حتی در پایان (برای پرسش بعدی).")
    more = serializers.BooleanField(help_text="true اگر همین حالا تغییر دیگری هست؛ false یعنی بعداً با next بپرسید.")
    results = ChangeSerializer(many=True)


class ChangeFeedView(PartnerViewSet):
    serializer_class = ChangeSerializer
    filter_backends = []
    pagination_class = None  # `since` is its cursor

    @extend_schema(
        summary="تغییرها (برای آینه‌ها)",
        description=__doc__,
        parameters=[
            OpenApiParameter(
                SINCE_PARAM, str, description="نشانگر «next» پاسخ پیشین، یا زمان (2026-11-28T10:00:00+03:30)، یا تاریخ (1405-09-07)."
            ),
            OpenApiParameter("page-size", int, description="پیش‌فرض ۲۰، حداکثر API_MAX_PAGE_SIZE."),
        ],
        responses=standard_responses(ChangeFeedSerializer),
    )
    def feed(self, request, *args, **kwargs):
        since_time, cursor = parse_since(request.query_params.get(SINCE_PARAM))
        page_size = parse_page_size(request)
        queryset = changes(until=timezone.now() - dt.timedelta(seconds=settle_seconds()))
        if cursor is not None:
            queryset = queryset.filter(ORDERING.after(cursor))
        elif since_time is not None:
            queryset = queryset.filter(changed_at__gt=since_time)
        entries = list(
            queryset.select_related("section", "conference")
            .prefetch_related("people", "organizations", "platforms")
            .order_by(*ORDERING.order_by())[: page_size + 1]
        )
        more = len(entries) > page_size
        entries = entries[:page_size]
        context = {**self.get_serializer_context(), "show_fields": set(), "seen_until": since_time}
        if entries:
            self.last_modified = entries[-1].changed_at
            next_since = ORDERING.encode(ORDERING.values_of(entries[-1]))
        else:
            next_since = request.query_params.get(SINCE_PARAM) or ""
        next_url = url_with(request, **({SINCE_PARAM: next_since} if next_since else {}))
        return Response({"next": next_url, "more": more, "results": ChangeSerializer(entries, many=True, context=context).data})
