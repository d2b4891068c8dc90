"""Form fields for editors: dates typed and shown in the Jalali calendar.

Either calendar is accepted (the year decides, as everywhere in the archive:
below 1700 Jalali), in Persian, Arabic-Indic or Latin digits.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from archive_site import jalali
from archive_site.text import to_persian_digits


class JalaliInput(forms.TextInput):
    placeholder = "۱۴۰۵-۰۹-۰۷"
    # The admin's offline calendar (static/admin/js/jalali_picker.js) attaches to this.
    picker = "date"

    def __init__(self, attrs=None):
        super().__init__({
            "dir": "ltr", "placeholder": self.placeholder, "autocomplete": "off", "size": 20,
            "data-jalali-picker": self.picker, **(attrs or {}),
        })


class JalaliDateTimeInput(JalaliInput):
    placeholder = "۱۴۰۵-۰۹-۰۷ ۱۴:۳۰"
    picker = "datetime"


class JalaliDateField(forms.Field):
    widget = JalaliInput

    def prepare_value(self, value):
        return to_persian_digits(jalali.iso_jalali(value)) if isinstance(value, dt.date) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return jalali.parse_date(value)
        except jalali.InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None


class JalaliDateTimeField(forms.Field):
    """'1405-09-07 14:30' (Tehran time); a date alone means its first minute."""

    widget = JalaliDateTimeInput

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            # Minutes, as editors type them (seconds are kept on save when the
            # minute did not change: see articles.admin.ArticleAdminForm).
            return to_persian_digits(f"{jalali.iso_jalali(local.date())} {local:%H:%M}")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            return jalali.parse_datetime(value)
        except jalali.InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None
