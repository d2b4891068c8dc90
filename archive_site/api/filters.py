"""Filter building blocks: entity expressions with the Guardian's boolean syntax, and dates in both calendars.

An entity filter takes ids or slugs: `a,b` means both, `a|b` either, `-a` not.
`,` binds loosest: `a,b|c` is a and (b or c). An unknown id or slug is a 400
naming the filter, so a typo never silently widens or empties a result.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from archive_site.api.errors import validation_error
from archive_site.jalali import InvalidDate, parse_date, start_of_day
from archive_site.text import to_latin_digits

MAX_EXPRESSION_LENGTH = 500
MAX_TERMS = 20
MAX_ID_DIGITS = 18  # beyond a 64-bit id: not an id


class EntityExpressionField(forms.CharField):
    """Parses 'a,b|-c' into [[(negated, token), ...], ...] (AND of ORs)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if len(value) > MAX_EXPRESSION_LENGTH:
            raise forms.ValidationError(f"عبارت پالایه بلندتر از {MAX_EXPRESSION_LENGTH} نویسه است.")
        expression, count = [], 0
        for term in value.split(","):
            alternatives = []
            for part in term.split("|"):
                part = part.strip()
                negated = part.startswith("-")
                token = part[1:].strip() if negated else part
                if not token or "\x00" in token:
                    raise forms.ValidationError("عبارت پالایه نادرست است: «a,b» هر دو، «a|b» یکی، «-a» جز آن.")
                alternatives.append((negated, token))
                count += 1
            expression.append(alternatives)
        if count > MAX_TERMS:
            raise forms.ValidationError(f"یک پالایه حداکثر {MAX_TERMS} شناسه یا نامک می‌پذیرد.")
        return expression


def _as_id(token):
    latin = to_latin_digits(token)
    if latin.isascii() and latin.isdigit() and len(latin) <= MAX_ID_DIGITS:
        return int(latin)
    return None


@extend_schema_field(
    {
        "type": "string",
        # No `example`: Swagger UI would fill every filter in at once ("Try it out" then matched nothing).
        "description": "شناسه یا نامک؛ «a,b» هر دو، «a|b» یکی از آن‌ها، «-a» جز آن. نمونه: `1|2`",
    }
)
class EntityFilter(django_filters.Filter):
    """Items related to entities named by id or slug, combined with , | and -.

    `entities` is a callable giving the queryset of entities a partner may name
    (only public ones); `related` maps a set of entity ids to a Q for "the item
    is related to any of them".
    """

    field_class = EntityExpressionField

    def __init__(self, *, entities, related, slug_field="slug", **kwargs):
        self.entities = entities
        self.related = related
        self.slug_field = slug_field
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        resolved = self._resolve({token for alternatives in value for _, token in alternatives})
        condition = Q()
        for alternatives in value:
            either = Q()
            for negated, token in alternatives:
                match = self.related({resolved[token]})
                either |= ~match if negated else match
            condition &= either
        return qs.filter(condition).distinct() if self.distinct else qs.filter(condition)

    def _resolve(self, tokens):
        ids = {token: _as_id(token) for token in tokens}
        slugs = [token for token, pk in ids.items() if pk is None]
        numbers = [pk for pk in ids.values() if pk is not None]
        found = self.entities().filter(Q(pk__in=numbers) | Q(**{f"{self.slug_field}__in": slugs})).values_list(
            "pk", self.slug_field
        )
        by_id = {pk: pk for pk, _ in found}
        by_slug = {slug: pk for pk, slug in found}
        resolved, unknown = {}, []
        for token, pk in ids.items():
            match = by_id.get(pk) if pk is not None else by_slug.get(token)
            if match is None:
                unknown.append(token)
            else:
                resolved[token] = match
        if unknown:
            raise validation_error(self.field_name, "شناسه یا نامک ناشناخته: " + "، ".join(sorted(unknown)))
        return resolved


class JalaliOrIsoDateField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_date(value)
        except InvalidDate as error:
            raise forms.ValidationError(str(error)) from None


@extend_schema_field(
    {
        "type": "string",
        "description": "تاریخ میلادی (`2018-11-20`) یا خورشیدی (`1397-08-29` یا `۱۳۹۷-۰۸-۲۹`)؛ روز به وقت تهران.",
    }
)
class DateBoundFilter(django_filters.Filter):
    """`from-date` (from the start of that day) or `to-date` (through the end of that day), in either calendar."""

    field_class = JalaliOrIsoDateField

    def __init__(self, *, upper, **kwargs):
        self.upper = upper
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        try:
            if self.upper:
                return qs.filter(**{f"{self.field_name}__lt": start_of_day(value + dt.timedelta(days=1))})
            return qs.filter(**{f"{self.field_name}__gte": start_of_day(value)})
        except OverflowError:
            raise validation_error(self.label or self.field_name, "تاریخ بیرون از بازهٔ پذیرفتنی است.") from None


def rename_filters(filterset_class, names):
    """Give filters the hyphenated names partners use (from-date, to-date), which Python attributes cannot have."""
    for attr, public in names.items():
        for registry in (filterset_class.base_filters, filterset_class.declared_filters):
            if attr in registry:
                registry[public] = registry.pop(attr)
        filterset_class.base_filters[public].label = public
    return filterset_class


class DateRangeForm(forms.Form):
    """A filter form whose `to-date` may not come before its `from-date`."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from-date"), cleaned.get("to-date")
        if start and end and start > end:
            self.add_error("to-date", "«to-date» نمی‌تواند پیش از «from-date» باشد.")
        return cleaned



def parse_moment(raw):
    """An aware datetime from an ISO 8601 time, or the start of an ISO or Jalali date (any digits); ValueError if neither."""
    latin = to_latin_digits((raw or "").strip())
    if not latin[:1].isdigit():
        raise ValueError(raw)
    if "T" in latin or " " in latin:
        try:
            moment = dt.datetime.fromisoformat(latin)
        except (ValueError, OverflowError):
            raise ValueError(raw) from None
        # replace(), not make_aware(): year 1 or 9999 in Tehran time cannot overflow here (callers clamp).
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=timezone.get_current_timezone())
    try:
        return start_of_day(parse_date(latin))
    except (InvalidDate, OverflowError):
        raise ValueError(raw) from None


class MomentField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_moment(value)
        except ValueError:
            raise forms.ValidationError(
                "زمان ISO 8601 (2026-11-28T10:00:00+03:30) یا تاریخ (2018-11-20 یا 1397-08-29) بفرستید."
            ) from None


@extend_schema_field(
    {
        "type": "string",
        "description": "زمان ISO 8601 (`2026-11-28T10:00:00+03:30`) یا تاریخ میلادی یا خورشیدی (آغاز آن روز به وقت تهران).",
    }
)
class ModifiedSinceFilter(django_filters.Filter):
    """Items changed (per the change log, so a rename of what they embed counts) at or after a time."""

    field_class = MomentField

    def __init__(self, *, changed_since, **kwargs):
        self.changed_since = changed_since
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return qs if value is None else qs.filter(self.changed_since(value))
