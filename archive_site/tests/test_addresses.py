"""Addresses built without reverse() (archive_site.addresses, the API's links) are what reverse() gives."""

import pytest
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from archive_site.api.fields import absolute, api_detail_path

SLUGS = ["plain-slug", "پیام-رسان-های-داخلی", "a~b:c@d!$&'()*+,;=", "x y", "۱۴۰۵"]


@pytest.fixture(params=["/", "/archive/"])
def script_prefix(request):
    set_script_prefix(request.param)
    yield request.param
    set_script_prefix("/")


@pytest.mark.parametrize("slug", SLUGS)
def test_people_and_platforms(slug, script_prefix, db):
    from people.models import Person
    from platforms.models import Platform

    person = Person.objects.create(name="حمید فتاحی", slug=slug)
    platform = Platform.objects.create(name="پیام‌رسان آزمایشی نشانی", slug=slug, origin="domestic")
    assert person.get_absolute_url() == reverse("people:detail", kwargs={"pk": person.pk, "slug": slug})
    assert platform.get_absolute_url() == reverse("platforms:detail", kwargs={"slug": slug})


@pytest.mark.parametrize("route", ["article", "conference", "person", "organization", "platform", "statement", "section"])
def test_api_details(route, script_prefix):
    for pk in (1, 12, 987654321):
        assert api_detail_path(route, pk) == reverse(f"api:{route}-detail", kwargs={"pk": pk})


@pytest.mark.parametrize("path", [
    "/articles/12/%D9%BE%DB%8C%D8%A7%D9%85/", "/api/v1/statements/?article=12", "/x/../y/", "/x/./y", "//evil.example/",
    "/articles/12/پیام/", "/a b/", '/a"b/', "/a<b>/", "relative/path",
])
def test_absolute_is_build_absolute_uri(path):
    request = RequestFactory().get("/api/v1/articles/", secure=True, HTTP_HOST="testserver")
    first = absolute(request, path)
    assert first == request.build_absolute_uri(path)
    assert absolute(request, path) == first  # the second time from the request's kept base
