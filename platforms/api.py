"""Partner API over messaging platforms."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.fields import ApiURLField, JalaliField, PartnerSerializer, PublicURLField
from archive_site.api.pagination import Ordering
from archive_site.api.summaries import PlatformSummary
from platforms.models import Platform


class PlatformSerializer(PartnerSerializer):
    api_url = ApiURLField("platform")
    url = PublicURLField()
    parent = PlatformSummary(allow_null=True, read_only=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    launched_on_jalali = JalaliField("launched_on")
    shut_down_on_jalali = JalaliField("shut_down_on")
    updated_at_jalali = JalaliField("updated_at")

    class Meta:
        model = Platform
        fields = [
            "id", "api_url", "url", "name", "latin_name", "slug", "origin", "kind", "parent", "aliases",
            "launched_on", "launched_on_jalali", "shut_down_on", "shut_down_on_jalali", "website", "description",
            "updated_at", "updated_at_jalali",
        ]


class PlatformFilter(django_filters.FilterSet):
    origin = django_filters.ChoiceFilter(choices=Platform.Origin.choices, help_text="domestic (داخلی) یا foreign (خارجی).")
    kind = django_filters.ChoiceFilter(choices=Platform.Kind.choices)

    class Meta:
        model = Platform
        fields = []


@extend_schema_view(
    list=extend_schema(summary="سکوها", responses=standard_responses(PlatformSerializer(many=True))),
    retrieve=extend_schema(summary="یک سکو", responses=standard_responses(PlatformSerializer)),
)
class PlatformViewSet(PartnerViewSet):
    """Messaging platforms, in Persian alphabetical order."""

    serializer_class = PlatformSerializer
    filterset_class = PlatformFilter
    ordering = Ordering("name", ("sort_name", "str"), ("id", "int"))

    def get_queryset(self):
        return Platform.objects.select_related("parent").prefetch_related("aliases")
