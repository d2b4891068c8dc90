import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from archive_site import jalali

TEHRAN = ZoneInfo("Asia/Tehran")


def test_format_date_with_weekday_in_persian_digits():
    assert jalali.format_date(dt.date(2026, 11, 28), weekday=True) == "شنبه ۷ آذر ۱۴۰۵"


def test_format_datetime_in_tehran_time():
    moment = dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.UTC)  # 14:30 in Tehran (+03:30)
    assert jalali.format_datetime(moment) == "شنبه ۷ آذر ۱۴۰۵ - ۱۴:۳۰"


def test_iso_jalali_for_the_api():
    assert jalali.iso_jalali(dt.date(2018, 11, 20)) == "1397-08-29"
    moment = dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)
    assert jalali.iso_jalali(moment) == "1405-09-07T14:30:00+03:30"
    assert jalali.iso_jalali(None) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1397-08-29", dt.date(2018, 11, 20)),
        ("۱۳۹۷-۰۸-۲۹", dt.date(2018, 11, 20)),
        ("١٣٩٧/٠٨/٢٩", dt.date(2018, 11, 20)),
        ("2018-11-20", dt.date(2018, 11, 20)),
        ("۲۰۱۸-۱۱-۲۰", dt.date(2018, 11, 20)),
        ("1403-12-30", dt.date(2025, 3, 20)),  # 1403 is a leap year
    ],
)
def test_parse_date_takes_both_calendars_by_the_year(text, expected):
    assert jalali.parse_date(text) == expected


@pytest.mark.parametrize("text", ["1404-12-30", "1405-13-01", "2026-02-30", "yesterday", "", "1405-09", "99999-01-01"])
def test_parse_date_refuses_impossible_or_shapeless_dates(text):
    with pytest.raises(jalali.InvalidDate):
        jalali.parse_date(text)


def test_month_range_covers_the_whole_month():
    start, end = jalali.jalali_month_range(1405, 9)
    assert start == dt.date(2026, 11, 22)
    assert end == dt.date(2026, 12, 22)
    with pytest.raises(jalali.InvalidDate):
        jalali.jalali_month_range(1405, 13)


def test_persian_template_filters():
    from django.template import Context, Template

    rendered = Template("{% load persian %}{{ d|jdate }}|{{ d|jmonth }}|{{ n|fa_digits }}").render(
        Context({"d": dt.date(2026, 11, 28), "n": 42})
    )
    assert rendered == "۷ آذر ۱۴۰۵|آذر ۱۴۰۵|۴۲"



@pytest.mark.parametrize(
    "text, expected",
    [
        ("1405-09-07 14:30", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
        ("۱۴۰۵/۰۹/۰۷", dt.datetime(2026, 11, 28, 0, 0, tzinfo=TEHRAN)),
        ("1405-09-07T14:30:05", dt.datetime(2026, 11, 28, 14, 30, 5, tzinfo=TEHRAN)),
        ("2026-11-28 14:30", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
        ("2026-11-28T11:00:00+00:00", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
        ("2026-11-28T11:00:00Z", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
    ],
)
def test_parse_datetime_takes_either_calendar_and_tehran_time(text, expected):
    parsed = jalali.parse_datetime(text)
    assert parsed.tzinfo is not None and parsed == expected


@pytest.mark.parametrize("text", ["1405-09-07 25:00", "1405-09-07 14:61", "1404-12-30 10:00", "فردا", "", "1405-09-07T10:00+03:30"])
def test_parse_datetime_refuses_with_a_persian_message(text):
    with pytest.raises(jalali.InvalidDate) as refused:
        jalali.parse_datetime(text)
    assert any("\u0600" <= char <= "\u06ff" for char in str(refused.value))


def test_start_of_day_is_tehran_midnight():
    start = jalali.start_of_day(dt.date(2026, 11, 28))
    assert start == dt.datetime(2026, 11, 28, tzinfo=TEHRAN)
    assert start.utcoffset() == dt.timedelta(hours=3, minutes=30)
    # Before 2022 Tehran kept summer time: its midnight was at +04:30.
    assert jalali.start_of_day(dt.date(2018, 6, 1)).utcoffset() == dt.timedelta(hours=4, minutes=30)


@pytest.mark.parametrize(
    "year, month, delta, expected",
    [(1405, 9, 1, (1405, 10)), (1405, 12, 1, (1406, 1)), (1405, 1, -1, (1404, 12)), (1405, 9, -21, (1403, 12)), (1405, 9, 0, (1405, 9))],
)
def test_step_month(year, month, delta, expected):
    assert jalali.step_month(year, month, delta) == expected
