"""Reading the archive's addresses as readers type them: `/archive/<year>/` and `/archive/<year>/<month>/`.

One address per Jalali month. A year or month written with Persian or
Arabic-Indic digits, with a leading zero, or in the Gregorian calendar (a year
of 1700 or more, as archive_site.jalali decides) is read here and the view
answers 301 to the canonical Jalali address. A month that has not begun yet,
or a number that is no month at all, is a 404: nothing can be archived there,
and a crawler must not follow "next" links forever.
"""

import datetime as dt
import re

from django.http import Http404

from archive_site import jalali
from archive_site.addresses import site_path
from archive_site.text import to_latin_digits

_NUMBER = re.compile(r"[0-9]{1,6}")


def month_path(year, month):
    """The canonical address of a Jalali month, as reverse("articles:archive") gives it (a test holds them
    equal), without reverse(): a platform's coverage table links every month of twenty years."""
    return site_path(f"archive/{int(year)}/{int(month)}/")


def _number(text, what):
    latin = to_latin_digits(str(text).strip())
    if not _NUMBER.fullmatch(latin):
        raise Http404(f"{what} در نشانی آرشیو باید عدد باشد.")
    return int(latin)


def read_year(text):
    """The Jalali year an archive address means; Http404 for no year or a year still to come."""
    year = _number(text, "سال")
    if year >= jalali.JALALI_YEAR_LIMIT:
        if year > dt.MAXYEAR:
            raise Http404("چنین سالی در تقویم نیست.")
        # A Gregorian year: the Jalali year that holds most of it (from Nowruz in March).
        year -= 621
    if year < 1:
        raise Http404("چنین سالی در تقویم نیست.")
    if year > jalali.current_jalali().year:
        raise Http404("این سال هنوز نیامده است.")
    return year


def read_month(year_text, month_text):
    """(Jalali year, month) an archive address means; Http404 for no month or a month still to come."""
    year = _number(year_text, "سال")
    month = _number(month_text, "ماه")
    if not 1 <= month <= 12:
        raise Http404("چنین ماهی در تقویم نیست.")
    if year >= jalali.JALALI_YEAR_LIMIT:
        if year > dt.MAXYEAR:
            raise Http404("چنین سالی در تقویم نیست.")
        # A Gregorian month: the Jalali month holding its first day, which holds most of it
        # (Jalali months begin between the 19th and the 23rd of a Gregorian month).
        first = jalali.to_jalali(dt.date(year, month, 1))
        year, month = first.year, first.month
    if year < 1:
        raise Http404("چنین سالی در تقویم نیست.")
    today = jalali.current_jalali()
    if (year, month) > (today.year, today.month):
        raise Http404("این ماه هنوز نیامده است.")
    return year, month
