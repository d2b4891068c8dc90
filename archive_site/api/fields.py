"""Serializer fields every API object shares: its links and its dates in both calendars."""

import functools
import logging
import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive_site.jalali import iso_jalali

logger = logging.getLogger(__name__)


# A path build_absolute_uri() would return unchanged after the request's scheme and host: absolute,
# already quoted (what reverse() and the models' addresses give), no "//" start, no dot segments.
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~%/#\[\]=:;$&()+,!?*@']*")
BASE_ATTR = "_absolute_base"


def absolute(request, path):
    # Without a request (webhooks, exports) links start from the site's public address.
    if request is None:
        return settings.SITE_URL + path
    # An answer links hundreds of objects: the request's scheme and host are found once.
    if _PLAIN_PATH.fullmatch(path) and "/./" not in path and "/../" not in path:
        base = getattr(request, BASE_ATTR, None)
        if base is None:
            base = request.build_absolute_uri("/")[:-1]
            setattr(request, BASE_ATTR, base)
        return base + path
    return request.build_absolute_uri(path)


@functools.lru_cache(maxsize=256)
def _list_path(route, script_prefix):
    return reverse(f"api:{route}-list")


def api_detail_path(route, pk):
    """reverse(f"api:{route}-detail", pk=pk) without reverse(): the router's detail is its list and "<pk>/"
    (a test holds them equal)."""
    return f"{_list_path(route, get_script_prefix())}{pk}/"


@extend_schema_field({"type": "string", "format": "uri", "description": "نشانی این شیء در API."})
class ApiURLField(serializers.Field):
    """`api_url`: the object's detail in this API, e.g. /api/v1/articles/12/."""

    def __init__(self, route, **kwargs):
        self.route = route
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), api_detail_path(self.route, obj.pk))


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
