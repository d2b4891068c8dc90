"""Sitemaps (sitemaps.org 0.9): /sitemap.xml is a sitemap index naming one file per section and page.

A sitemap file may hold at most 50,000 addresses; ours hold at most PAGE_SIZE (1,000). Large sections (articles,
people, conferences) are paged by id: file n holds the public objects whose id
lies in ((n-1)·PAGE_SIZE, n·PAGE_SIZE], so a file never exceeds the limit, its
address keeps listing the same objects as the archive grows, and the index
needs only the largest id (one index lookup) to know how many files there are.
Each file is streamed as it is read, in keyset chunks (`id > last ORDER BY id
LIMIT n`), so neither the worker's memory nor the time to the first byte grows
with the archive.

Addresses are absolute, on the request's scheme and host (as Django's
RequestSite does); each file lists only what a reader may open.
"""

import math
from dataclasses import dataclass
from typing import Callable, Iterator
from xml.sax.saxutils import escape

from django.db.models import Max
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from archive_site.pagecache.memo import remember

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Addresses per file: a fiftieth of the protocol's 50,000. A Persian address percent-encoded is
# about 340 bytes and 15 µs of Python, so a file is about 340 KB built in some 15 ms (10,000 took
# 150–190 ms and 3.4 MB); at 1,000,000 articles the index names about a thousand files, far
# below its own limit of 50,000.
PAGE_SIZE = 1_000
# Rows read per keyset query while a file streams (one query for a whole file).
CHUNK_SIZE = 1_000
CONTENT_TYPE = "application/xml; charset=utf-8"


@dataclass
class SitemapSection:
    """One kind of page in the sitemap.

    `entries(page)` yields (path, lastmod or None); `pages()` says how many
    files the section takes (at least one).
    """

    name: str
    entries: Callable[[int], Iterator[tuple]]
    pages: Callable[[], int] = lambda: 1
    changefreq: str | None = None
    # Entries that cost a walk of the archive to date (the Jalali months, each person's newest
    # article, the list pages' newest change): kept per content generation, computed once a change.
    kept: bool = False

    def rows(self, page):
        if not self.kept:
            return self.entries(page)
        return remember(f"sitemap:{self.name}:{page}", lambda: list(self.entries(page)))


def id_pages(queryset):
    """How many id-ranged files a section over `queryset`'s model takes (one index lookup of the largest id)."""
    largest = queryset.model.objects.aggregate(largest=Max("pk"))["largest"] or 0
    return max(1, math.ceil(largest / PAGE_SIZE))


def keyset_rows(queryset, page, *fields):
    """The rows of `queryset` whose id falls in file `page`, by id, read CHUNK_SIZE at a time.

    With `fields` (the first must be "pk"), tuples of those values instead of model instances: a
    file of 50,000 addresses is built several times faster without making 50,000 objects.
    """
    if fields and fields[0] != "pk":
        raise ValueError("the first field must be pk")
    last, high = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    while True:
        rows = queryset.filter(pk__gt=last, pk__lte=high).order_by("pk")
        chunk = list((rows.values_list(*fields) if fields else rows)[:CHUNK_SIZE])
        yield from chunk
        if len(chunk) < CHUNK_SIZE:
            return
        last = chunk[-1][0] if fields else chunk[-1].pk


def w3c_date(moment, zone=None):
    """A lastmod: the day in the site's time zone (what a crawler needs, and stable within the day)."""
    return moment.astimezone(zone or _zone()).date().isoformat() if moment else None


def _zone():
    return timezone.get_current_timezone()


def _url_elements(base, entries, changefreq):
    """The <url> elements of `entries`, in strings of 500 (a file's rows cost microseconds each:
    the parts common to every row are made once)."""
    zone = _zone()
    opening = f"<url><loc>{escape(base)}"
    closing = (f"<changefreq>{changefreq}</changefreq>" if changefreq else "") + "</url>\n"
    buffer = []
    for location, lastmod in entries:
        if lastmod:
            buffer.append(f"{opening}{escape(location)}</loc><lastmod>{w3c_date(lastmod, zone)}</lastmod>{closing}")
        else:
            buffer.append(f"{opening}{escape(location)}</loc>{closing}")
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer = []
    yield "".join(buffer)


def _base(request):
    return f"{request.scheme}://{request.get_host()}"


def _sections():
    from archive_site.sitemap_sections import SECTIONS

    return {section.name: section for section in SECTIONS}


@require_safe
def sitemap_index(request):
    base = _base(request)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sitemapindex xmlns="{NS}">\n']
    for section in _sections().values():
        for page in range(1, section.pages() + 1):
            lines.append(f"<sitemap><loc>{escape(base)}/sitemap-{section.name}-{page}.xml</loc></sitemap>\n")
    lines.append("</sitemapindex>\n")
    return HttpResponse("".join(lines), content_type=CONTENT_TYPE)


@require_safe
def sitemap_file(request, section, page):
    found = _sections().get(section)
    if found is None or page < 1 or page > found.pages():
        raise Http404("چنین نقشهٔ سایتی نیست.")
    base = _base(request)

    def stream():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n'
        yield from _url_elements(base, found.rows(page), found.changefreq)
        yield "</urlset>\n"

    return StreamingHttpResponse(stream(), content_type=CONTENT_TYPE)


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    # The index's former address: the same index.
    path("sitemap-index.xml", sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>-<int:page>.xml", sitemap_file, name="sitemap_section"),
]
