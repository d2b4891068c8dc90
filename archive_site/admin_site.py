"""What every app's admin shares: the site's Persian titles, key-aware search, Jalali columns.

Imported by each app's admin.py; setting the titles on the default site keeps
`admin.site.urls` in the root URL conf as it is.
"""

from functools import reduce
from operator import and_, or_

from django.contrib import admin
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from archive_site.forms import JalaliDateField, JalaliDateTimeField, JalaliDateTimeInput, JalaliInput
from archive_site.jalali import format_date, format_datetime
from archive_site.text import normalize_key

admin.site.site_header = "آرشیو خبری"
admin.site.site_title = "آرشیو خبری"
admin.site.index_title = "میز دبیران"
admin.site.index_template = "admin/dashboard.html"  # the newsroom dashboard (articles/dashboard.py)

# Editors type and read dates in the Jalali calendar (either calendar is accepted).
JALALI_FORMFIELDS = {
    models.DateTimeField: {"form_class": JalaliDateTimeField, "widget": JalaliDateTimeInput},
    models.DateField: {"form_class": JalaliDateField, "widget": JalaliInput},
}


class HiddenFromMenuMixin:
    """An internal table (participants, aliases): edited inside its parent's form, not listed in the menu.

    Its pages and autocomplete still work (links from elsewhere, tests); only
    the index and the side navigation leave it out.
    """

    def get_model_perms(self, request):
        return {}


class KeySearchMixin:
    """Search that also compares normalized keys, so a name is found however it was typed.

    `key_search_fields` name key columns (filled with archive_site.text.normalize_key);
    every word of the normalized query must occur in one of them. The result is
    joined (OR) to Django's own search over `search_fields`, which still finds
    exact display spellings, codes and Latin names. The autocomplete widgets
    use this too.
    """

    key_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = normalize_key(search_term).split()
        if not words or not self.key_search_fields:
            return results, may_have_duplicates
        condition = reduce(
            and_, (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in self.key_search_fields)) for word in words)
        )
        keyed = queryset.filter(condition)
        spans_relations = any("__" in field for field in self.key_search_fields)
        found = results | keyed
        if request is not None and request.path.endswith("/autocomplete/"):
            found = self._best_first(found, " ".join(words))
        return found, may_have_duplicates or spans_relations

    def _best_first(self, queryset, key):
        """Autocomplete: the exact name first, then names that start with what was typed, then the rest.

        Typing «گپ» must offer گپ before آی‌گپ. Ranked on the first key field
        (the object's own name); the model's ordering breaks ties.
        """
        field = self.key_search_fields[0]
        rank = Case(
            When(**{field: key}, then=Value(0)),
            When(**{f"{field}__startswith": key}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        ordering = list(queryset.query.order_by or self.model._meta.ordering or ["pk"])
        return queryset.annotate(_match_rank=rank).order_by("_match_rank", *ordering)


def _value(obj, path):
    """The value at a field path such as 'conference__starts_at' (None if a link is empty)."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def jalali_datetime_column(field_name, description):
    """A list/readonly column showing a datetime field in the Jalali calendar, sortable by the field."""

    @admin.display(description=description, ordering=field_name)
    def column(self, obj):
        return format_datetime(_value(obj, field_name), weekday=False) or "—"

    column.__name__ = f"{field_name.replace('__', '_')}_jalali"
    return column


def jalali_date_column(field_name, description):
    """As jalali_datetime_column, for a date field."""

    @admin.display(description=description, ordering=field_name)
    def column(self, obj):
        return format_date(_value(obj, field_name)) or "—"

    column.__name__ = f"{field_name.replace('__', '_')}_jalali"
    return column


def count_column(annotation, description):
    """A sortable list column showing a count that get_queryset annotated as `annotation`."""

    @admin.display(description=description, ordering=annotation)
    def column(self, obj):
        return getattr(obj, annotation)

    column.__name__ = annotation.lstrip("_")
    return column


class TimestampColumnsMixin:
    """When a row was made and last changed, in the Jalali calendar (for readonly_fields)."""

    created_at_jalali = jalali_datetime_column("created_at", "ایجاد")
    updated_at_jalali = jalali_datetime_column("updated_at", "آخرین تغییر")


def related_count(model, lookup):
    """How many `model` rows point at the outer row through `lookup`, as a subquery.

    A subquery per count, not Count() over joins: two joined counts multiply
    each other's rows, and a list must cost the same whatever its content.
    """
    counted = (
        model._default_manager.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
