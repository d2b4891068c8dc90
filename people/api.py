"""Partner API over people and organizations (all public entities of the archive)."""

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from archive_site.api.base import PartnerViewSet, standard_responses
from archive_site.api.fields import ApiURLField, JalaliField, PartnerSerializer, PublicURLField
from archive_site.api.filters import EntityFilter
from archive_site.api.pagination import Ordering
from archive_site.api.summaries import OrganizationSummary
from people.models import Organization, Person, Role

BY_NAME = Ordering("name", ("sort_name", "str"), ("id", "int"))


class RoleSerializer(PartnerSerializer):
    organization = OrganizationSummary(read_only=True)
    start_date_jalali = JalaliField("start_date")
    end_date_jalali = JalaliField("end_date")

    class Meta:
        model = Role
        fields = ["title", "organization", "start_date", "start_date_jalali", "end_date", "end_date_jalali"]


class PersonSerializer(PartnerSerializer):
    api_url = ApiURLField("person")
    url = PublicURLField()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    roles = RoleSerializer(many=True, read_only=True)
    updated_at_jalali = JalaliField("updated_at")

    class Meta:
        model = Person
        fields = ["id", "api_url", "url", "name", "slug", "aliases", "bio", "roles", "updated_at", "updated_at_jalali"]


class OrganizationSerializer(PartnerSerializer):
    api_url = ApiURLField("organization")
    url = PublicURLField()
    parent = OrganizationSummary(allow_null=True, read_only=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    updated_at_jalali = JalaliField("updated_at")

    class Meta:
        model = Organization
        fields = [
            "id", "api_url", "url", "name", "slug", "kind", "parent", "aliases", "website", "description",
            "updated_at", "updated_at_jalali",
        ]


class PersonFilter(django_filters.FilterSet):
    organization = EntityFilter(
        entities=Organization.objects.all,
        related=lambda ids: Q(Exists(Role.objects.filter(person=OuterRef("pk"), organization_id__in=ids))),
        help_text="کسانی که در این سازمان‌ها سمتی داشته‌اند.",
    )

    class Meta:
        model = Person
        fields = []


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)

    class Meta:
        model = Organization
        fields = []


@extend_schema_view(
    list=extend_schema(summary="اشخاص", responses=standard_responses(PersonSerializer(many=True))),
    retrieve=extend_schema(summary="یک شخص", responses=standard_responses(PersonSerializer)),
)
class PersonViewSet(PartnerViewSet):
    """People in the archive, in Persian alphabetical order, with the roles they held."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering = BY_NAME

    def get_queryset(self):
        return Person.objects.prefetch_related(
            "aliases", Prefetch("roles", queryset=Role.objects.select_related("organization").order_by("-start_date", "id"))
        )

    def last_modified_of(self, people):
        times = [p.updated_at for p in people] + [r.organization.updated_at for p in people for r in p.roles.all()]
        return max(times) if times else None


@extend_schema_view(
    list=extend_schema(summary="سازمان‌ها", responses=standard_responses(OrganizationSerializer(many=True))),
    retrieve=extend_schema(summary="یک سازمان", responses=standard_responses(OrganizationSerializer)),
)
class OrganizationViewSet(PartnerViewSet):
    """Organizations in Persian alphabetical order (they have no page of their own on the site: url is null)."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering = BY_NAME

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related("aliases")
