"""Short summaries of archive objects, embedded in other objects' answers."""

from archive_site.api.fields import ApiURLField, JalaliField, PartnerSerializer, PublicURLField
from articles.models import Article, PressConference, Section
from people.models import Organization, Person
from platforms.models import Platform


class SectionSummary(PartnerSerializer):
    api_url = ApiURLField("section")
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ["id", "name", "slug", "api_url", "url"]


class PersonSummary(PartnerSerializer):
    api_url = ApiURLField("person")
    url = PublicURLField()

    class Meta:
        model = Person
        fields = ["id", "name", "slug", "api_url", "url"]


class OrganizationSummary(PartnerSerializer):
    api_url = ApiURLField("organization")
    url = PublicURLField()

    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "api_url", "url"]


class PlatformSummary(PartnerSerializer):
    api_url = ApiURLField("platform")
    url = PublicURLField()

    class Meta:
        model = Platform
        fields = ["id", "name", "latin_name", "slug", "origin", "kind", "api_url", "url"]


class ConferenceSummary(PartnerSerializer):
    api_url = ApiURLField("conference")
    url = PublicURLField()
    starts_at_jalali = JalaliField("starts_at")

    class Meta:
        model = PressConference
        fields = ["id", "title", "slug", "starts_at", "starts_at_jalali", "api_url", "url"]


class ArticleSummary(PartnerSerializer):
    api_url = ApiURLField("article")
    url = PublicURLField()
    published_at_jalali = JalaliField("published_at")

    class Meta:
        model = Article
        fields = ["id", "headline", "published_at", "published_at_jalali", "api_url", "url"]
