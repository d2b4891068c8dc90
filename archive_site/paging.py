"""Page-numbered lists that stay fast on deep pages.

Django's Paginator slices the list with OFFSET: page 4,000 of a desk makes the
database read and discard 80,000 full rows (0.5–0.8 s at 100,000 articles).
Past the first pages this paginator first reads only the ids of the page
(`SELECT id ... ORDER BY ... OFFSET n LIMIT 20`, an index-only walk when an
index covers the order and the id), then the page's rows by id: the "deferred
join". Readers keep page numbers and the same order; the partner API pages
with keyset cursors instead (archive_site/api/pagination.py).
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from archive_site.pagecache.memo import remember

# Rows before which plain OFFSET is as cheap as anything else.
DEFER_AFTER = 200


class DeferredJoinPaginator(Paginator):
    """`counted` (optional): a queryset with the same rows, cheaper to count than the list's own
    (one that finds an entity's links first instead of walking the articles in the list's order).
    `count_key` (optional): a name for the list (what it depends on, nothing of the request): its
    count is then kept for the content generation (archive_site.pagecache.memo)."""

    def __init__(self, object_list, per_page, *args, counted=None, count_key=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.counted = counted
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is not None:
            return remember(f"count:{self.count_key}", self._count)
        return self._count()

    def _count(self):
        if self.counted is not None:
            return self.counted.count()
        return Paginator.count.func(self)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        objects = self.object_list
        if bottom < DEFER_AFTER or not isinstance(objects, QuerySet) or not objects.ordered:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(objects.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in objects.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
