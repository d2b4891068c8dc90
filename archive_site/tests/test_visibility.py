"""One definition of public, and every place that counts or lists public content held to it.

Each test puts one public article beside one article of every kind that is not
public (draft, review, scheduled, withdrawn: conftest's `non_public_articles`),
all tied to the same desk, person and platform, and checks that a count, a
list or a last-change date sees the public one only. Breaking the predicate or
bypassing it in any of these places fails a test here.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, PressConference, Statement
from people.models import Person
from platforms.models import Platform

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
APPS = ("archive_site", "articles", "people", "platforms", "scripts")
LONG_AGO = timezone.make_aware(dt.datetime(2018, 11, 20, 18, 30))


@pytest.fixture
def world(make_article, make_section, non_public_articles):
    """One public article and four that are not, sharing a desk, a person, a platform and a statement each.

    The public article was last changed long ago; the hidden ones just now, so
    a last-change date that let one of them in would be visibly later.
    """
    section = make_section("گروه آزمون دیده‌شدن", slug="visibility")
    person = Person.objects.create(name="پرویز آزمونی", slug="parviz")
    platform = Platform.objects.create(name="پیام‌رسان آزمونی", slug="test-messenger", origin="domestic", kind="messenger")
    public = make_article("خبر عمومی آزمون", section=section, published_at=LONG_AGO)
    hidden = list(non_public_articles.values())
    for article in [public, *hidden]:
        Article.objects.filter(pk=article.pk).update(section=section)
        article.people.add(person)
        article.platforms.add(platform)
        Statement.objects.create(speaker=person, text=f"گفتهٔ {article.headline}", article=article).platforms.add(platform)
    # update() leaves auto_now alone: the public article's last change is long ago.
    Article.objects.filter(pk=public.pk).update(updated_at=LONG_AGO)
    public.refresh_from_db()
    return {"section": section, "person": person, "platform": platform, "public": public, "hidden": non_public_articles}


def test_public_q_is_public_and_nothing_else(world):
    assert list(Article.objects.public().filter(section=world["section"])) == [world["public"]]
    assert list(Article.objects.filter(Article.public_q(), section=world["section"])) == [world["public"]]
    # Across a relation, the same rows.
    assert list(Person.objects.filter(Article.public_q("articles__"), pk=world["person"].pk)) == [world["person"]]
    assert Statement.objects.filter(Article.public_q("article__"), speaker=world["person"]).count() == 1
    assert world["public"].is_public
    assert not any(article.is_public for article in world["hidden"].values())


def test_scheduled_and_gone_querysets(world):
    assert list(Article.objects.scheduled().filter(section=world["section"])) == [world["hidden"]["scheduled"]]
    assert list(Article.objects.gone().filter(section=world["section"])) == [world["hidden"]["withdrawn"]]


def test_platform_list_counts_public_articles_only(client, world):
    response = client.get(reverse("platforms:list"))
    counts = {p.slug: p.public_article_count for p in response.context["platforms"]}
    assert counts["test-messenger"] == 1
    assert "پیام‌رسان آزمونی</a>" in response.content.decode()


def test_person_list_counts_public_articles_only(client, world):
    response = client.get(reverse("people:list"))
    counts = {p.slug: p.public_article_count for p in response.context["page_obj"].paginator.object_list}
    assert counts["parviz"] == 1


def test_platforms_in_the_news_count_public_articles_only(client, world):
    Article.objects.filter(pk=world["public"].pk).update(published_at=timezone.now() - dt.timedelta(days=1))
    response = client.get(reverse("articles:home"))
    counts = {p.slug: p.recent_count for p in response.context["platforms_in_news"]}
    assert counts["test-messenger"] == 1


def _sitemap_lastmods(client):
    """{address: lastmod} over every file the sitemap index names (lastmod as a date, as the index writes it)."""
    from archive_site.tests.test_sitemap import read_sitemap

    return {
        entry["loc"].removeprefix("https://testserver"): (entry.get("lastmod") or "")[:10]
        for entry in read_sitemap(client)
    }


def test_sitemap_lastmod_sees_public_articles_only(client, world):
    # People and platforms change too: pin their own times long ago as well.
    Person.objects.filter(pk=world["person"].pk).update(updated_at=LONG_AGO - dt.timedelta(days=1))
    Platform.objects.filter(pk=world["platform"].pk).update(updated_at=LONG_AGO - dt.timedelta(days=1))
    lastmods = _sitemap_lastmods(client)
    # Django writes a sitemap's lastmod as a date; a hidden article's would be today.
    expected = timezone.localtime(LONG_AGO).date().isoformat()
    assert lastmods[world["section"].get_absolute_url()] == expected
    assert lastmods[world["person"].get_absolute_url()] == expected
    assert lastmods[world["platform"].get_absolute_url()] == expected
    assert lastmods[reverse("articles:home")] == expected
    # Only the public article's own address, and only its Jalali month.
    listed = set(lastmods)
    assert world["public"].get_absolute_url() in listed
    assert not {article.get_absolute_url() for article in world["hidden"].values()} & listed
    archive_pages = {loc for loc in listed if loc.startswith("/archive/") and loc != "/archive/"}  # the year index is always listed
    assert archive_pages == {"/archive/1397/", "/archive/1397/8/"}


@pytest.mark.parametrize(
    "url",
    [
        lambda w: "/feeds/rss/",
        lambda w: f"/feeds/sections/{w['section'].slug}/rss/",
        lambda w: f"/feeds/people/{w['person'].pk}/atom/",
        lambda w: f"/feeds/platforms/{w['platform'].slug}/atom/",
    ],
    ids=["latest", "section", "person", "platform"],
)
def test_feeds_list_public_articles_only(client, world, url):
    body = client.get(url(world)).content.decode()
    assert world["public"].headline in body
    assert "زرافه" not in body


@pytest.mark.parametrize(
    "url",
    [
        lambda w: w["section"].get_absolute_url(),
        lambda w: w["person"].get_absolute_url(),
        lambda w: w["platform"].get_absolute_url(),
        lambda w: "/archive/1397/8/",
        lambda w: "/search/?q=" + "آزمون",
        lambda w: "/search/?section=" + w["section"].slug,
    ],
    ids=["section", "person", "platform", "archive", "search", "search-filter"],
)
def test_reader_pages_list_public_articles_only(client, world, url):
    response = client.get(url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="{world["public"].get_absolute_url()}"' in body
    assert "زرافه" not in body


@pytest.mark.parametrize(
    "url",
    [
        lambda w: "/api/v1/articles/?show-fields=all",
        lambda w: f"/api/v1/articles/?platform={w['platform'].slug}",
        lambda w: "/api/v1/articles/?q=" + "گفته",
        lambda w: "/api/v1/statements/",
        lambda w: "/api/v1/changes/?since=2000-01-01T00:00:00Z",
    ],
    ids=["articles", "articles-by-platform", "articles-search", "statements", "changes"],
)
def test_api_lists_public_articles_only(settings, world, url):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    response = APIClient().get(url(world), secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert world["public"].headline in body
    assert "زرافه" not in body


def test_api_conference_lists_public_articles_only(world):
    conference = PressConference.objects.create(title="نشست آزمون دیده‌شدن", confirmed=True)
    Article.objects.filter(section=world["section"]).update(conference=conference)
    data = APIClient().get(f"/api/v1/conferences/{conference.pk}/", secure=True).json()
    assert [a["id"] for a in data["articles"]] == [world["public"].pk]


def test_unconfirmed_conference_is_not_public_anywhere(client, world):
    hidden = PressConference.objects.create(title="نشست پنهان آزمون", slug="hidden-test", confirmed=False)
    assert not hidden.is_public
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert APIClient().get(f"/api/v1/conferences/{hidden.pk}/", secure=True).status_code == 404
    assert "hidden-test" not in client.get("/sitemap.xml", secure=True).content.decode()


def test_withdrawn_article_once_public_is_410_on_site_and_api(client, world):
    gone = world["hidden"]["withdrawn"]
    assert client.get(gone.get_absolute_url()).status_code == 410
    response = APIClient().get(f"/api/v1/articles/{gone.pk}/", secure=True)
    assert response.status_code == 410
    assert response.json()["error"]["tombstone"]["id"] == gone.pk


def test_withdrawn_article_never_public_is_404_on_site_and_api(client, make_article):
    """Withdrawn before its publication time came: no reader or mirror ever had it, so nothing says it existed."""
    now = timezone.now()
    never = make_article(
        "پس‌گرفته پیش از انتشار زرافه", status=Article.Status.WITHDRAWN,
        published_at=now + dt.timedelta(days=1), withdrawn_at=now,
    )
    draft_withdrawn = make_article(
        "پیش‌نویس پس‌گرفته زرافه", status=Article.Status.WITHDRAWN, published_at=None, withdrawn_at=now,
    )
    for article in (never, draft_withdrawn):
        site = client.get(article.get_absolute_url())
        assert site.status_code == 404
        assert "زرافه" not in site.content.decode()
        api = APIClient().get(f"/api/v1/articles/{article.pk}/", secure=True)
        assert api.status_code == 404
        assert "tombstone" not in api.content.decode()


def test_public_condition_is_written_once():
    """The public condition (a published status with a time that has come) appears in one place in the code."""
    root = Path(__file__).resolve().parents[2]
    places = []
    for path in [*root.glob("*.py"), *(p for app in APPS for p in (root / app).rglob("*.py"))]:
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if "published_at__lte" in path.read_text(encoding="utf-8"):
            places.append(relative)
    assert places == ["articles/models.py"]


def test_archive_year_counts_public_articles_only(client, world):
    # The draft, the article in review and the withdrawn one dated in the same month (the scheduled one cannot be).
    hidden = [world["hidden"][kind].pk for kind in ("draft", "review", "withdrawn")]
    Article.objects.filter(pk__in=hidden).update(published_at=LONG_AGO)
    response = client.get("/archive/1397/")
    assert response.status_code == 200
    assert response.context["total"] == 1
    assert {m["number"]: m["count"] for m in response.context["months"]}[8] == 1


@pytest.mark.parametrize("param", ["section", "platform", "person"])
def test_api_list_totals_count_public_articles_only(world, param):
    value = {"section": world["section"].slug, "platform": world["platform"].slug, "person": world["person"].slug}[param]
    data = APIClient().get("/api/v1/articles/", {param: value}, secure=True).json()
    assert data["total"] == 1
    assert [a["id"] for a in data["results"]] == [world["public"].pk]
    statements = APIClient().get("/api/v1/statements/", {"speaker": world["person"].slug}, secure=True).json()
    assert statements["total"] == 1
