"""Serializer fields every API object shares: its links and its dates in both calendars."""

import logging

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive_site.jalali import iso_jalali

logger = logging.getLogger(__name__)


def absolute(request, path):
    # Without a request (webhooks, exports) links start from the site's public address.
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


@extend_schema_field({"type": "string", "format": "uri", "description": "نشانی این شیء در API."})
class ApiURLField(serializers.Field):
    """`api_url`: the object's detail in this API, e.g. /api/v1/articles/12/."""

    def __init__(self, route, **kwargs):
        self.route = route
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), reverse(f"api:{self.route}-detail", kwargs={"pk": obj.pk}))


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "description": "نشانی صفحهٔ عمومی در سایت؛ null اگر صفحه‌ای ندارد."})
class PublicURLField(serializers.Field):
    """`url`: the object's public page on the site, or null when it has none."""

    def __init__(self, of="*", **kwargs):
        # `of`: the attribute holding the object whose page this is ("*": the object itself).
        kwargs.update(source=of, read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        if not hasattr(obj, "get_absolute_url"):
            return None
        try:
            path = obj.get_absolute_url()
        except NoReverseMatch:
            # A page missing from the site must not break the API contract.
            logger.warning("No public page for %s %s", type(obj).__name__, obj.pk)
            return None
        return absolute(self.context.get("request"), path)


@extend_schema_field({"type": "string", "nullable": True, "description": "همان زمان در تقویم خورشیدی، وقت تهران."})
class JalaliField(serializers.Field):
    """The Jalali form beside an ISO date: '1405-09-07' or '1405-09-07T14:30:00+03:30'."""

    def __init__(self, source, **kwargs):
        kwargs.update(source=source, read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return iso_jalali(value)

    def get_attribute(self, instance):
        # A missing date is null, not an error.
        try:
            return super().get_attribute(instance)
        except AttributeError:
            return None


def public_or_none(serializer_class, attr, *, visible):
    """A summary of a related object, or null when it is not public (an unconfirmed conference)."""

    @extend_schema_field(serializer_class(allow_null=True))
    class _Field(serializers.Field):
        def __init__(self, **kwargs):
            kwargs.update(source="*", read_only=True)
            super().__init__(**kwargs)

        def to_representation(self, obj):
            related = getattr(obj, attr)
            if related is None or not visible(related):
                return None
            return serializer_class(related, context=self.context).data

    return _Field()


class PartnerSerializer(serializers.ModelSerializer):
    """A model serializer for partners: every field read-only, without the editors' admin help texts."""

    def get_extra_kwargs(self):
        extra = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra.setdefault(name, {})["read_only"] = True
        return extra

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("help_text", None)
        if issubclass(field_class, (serializers.SlugField, serializers.URLField)):
            # Output only: slugs are Persian (no ASCII \w pattern) and a website may be blank.
            field_class = serializers.CharField
            kwargs.pop("allow_unicode", None)
        return field_class, kwargs
