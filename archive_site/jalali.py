"""Jalali dates, in one place: formatting with Persian digits, and parsing either calendar."""

import datetime as dt
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
    j = to_jalali(value)
    text = f"{j.day} {MONTHS[j.month - 1]} {j.year}"
    if weekday:
        gregorian = _local(value)
        text = f"{WEEKDAYS[gregorian.weekday()]} {text}"
    return to_persian_digits(text)


def format_datetime(value, weekday=True):
    """'شنبه ۷ آذر ۱۴۰۵ - ۱۴:۳۰', as Persian news sites write it."""
    if value is None:
        return ""
    value = _local(value)
    return f"{format_date(value, weekday=weekday)} - {to_persian_digits(value.strftime('%H:%M'))}"


def format_month(year, month):
    """'آذر ۱۴۰۵'."""
    return to_persian_digits(f"{MONTHS[month - 1]} {year}")


def iso_jalali(value):
    """The Jalali form beside ISO 8601 in the API: '1405-09-07' or '1405-09-07T14:30:00+03:30'."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        local = _local(value)
        j = to_jalali(local)
        offset = local.strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
        return f"{j.year:04d}-{j.month:02d}-{j.day:02d}T{local:%H:%M:%S}{offset}"
    j = to_jalali(value)
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


def jalali_month_range(year, month):
    """The Gregorian [start, end) dates of a Jalali month; InvalidDate if it does not exist."""
    if not (1 <= month <= 12) or not (1 <= year < JALALI_YEAR_LIMIT):
        raise InvalidDate("ماه یا سال نامعتبر است.")
    start = jdatetime.date(year, month, 1).togregorian()
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    end = jdatetime.date(next_year, next_month, 1).togregorian()
    return start, end


def current_jalali():
    return jdatetime.date.fromgregorian(date=timezone.localdate())
