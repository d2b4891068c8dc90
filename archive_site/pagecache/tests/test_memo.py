"""Values and blocks kept per content generation (archive_site/pagecache/memo.py), with the page cache off.

These tests commit (transaction=True): the generation moves on after a commit,
as in production. Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import datetime as dt
import re
import time

import pytest
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from archive_site.pagecache.memo import remember

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def fragments_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation.json")
    caches["default"].clear()
    yield
    caches["default"].clear()


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_value_is_computed_once_per_generation(make_article):
    calls, compute = counting()
    assert remember("thing", compute) == 1
    assert remember("thing", compute) == 1
    assert remember("another thing", compute) == 2
    make_article("خبری تازه")  # a content change: a new generation
    assert remember("thing", compute) == 3
    assert len(calls) == 3


def test_inside_a_transaction_or_switched_off_it_is_computed_each_time(settings):
    calls, compute = counting()
    with transaction.atomic():
        remember("thing", compute)
        remember("thing", compute)
    assert len(calls) == 2
    settings.FRAGMENT_CACHE_ENABLED = False
    remember("thing", compute)
    remember("thing", compute)
    assert len(calls) == 4


def test_a_cache_outage_costs_speed_never_the_page(monkeypatch, client, make_article):
    from archive_site.pagecache import generation as generations

    make_article("خبر در روز بی‌کش")

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("redis is down")

        set = get

    monkeypatch.setattr(generations, "cache", lambda: Down())
    calls, compute = counting()
    assert remember("thing", compute) == 1 and remember("thing", compute) == 2
    assert "خبر در روز بی‌کش" in client.get("/", secure=True).content.decode()


def test_a_desk_count_and_the_months_around_follow_each_change(client, make_article, make_section):
    desk = make_section("علم و فناوری", slug="science")
    first = make_article("خبر نخست", section=desk, published_at=timezone.now() - dt.timedelta(days=1))
    month_url = "/archive/{}/{}/".format(*first_month(first.published_at))
    assert "۱ خبر" in client.get("/sections/science/", secure=True).content.decode()
    month = client.get(month_url, secure=True).content.decode()
    assert 'rel="prev"' not in month
    make_article("خبر دوم", section=desk, published_at=timezone.now() - dt.timedelta(hours=1))
    make_article("خبر کهن", section=desk, published_at=timezone.now() - dt.timedelta(days=400))
    assert "۳ خبر" in client.get("/sections/science/", secure=True).content.decode()
    assert 'rel="prev"' in client.get(month_url, secure=True).content.decode()


def test_a_scheduled_article_counts_at_its_time(client, make_article, make_section):
    desk = make_section("علم و فناوری", slug="science")
    make_article("خبر نخست", section=desk, published_at=timezone.now() - dt.timedelta(days=1))
    soon = timezone.now() + dt.timedelta(seconds=2)
    make_article("خبر زمان‌بندی‌شده", section=desk, published_at=soon)
    assert "۱ خبر" in client.get("/sections/science/", secure=True).content.decode()
    time.sleep(max(0.0, soon.timestamp() - time.time()) + 0.2)
    assert "۲ خبر" in client.get("/sections/science/", secure=True).content.decode()


def test_an_api_count_is_kept_per_filter(client, make_article, make_section):
    science, sport = make_section("علم", slug="science"), make_section("ورزش", slug="sport")
    make_article("خبر علمی", section=science)
    total = {slug: client.get(f"/api/v1/articles/?section={slug}").json()["total"] for slug in ("science", "sport")}
    assert total == {"science": 1, "sport": 0}
    make_article("خبر ورزشی", section=sport)
    assert client.get("/api/v1/articles/?section=sport").json()["total"] == 1
    assert client.get("/api/v1/articles/").json()["total"] == 2


def without_print_time(page):
    # The printed copy's footer says when it was printed (to the second).
    return re.sub(r'<time datetime="[^"]+">[^<]+</time> از', "", page)


def first_month(moment):
    from archive_site import jalali

    j = jalali.to_jalali(moment)
    return j.year, j.month


def test_an_article_keeps_its_blocks_until_a_change_and_never_the_previews(client, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import PressConference
    from articles.newsroom import preview_link
    from people.models import Person

    person = Person.objects.create(name="حمید فتاحی", slug="hamid-fattahi")
    proposed = PressConference.objects.create(title="نشست پیشنهادی سنجاقک", confirmed=False)
    article = make_article("خبر نخست", body="حمید فتاحی گفت که پیام‌رسان‌ها رشد کرده‌اند.", conference=proposed)
    other = make_article("خبر هم‌سخن")
    for item in (article, other):
        item.people.add(person)
    # The preview renders its own blocks (with the unconfirmed conference, without related articles):
    # none of it may be kept for readers.
    assert "نشست پیشنهادی سنجاقک" in client.get(preview_link(article)).content.decode()
    with CaptureQueriesContext(connection) as first:
        page = client.get(article.get_absolute_url(), secure=True).content.decode()
    assert "خبر هم‌سخن" in page and 'href="/people/' in page and "سنجاقک" not in page
    with CaptureQueriesContext(connection) as second:
        again = client.get(article.get_absolute_url(), secure=True).content.decode()
    assert without_print_time(again) == without_print_time(page)
    # Read once: what it names (three kinds), the person's aliases, the statements, the related articles.
    assert len(second) == len(first) - 6
    other.headline = "خبر هم‌سخن بازنوشته"
    other.save()
    assert "خبر هم‌سخن بازنوشته" in client.get(article.get_absolute_url(), secure=True).content.decode()
