"""Keyset ("cursor") pagination: stable and equally fast on the first page and the ten-thousandth.

A cursor is an opaque token holding the sort values of the last item of the
previous page; the next page is everything strictly after it in the list's
order. Items published meanwhile never shift a partner's pages, as offsets would.
"""

import base64
import binascii
import datetime as dt
import json

from django.conf import settings
from django.db.models import Q
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from archive_site.api.errors import validation_error
from archive_site.text import to_latin_digits

CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page-size"
DEFAULT_PAGE_SIZE = 20
BAD_CURSOR = "نشانگر صفحه (cursor) نامعتبر است؛ آن را همان‌طور که در «next» آمده بفرستید."


def max_page_size():
    return settings.API_MAX_PAGE_SIZE


def parse_page_size(request):
    raw = to_latin_digits(request.query_params.get(PAGE_SIZE_PARAM) or "")
    if raw == "":
        return min(DEFAULT_PAGE_SIZE, max_page_size())
    limit = max_page_size()
    if not raw.isascii() or not raw.isdigit() or not (1 <= int(raw) <= limit):
        raise validation_error(PAGE_SIZE_PARAM, f"اندازهٔ صفحه باید عددی از ۱ تا {limit} باشد.")
    return int(raw)


def url_with(request, **params):
    """This request's absolute URL with `params` replaced.

    Built from the parsed parameters, not the raw query string, which a WSGI
    server hands over undecoded (Persian typed into curl would come back garbled).
    """
    query = request.query_params.copy()
    for name, value in params.items():
        query[name] = value
    return request.build_absolute_uri(request.path) + ("?" + query.urlencode() if query else "")


class Ordering:
    """A list order that keyset paging can follow: (attribute, kind) pairs, '-' for descending.

    The last pair must make the order total (an id). `kind` is one of
    datetime, int, float, str and is how cursor values are checked on the way back.
    """

    def __init__(self, name, *fields):
        self.name = name
        self.fields = [(f.lstrip("-"), f.startswith("-"), kind) for f, kind in fields]

    def order_by(self):
        return [("-" if desc else "") + attr for attr, desc, _ in self.fields]

    def values_of(self, obj):
        return [getattr(obj, attr) for attr, _, _ in self.fields]

    def after(self, values):
        """Q for the items strictly after `values` in this order."""
        condition = Q()
        for i, (attr, desc, _) in enumerate(self.fields):
            step = Q(**{f"{attr}__{'lt' if desc else 'gt'}": values[i]})
            for j in range(i):
                step &= Q(**{self.fields[j][0]: values[j]})
            condition |= step
        return condition

    def encode(self, values):
        payload = {"o": self.name, "v": [_encode_value(v) for v in values]}
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, token, field=CURSOR_PARAM):
        """The sort values in `token`; a 400 naming `field` for anything malformed or from another order."""
        try:
            if len(token) > 2000:
                raise ValueError
            padded = token + "=" * (-len(token) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if not isinstance(payload, dict) or payload.get("o") != self.name:
                raise ValueError
            raw_values = payload.get("v")
            if not isinstance(raw_values, list) or len(raw_values) != len(self.fields):
                raise ValueError
            return [_decode_value(value, kind) for value, (_, _, kind) in zip(raw_values, self.fields)]
        except (ValueError, TypeError, UnicodeError, binascii.Error, OverflowError):
            raise validation_error(field, BAD_CURSOR) from None


def _encode_value(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# The moments a database adapter can take on both databases: a day inside
# Python's range, so converting to UTC or to Tehran time cannot overflow (SQLite
# answered 500 for year 1 or 9999 in another offset).
STORABLE_MIN = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
STORABLE_MAX = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


def clamp_to_storable(moment):
    """`moment` (aware) in UTC, moved inside [STORABLE_MIN, STORABLE_MAX]: "since year 1" means "since the start"."""
    try:
        utc = moment.astimezone(dt.UTC)
    except OverflowError:
        return STORABLE_MIN if moment.year < 5000 else STORABLE_MAX
    return min(max(utc, STORABLE_MIN), STORABLE_MAX)


def _decode_value(value, kind):
    if kind == "datetime":
        if not isinstance(value, str):
            raise ValueError
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError
        # A cursor this API made is always in range; anything else is forged.
        if clamp_to_storable(parsed) != parsed:
            raise ValueError
        return parsed
    if kind == "int":
        if type(value) is not int or not (-(2**63) < value < 2**63):
            raise ValueError
        return value
    if kind == "float":
        if type(value) not in (int, float) or value != value or value in (float("inf"), float("-inf")):
            raise ValueError
        return float(value)
    if kind == "str":
        if not isinstance(value, str) or "\x00" in value or len(value) > 500:
            raise ValueError
        return value
    raise ValueError


SEARCH_INFO_SCHEMA = {
    "type": "object",
    "description": "فقط همراه q: چگونگی شمارش و رتبه‌بندی نتیجه‌ها.",
    "required": ["total_exact", "reading", "relevance_window", "relevance_cut"],
    "properties": {
        "total_exact": {
            "type": "boolean",
            "description": "false: یافته‌ها بیش از total‌اند (شمارش در سقف ۵٬۰۰۰ می‌ایستد).",
        },
        "reading": {
            "type": "string",
            "enum": ["tight", "loose"],
            "description": "tight: چند واژه کنار هم (یا چسبیده) یافت شدند؛ loose: هر واژه جایی در خبر.",
        },
        "relevance_window": {"type": "integer", "description": "چند یافتهٔ تازه‌تر به ترتیب ربط رتبه داده می‌شوند."},
        "relevance_cut": {
            "type": "boolean",
            "description": "true: ترتیب relevance است و یافته‌ها بیش از relevance_window‌اند؛ باقی با order-by=newest.",
        },
    },
}


class KeysetPagination(BasePagination):
    """Pages of `page-size` items (default 20, at most settings.API_MAX_PAGE_SIZE) with a `next` link.

    A page may hold fewer items than `page-size` and still have a `next` (a
    page of long articles ends at the text budget): only `next: null` ends a list.

    `total` is the number of items matching the filters; it is given when
    counting is cheap (no `q`), otherwise null.
    """

    def paginate_queryset(self, queryset, request, view=None):
        ordering = view.get_ordering()
        self.request = request
        self.ordering = ordering
        self.page_size = parse_page_size(request)
        token = request.query_params.get(CURSOR_PARAM)
        counter = getattr(view, "count_items", None)  # a view may count its own way (search: capped)
        self.total = counter(queryset) if counter is not None else (queryset.count() if view.total_is_cheap() else None)
        self.extras = getattr(view, "list_extras", None) or {}
        if token:
            queryset = queryset.filter(ordering.after(ordering.decode(token)))
        items = list(queryset.order_by(*ordering.order_by())[: self.page_size + 1])
        self.page = items[: self.page_size]
        # A view may end a page early (articles: a budget of text per answer);
        # `next` then continues right after the last item given.
        page_length = getattr(view, "page_length", None)
        keep = page_length(self.page) if page_length is not None and self.page else len(self.page)
        self.has_next = len(items) > self.page_size or keep < len(self.page)
        self.page = self.page[:keep]
        return self.page

    def next_link(self):
        if not self.has_next or not self.page:
            return None
        return url_with(self.request, **{CURSOR_PARAM: self.ordering.encode(self.ordering.values_of(self.page[-1]))})

    def get_paginated_response(self, data):
        return Response(
            {"total": self.total, "page_size": self.page_size, "next": self.next_link(), **self.extras, "results": data}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["total", "page_size", "next", "results"],
            "properties": {
                "total": {"type": "integer", "nullable": True, "description": "شمار همهٔ نتیجه‌ها؛ با q دقیق، یا اگر search.total_exact false است کرانی پایین (سقف ۵٬۰۰۰)."},
                "page_size": {"type": "integer"},
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "نشانی صفحهٔ بعد؛ null در صفحهٔ آخر."},
                # With q (articles): how `total` and the relevance order were bounded.
                "search": SEARCH_INFO_SCHEMA,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "in": "query",
                "required": False,
                "description": "نشانگر صفحه، همان‌طور که در «next» آمده است.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "in": "query",
                "required": False,
                "description": f"اندازهٔ صفحه: پیش‌فرض {DEFAULT_PAGE_SIZE}، حداکثر {max_page_size()} (API_MAX_PAGE_SIZE).",
                "schema": {"type": "integer", "minimum": 1, "maximum": max_page_size(), "default": DEFAULT_PAGE_SIZE},
            },
        ]

