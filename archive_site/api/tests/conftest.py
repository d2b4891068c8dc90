"""Fixtures of the partner API tests: a client, a clean throttle cache, and a small archive with its relations."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def clean_throttle_cache():
    # Throttle counters live in the default cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def usage_in_foreground(settings):
    # Key usage is flushed by the tests themselves (usage.flush()), never by a background thread.
    from archive_site.api import usage

    settings.USAGE_FLUSH_SECONDS = 10**9
    settings.USAGE_FLUSH_REQUESTS = 10**9
    usage._pending.clear()
    usage._last_used.clear()
    yield


class HttpsAPIClient(APIClient):
    """Requests over HTTPS, as in production (SECURE_SSL_REDIRECT is on when DEBUG is off)."""

    def generic(self, *args, **kwargs):
        kwargs.setdefault("secure", True)
        return super().generic(*args, **kwargs)


@pytest.fixture
def api():
    return HttpsAPIClient()


@pytest.fixture
def archive(make_article, make_section):
    """The founding article's world in small: desks, people, organizations, platforms, a conference, statements."""
    from articles.models import PressConference, Statement
    from people.models import Organization, Participation, Person, Role
    from platforms.models import Platform

    science = make_section("علم و فناوری", slug="science")
    politics = make_section("سیاسی", slug="politics")
    ministry = Organization.objects.create(name="وزارت ارتباطات و فناوری اطلاعات", slug="ict-ministry", kind="government")
    union = Organization.objects.create(name="اتحادیه جامعه اسلامی دانشجویان", slug="student-union", kind="student")
    fattahi = Person.objects.create(name="حمید فتاحی", slug="hamid-fattahi")
    other = Person.objects.create(name="علی رضایی", slug="ali-rezaei")
    Role.objects.create(person=fattahi, organization=ministry, title="معاون وزیر", start_date=dt.date(2017, 1, 1))
    # The well-known platforms come with the platforms app's data migration.
    telegram = Platform.objects.get(slug="telegram")
    gap = Platform.objects.get(slug="gap")
    hotgram = Platform.objects.get(slug="hotgram")
    conference = PressConference.objects.create(
        title="بررسی علل عدم مهاجرت مردم به پیام‌رسان‌های داخلی", slug="migration", host=union, confirmed=True,
        starts_at=timezone.make_aware(dt.datetime(2018, 11, 20, 16, 0)),
    )
    hidden_conference = PressConference.objects.create(title="نشست تأییدنشده", slug="unconfirmed", confirmed=False)
    Participation.objects.create(conference=conference, person=fattahi, role=fattahi.roles.first())
    founding = make_article(
        "فتاحی: پیام‌رسان‌های داخلی باید کیفیت خود را بالا ببرند / کاربران به گپ و نوا مهاجرت نکردند",
        section=science, conference=conference,
        published_at=timezone.make_aware(dt.datetime(2018, 11, 20, 18, 30)),
        body="معاون وزیر ارتباطات گفت از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم.",
    )
    founding.people.add(fattahi)
    founding.organizations.add(ministry, union)
    founding.platforms.add(telegram, gap, hotgram)
    politics_article = make_article(
        "نشست خبری شورای دانشجویان", section=politics,
        published_at=timezone.make_aware(dt.datetime(2019, 3, 1, 10, 0)), conference=hidden_conference,
    )
    politics_article.people.add(other)
    politics_article.platforms.add(telegram)
    statement = Statement.objects.create(
        speaker=fattahi, text="از پیام‌رسان‌های داخلی فقط در گپ و نوا عضو هستیم", article=founding, conference=conference
    )
    statement.platforms.add(gap)
    return {
        "science": science, "politics": politics, "ministry": ministry, "union": union, "fattahi": fattahi, "other": other,
        "telegram": telegram, "gap": gap, "hotgram": hotgram, "conference": conference,
        "hidden_conference": hidden_conference, "founding": founding, "politics_article": politics_article,
        "statement": statement,
    }
