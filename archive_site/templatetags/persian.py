"""Template filters for Persian pages: Jalali dates and Persian digits.

    {% load persian %}
    {{ article.published_at|jdatetime }}   -> شنبه ۷ آذر ۱۴۰۵ - ۱۴:۳۰
    {{ article.published_at|jdate }}       -> ۷ آذر ۱۴۰۵
    {{ count|fa_digits }}                  -> ۱۲
"""

from django import template

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
def jmonth(value):
    """'آذر ۱۴۰۵' for a date."""
    if not value:
        return ""
    j = jalali.to_jalali(value)
    return jalali.format_month(j.year, j.month)


@register.filter
def fa_digits(value):
    return to_persian_digits(value) if value is not None else ""
