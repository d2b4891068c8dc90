"""The page cache in front of Django: never stale, never leaking, validators and 304s.

These tests commit (transaction=True): the generation is bumped after a
commit, as in production, so nothing here relies on a test-only path.
Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils import timezone

from archive_site.pagecache import generation as generations
from archive_site.pagecache.tests.wsgi_client import call
from archive_site.pagecache.wsgi import PageCacheMiddleware

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def app(settings, tmp_path):
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation.json")
    settings.API_ANON_RATE = "100000/min"
    caches["default"].clear()
    yield PageCacheMiddleware(get_wsgi_application())
    caches["default"].clear()


@pytest.fixture
def world(make_article, make_section):
    from people.models import Person
    from platforms.models import Platform

    section = make_section("علم و فناوری", slug="science")
    person = Person.objects.create(name="حمید فتاحی", slug="hamid-fattahi")
    platform = Platform.objects.create(name="پیام‌رسان آزمایشی", slug="test-messenger", origin="domestic")
    article = make_article("تیتر نخست دربارهٔ پیام‌رسان", section=section,
                           published_at=timezone.now() - dt.timedelta(hours=1))
    article.people.add(person)
    article.platforms.add(platform)
    return {"section": section, "person": person, "platform": platform, "article": article}


def editor():
    return get_user_model().objects.create_superuser("chief", "chief@example.com", "x-password-1")


def warm(app, url):
    """Fetch `url` twice: the second answer must come from the cache."""
    first = call(app, url)
    assert first.status == 200, (url, first.status)
    second = call(app, url)
    assert second.cache == "hit", url
    assert second.body == first.body
    return second


PAGES = ["/", "/feeds/rss/", "/api/v1/articles/"]


def test_a_repeat_request_is_a_hit_with_validators_and_no_cookie(app, world):
    article_url = world["article"].get_absolute_url()
    for url in [*PAGES, article_url, f"/api/v1/articles/{world['article'].pk}/", "/sections/science/"]:
        answer = warm(app, url)
        assert answer.header("ETag") and answer.header("Last-Modified") and answer.header("Cache-Control")
        assert answer.header("Set-Cookie") is None
    home = call(app, "/")
    # A repeat visitor's validators get a 304 with no body.
    again = call(app, "/", headers={"If-None-Match": home.header("ETag")})
    assert again.status == 304 and again.body == b"" and again.header("ETag") == home.header("ETag")
    since = call(app, "/", headers={"If-Modified-Since": home.header("Last-Modified")})
    assert since.status == 304
    assert call(app, "/", headers={"If-None-Match": '"other"'}).status == 200
    # HEAD is answered from the GET's entry, without the body.
    head = call(app, "/", method="HEAD")
    assert head.status == 200 and head.cache == "hit" and head.body == b""


def test_an_edit_shows_at_once_on_page_feed_and_api(app, world):
    article = world["article"]
    urls = [*PAGES, article.get_absolute_url(), f"/api/v1/articles/{article.pk}/"]
    for url in urls:
        assert "تیتر نخست" in warm(app, url).text
    old_etag = call(app, "/").header("ETag")
    article.headline = "تیتر ویراسته دربارهٔ پیام‌رسان"
    article.save()
    for url in urls:
        answer = call(app, url)
        assert answer.cache == "miss", url
        assert "تیتر ویراسته" in answer.text and "تیتر نخست" not in answer.text, url
    # The old copy a visitor holds is no longer current.
    assert call(app, "/", headers={"If-None-Match": old_etag}).status == 200


def test_a_publication_shows_at_once(app, world, make_article):
    from articles.models import Article
    from articles.services import publish_article

    waiting = make_article("خبر در انتظار بازبینی زرافه", section=world["section"], status=Article.Status.REVIEW)
    for url in PAGES:
        assert "زرافه" not in warm(app, url).text
    publish_article(article=waiting, by=editor())
    for url in PAGES:
        assert "زرافه" in call(app, url).text, url


def test_a_withdrawal_disappears_at_once(app, world):
    from articles.services import withdraw_article

    article = world["article"]
    url = article.get_absolute_url()
    for page in [*PAGES, url, f"/api/v1/articles/{article.pk}/", "/platforms/test-messenger/"]:
        assert "تیتر نخست" in warm(app, page).text
    withdraw_article(article=article, by=editor(), note="خطا")
    assert call(app, url).status == 410
    assert call(app, f"/api/v1/articles/{article.pk}/").status == 410
    for page in [*PAGES, "/platforms/test-messenger/"]:
        assert "تیتر نخست" not in call(app, page).text, page


def test_an_entity_change_shows_at_once(app, world):
    article_url = world["article"].get_absolute_url()
    platform_url = "/platforms/test-messenger/"
    person_api = f"/api/v1/people/{world['person'].pk}/"
    for url in (article_url, platform_url, person_api):
        warm(app, url)
    world["platform"].name = "پیام‌رسان بازنامیده"
    world["platform"].save()
    world["person"].name = "حمید فتاحی‌نژاد"
    world["person"].save()
    assert "پیام‌رسان بازنامیده" in call(app, article_url).text
    assert "پیام‌رسان بازنامیده" in call(app, platform_url).text
    assert "فتاحی‌نژاد" in call(app, person_api).text
    # A link removed from the article (m2m) is a change too.
    warm(app, article_url)
    world["article"].platforms.remove(world["platform"])
    assert "پیام‌رسان بازنامیده" not in call(app, article_url).text


def test_a_scheduled_article_appears_on_time_through_the_cache(app, world, make_article):
    from articles.models import Article

    soon = timezone.now() + dt.timedelta(seconds=2)
    make_article("خبر زمان‌بندی‌شده گورخر", section=world["section"], status=Article.Status.PUBLISHED, published_at=soon)
    for url in PAGES:
        assert "گورخر" not in warm(app, url).text
    # No entry outlives the publication time.
    generation = generations.current()
    assert generation.next_publication == pytest.approx(soon.timestamp())
    assert generations.entry_timeout(generation, time.time()) <= 2
    time.sleep(max(0.0, soon.timestamp() - time.time()) + 0.2)
    for url in PAGES:
        assert "گورخر" in call(app, url).text, url


def test_a_logged_in_editor_never_gets_a_cached_page(app, world):
    user = editor()
    browser = Client()
    browser.force_login(user)
    session = browser.cookies["sessionid"].value
    warm(app, "/")
    answer = call(app, "/", headers={"Cookie": f"sessionid={session}"})
    assert answer.status == 200 and answer.cache is None
    # ... nor is what Django renders for them stored for others.
    world["article"].headline = "تیتر پس از ورود"
    world["article"].save()
    call(app, "/", headers={"Cookie": f"sessionid={session}"})
    assert call(app, "/").cache == "miss"
    # A CSRF cookie (someone who opened a form) bypasses the cache too; the admin always does.
    assert call(app, "/", headers={"Cookie": "csrftoken=abc"}).cache is None
    assert call(app, "/admin/login/").cache is None
    # Other cookies (a reader's own preferences, analytics) do not.
    assert call(app, "/", headers={"Cookie": "theme=dark"}).cache == "hit"


def test_no_cached_answer_carries_a_cookie(app, world, settings):
    """An answer that sets a cookie is served but never stored."""
    calls = []

    def cookie_app(environ, start_response):
        calls.append(1)
        start_response("200 OK", [("Content-Type", "text/html"), ("Set-Cookie", "csrftoken=secret; Path=/")])
        from django.http import HttpResponse

        return HttpResponse(b"<p>form</p>")

    cached = PageCacheMiddleware(cookie_app)
    for _ in range(3):
        answer = call(cached, "/form/")
        assert answer.cache is None and answer.header("Set-Cookie")
    assert len(calls) == 3


def test_partner_keys_and_anonymous_limits_still_reach_the_api(app, world, settings):
    from archive_site.models import APIKey

    _, raw = APIKey.issue(name="شریک")
    warm(app, "/api/v1/articles/")
    answer = call(app, "/api/v1/articles/", headers={"Authorization": f"Api-Key {raw}"})
    assert answer.status == 200 and answer.cache is None
    settings.API_ANON_RATE = "3/min"
    caches["default"].clear()
    statuses = [call(app, "/api/v1/sections/").status for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]


def test_a_generation_is_shared_through_its_file(app, world, settings):
    before = generations.current()
    world["article"].save()
    after = generations.current()
    assert after.token != before.token and after.bumped_at >= before.bumped_at
    # Many changes in one transaction bump once, after the commit.
    from django.db import transaction

    with transaction.atomic():
        world["article"].save()
        world["person"].save()
        assert generations.current().token == after.token
    assert generations.current().token != after.token


def test_the_home_sidebar_is_rendered_once_per_generation(app, world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import PressConference

    conference = PressConference.objects.create(title="نشست نخست سنجاقک", confirmed=True, starts_at=timezone.now())
    with CaptureQueriesContext(connection) as first:
        assert "نشست نخست سنجاقک" in client.get("/", secure=True).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "نشست نخست سنجاقک" in client.get("/", secure=True).content.decode()
    # The sidebar's three lists (conferences, platforms in the news, desks) are not read again.
    assert len(second) == len(first) - 3
    conference.title = "نشست بازنامیده سنجاقک"
    conference.save()
    assert "نشست بازنامیده سنجاقک" in client.get("/", secure=True).content.decode()


def test_a_new_release_never_serves_pages_cached_by_the_old_one(app, world, monkeypatch, settings):
    """After a deploy the pages point at the new hashed CSS: entries of the old code are not served."""
    monkeypatch.setattr(generations, "_release", None)
    settings.PAGE_CACHE_RELEASE = "old"
    warm(app, "/")
    monkeypatch.setattr(generations, "_release", None)
    settings.PAGE_CACHE_RELEASE = "new"
    assert call(app, "/").cache == "miss"
    assert call(app, "/").cache == "hit"
    monkeypatch.setattr(generations, "_release", None)
    settings.PAGE_CACHE_RELEASE = ""
    assert generations.release()  # the static files' manifest, or «unbuilt» before collectstatic
