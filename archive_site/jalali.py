"""Jalali dates, in one place: formatting with Persian digits, parsing either calendar, and the calendar
helpers the pages, the API and the admin share (the start of a Tehran day, stepping by months)."""

import datetime as dt
import functools
import re

import jdatetime
from django.utils import timezone

from archive_site.text import to_latin_digits, to_persian_digits

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
# Python's weekday(): Monday is 0.
WEEKDAYS = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")

# A year below this is Jalali, at or above it Gregorian.
JALALI_YEAR_LIMIT = 1700


class InvalidDate(ValueError):
    """A date that cannot be read or does not exist; the message is in Persian."""


def _local(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    return value


def to_jalali(value):
    """A jdatetime.date (for a date) or jdatetime.datetime (for a datetime, in Tehran time)."""
    value = _local(value)
    if isinstance(value, dt.datetime):
        return jdatetime.datetime.fromgregorian(datetime=value.replace(tzinfo=None))
    return jdatetime.date.fromgregorian(date=value)


def month_name(month):
    return MONTHS[month - 1]


def format_date(value, weekday=False):
    """'۷ آذر ۱۴۰۵', or 'شنبه ۷ آذر ۱۴۰۵' with the weekday."""
    if value is None:
        return ""
    value = _local(value)
    return _day_text(value.date() if isinstance(value, dt.datetime) else value, bool(weekday))


# A list page dates every item, and converting to the Jalali calendar was a third of an item's cost:
# a day's text is kept (a few thousand days are a few hundred KB).
@functools.lru_cache(maxsize=4096)
def _day_text(day, weekday):
    j = jdatetime.date.fromgregorian(date=day)
    text = f"{j.day} {MONTHS[j.month - 1]} {j.year}"
    if weekday:
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    return to_persian_digits(text)


def format_datetime(value, weekday=True):
    """'شنبه ۷ آذر ۱۴۰۵ - ۱۴:۳۰', as Persian news sites write it."""
    if value is None:
        return ""
    value = _local(value)
    return f"{format_date(value, weekday=weekday)} - {to_persian_digits(f'{value.hour:02d}:{value.minute:02d}')}"


def format_month(year, month):
    """'آذر ۱۴۰۵'."""
    return to_persian_digits(f"{MONTHS[month - 1]} {year}")


def iso_jalali(value):
    """The Jalali form beside ISO 8601 in the API: '1405-09-07' or '1405-09-07T14:30:00+03:30'."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        local = _local(value)
        offset = local.strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
        return f"{_iso_day(local.date())}T{local:%H:%M:%S}{offset}"
    return _iso_day(value)


@functools.lru_cache(maxsize=4096)
def _iso_day(day):
    # An API list gives two dates of every article and of what it embeds: a day's Jalali form is kept.
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


_DATE_RE = re.compile(r"^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def parse_date(text):
    """A Gregorian `date` from '1405-09-07', '۱۴۰۵/۰۹/۰۷' (Jalali) or '2026-11-28' (ISO).

    The year decides the calendar: below 1700 Jalali, otherwise Gregorian.
    Raises InvalidDate with a Persian message for anything else.
    """
    match = _DATE_RE.match(to_latin_digits(text or ""))
    if not match:
        raise InvalidDate("تاریخ باید به شکل ۱۴۰۵-۰۹-۰۷ (خورشیدی) یا 2026-11-28 (میلادی) باشد.")
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < JALALI_YEAR_LIMIT:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidDate("این تاریخ در تقویم وجود ندارد.") from None


_DATETIME_RE = re.compile(
    r"^\s*(?P<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[T\s]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*$"
)


def parse_datetime(text):
    """An aware datetime from what an editor, a partner or a command line types.

    '1405-09-07 14:30', '۱۴۰۵/۰۹/۰۷', '2026-11-28T14:30:05': a date in either
    calendar (as parse_date), with an optional time, in Tehran time; a date
    alone is its first instant. Also an ISO 8601 time with its offset
    ('2026-11-28T14:30:00+03:30', Gregorian only). Raises InvalidDate with a
    Persian message.
    """
    latin = to_latin_digits(text or "").strip()
    match = _DATETIME_RE.match(latin)
    if match is None:
        try:
            moment = dt.datetime.fromisoformat(latin)
        except ValueError:
            raise InvalidDate(
                "زمان باید به شکل ۱۴۰۵-۰۹-۰۷ ۱۴:۳۰ (خورشیدی) یا 2026-11-28 14:30 (میلادی) باشد."
            ) from None
        if moment.year < JALALI_YEAR_LIMIT:
            raise InvalidDate("زمان با منطقهٔ زمانی فقط به شکل میلادی ISO 8601 پذیرفته است.")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    day = parse_date(match["date"])
    try:
        clock = dt.time(int(match["h"] or 0), int(match["m"] or 0), int(match["s"] or 0))
    except ValueError:
        raise InvalidDate("ساعت نادرست است.") from None
    return timezone.make_aware(dt.datetime.combine(day, clock))


def start_of_day(day):
    """The first instant of `day` in the site's time zone (Asia/Tehran), as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def step_month(year, month, delta):
    """The (year, month) `delta` months after (or, negative, before) year-month: 12 months a year in either calendar."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def jalali_month_range(year, month):
    """The Gregorian [start, end) dates of a Jalali month; InvalidDate if it does not exist."""
    if not (1 <= month <= 12) or not (1 <= year < JALALI_YEAR_LIMIT):
        raise InvalidDate("ماه یا سال نامعتبر است.")
    start = jdatetime.date(year, month, 1).togregorian()
    end = jdatetime.date(*step_month(year, month, 1), 1).togregorian()
    return start, end


def current_jalali():
    return jdatetime.date.fromgregorian(date=timezone.localdate())
