"""Template filters for Persian pages: Jalali dates and Persian digits.

    {% load persian %}
    {{ article.published_at|jdatetime }}   -> شنبه ۷ آذر ۱۴۰۵ - ۱۴:۳۰
    {{ article.published_at|jdate }}       -> ۷ آذر ۱۴۰۵
    {{ count|fa_digits }}                  -> ۱۲
    {{ paragraph|isolate_ltr }}            -> Latin runs wrapped in <bdi dir="ltr">
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive_site import jalali
from archive_site.text import to_persian_digits

register = template.Library()


@register.filter
def jdate(value, weekday=False):
    return jalali.format_date(value, weekday=bool(weekday)) if value else ""


@register.filter
def jdatetime(value):
    return jalali.format_datetime(value) if value else ""


@register.filter
def jtime(value):
    """'۱۴:۳۰': the time of day in Tehran, for lists already grouped by day."""
    if not value:
        return ""
    return jalali.format_datetime(value).rsplit(" - ", 1)[-1]


@register.filter
def jmonth(value):
    """'آذر ۱۴۰۵' for a date."""
    if not value:
        return ""
    j = jalali.to_jalali(value)
    return jalali.format_month(j.year, j.month)


@register.filter
def fa_digits(value):
    return to_persian_digits(value) if value is not None else ""


# A run of Latin letters and ASCII digits, with the punctuation that lives inside
# dates, handles, addresses and codes ("2018-11-20", "@hotgram", "t.me/x").
_LTR_RUN = re.compile(r"[@#]?[A-Za-z0-9](?:[A-Za-z0-9@#:/._+%=&?-]*[A-Za-z0-9/])?")


@register.filter(is_safe=True)
def isolate_ltr(value):
    """Escape `value` and isolate its left-to-right runs.

    Inside Persian text an unisolated "2018-11-20" is drawn as "20-11-2018" and
    "@hotgram" as "hotgram@"; <bdi dir="ltr"> keeps each run in its own order.
    """
    text = str(value or "")
    out, last = [], 0
    for match in _LTR_RUN.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<bdi dir="ltr">{escape(match.group(0))}</bdi>')
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


_QUOTE_PAIRS = {"«": "»", '"': '"', "“": "”", "„": "“", "'": "'"}


@register.filter(is_safe=True)
def quoted(value):
    """A quotation between Persian guillemets: «…», in place of the marks (if any) the copy put around all of it."""
    text = str(value or "").strip()
    if len(text) > 1 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return mark_safe(f"«{isolate_ltr(text)}»") if text else ""


@register.filter
def readable_url(value):
    """A URL as a reader types it: Persian slugs decoded instead of %D9%81..."""
    from urllib.parse import unquote

    return unquote(str(value or ""))
