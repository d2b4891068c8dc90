import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from archive_site.forms import JalaliDateField, JalaliDateTimeField

TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("۱۴۰۵-۰۹-۰۷ ۱۴:۳۰", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
        ("1405/09/07 14:30:15", dt.datetime(2026, 11, 28, 14, 30, 15, tzinfo=TEHRAN)),
        ("1405-09-07", dt.datetime(2026, 11, 28, 0, 0, tzinfo=TEHRAN)),
        ("2026-11-28T14:30", dt.datetime(2026, 11, 28, 14, 30, tzinfo=TEHRAN)),
    ],
)
def test_datetime_field_reads_either_calendar_in_tehran_time(typed, expected):
    assert JalaliDateTimeField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["1404-12-30 10:00", "1405-09-07 25:00", "دیروز", "1405-09-07 14"])
def test_datetime_field_refuses_impossible_input_in_persian(typed):
    with pytest.raises(ValidationError) as error:
        JalaliDateTimeField().clean(typed)
    assert any("\u0600" <= char <= "\u06ff" for char in " ".join(error.value.messages))


def test_fields_show_values_in_jalali():
    moment = dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.UTC)
    # Issue 9: shown as typed, in Persian digits and to the minute.
    assert JalaliDateTimeField().prepare_value(moment) == "۱۴۰۵-۰۹-۰۷ ۱۴:۳۰"
    assert JalaliDateField().prepare_value(dt.date(2018, 11, 20)) == "۱۳۹۷-۰۸-۲۹"
    assert JalaliDateTimeField().clean("۱۴۰۵-۰۹-۰۷ ۱۴:۳۰") == moment
    assert JalaliDateField().clean("۱۳۹۷/۰۸/۲۹") == dt.date(2018, 11, 20)
    assert JalaliDateField(required=False).clean("") is None
