"""Platform pages: facts, family, coverage over Jalali months (SVG + table), statements, articles (public only)."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Statement
from people.models import Person
from platforms.models import Platform

SECRET = "زرافه"


def text_of(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def platform(slug, **facts):
    """The platform `slug` with these facts (a data migration may already have made the well-known ones)."""
    made, _ = Platform.objects.update_or_create(slug=slug, defaults=facts)
    return made


@pytest.fixture
def family(db):
    telegram = platform(
        "telegram", name="تلگرام", latin_name="Telegram", origin="foreign", kind="messenger",
        website="https://telegram.org", launched_on=dt.date(2013, 8, 14),
    )
    hotgram = platform(
        "hotgram", name="هاتگرام", origin="domestic", kind="unofficial_client", parent=telegram,
        shut_down_on=dt.date(2020, 8, 15),
    )
    golden = platform("telegram-talaei", name="تلگرام طلایی", origin="domestic", kind="unofficial_client", parent=telegram)
    return {"telegram": telegram, "hotgram": hotgram, "golden": golden}


def test_platform_list_in_persian_order(client, family):
    # Code-point order would put پ چ ژ گ after ی.
    mine = ["یکتا آزمایشی", "گلبرگ آزمایشی", "ژرفا آزمایشی", "چکاد آزمایشی", "پرنیان آزمایشی", "بامداد آزمایشی"]
    for index, name in enumerate(mine):
        platform(f"test-{index}", name=name, origin="domestic")
    response = client.get(reverse("platforms:list"))
    names = [p.name for p in response.context["platforms"] if p.name in mine]
    assert names == ["بامداد آزمایشی", "پرنیان آزمایشی", "چکاد آزمایشی", "ژرفا آزمایشی", "گلبرگ آزمایشی", "یکتا آزمایشی"]
    assert '<bdi class="latin" dir="ltr">Telegram</bdi>' in text_of(response)


def test_platform_page_shows_facts_and_family(client, family):
    page = text_of(client.get(family["telegram"].get_absolute_url()))
    assert "خارجی" in page and "پیام‌رسان" in page
    assert "۲۳ مرداد ۱۳۹۲" in page  # launched 2013-08-14
    assert '<a href="https://telegram.org" dir="ltr"' in page
    assert "هاتگرام" in page and "تلگرام طلایی" in page  # its clients
    client_page = text_of(client.get(family["hotgram"].get_absolute_url()))
    assert "سکوی مادر" in client_page and family["telegram"].get_absolute_url() in client_page
    assert "۲۵ مرداد ۱۳۹۹" in client_page  # shut down 2020-08-15


def test_coverage_per_jalali_month_as_svg_and_table(client, family, make_article, make_section, non_public_articles):
    section = make_section()
    for when in (at(2026, 11, 22), at(2026, 11, 25), at(2026, 9, 25)):  # 1 and 4 Azar, 3 Mehr 1405
        make_article(section=section, published_at=when).platforms.add(family["hotgram"])
    for article in non_public_articles.values():
        article.platforms.add(family["hotgram"])
    response = client.get(family["hotgram"].get_absolute_url())
    coverage = [(row["title"], row["count"]) for row in response.context["coverage"]]
    assert coverage == [("مهر ۱۴۰۵", 1), ("آبان ۱۴۰۵", 0), ("آذر ۱۴۰۵", 2)]
    page = text_of(response)
    assert re.search(r'<svg class="chart"[^>]*role="img"', page)
    assert page.count('class="chart-bar"') == 3
    assert "<table>" in page and "<th scope=\"row\">" in page
    assert "آذر ۱۴۰۵: ۲ خبر" in page
    assert 'style="' not in page


def test_statements_about_the_platform_are_public_only_and_newest_first(client, family, make_article, make_section, non_public_articles):
    speaker = Person.objects.create(name="حمید فتاحی")
    section = make_section()
    old = make_article(section=section, published_at=timezone.now() - dt.timedelta(days=9))
    new = make_article(section=section, published_at=timezone.now() - dt.timedelta(days=2))
    for article, text in ((old, "گفتهٔ کهنه دربارهٔ هاتگرام"), (new, "گفتهٔ نو دربارهٔ هاتگرام")):
        Statement.objects.create(article=article, speaker=speaker, text=text).platforms.add(family["hotgram"])
    for article in non_public_articles.values():
        Statement.objects.create(article=article, text="گفتهٔ پنهان زرافه").platforms.add(family["hotgram"])
    page = text_of(client.get(family["hotgram"].get_absolute_url()))
    assert page.index("گفتهٔ نو") < page.index("گفتهٔ کهنه")
    assert "حمید فتاحی" in page
    assert SECRET not in page


def test_unknown_platform_is_404(client, db):
    assert client.get("/platforms/نیست/").status_code == 404


def test_platform_pages_query_count_does_not_grow(client, family, make_article, make_section):
    section = make_section()
    detail, listing = family["telegram"].get_absolute_url(), reverse("platforms:list")
    speaker = Person.objects.create(name="گوینده")
    first = make_article(section=section)
    first.platforms.add(family["telegram"])
    Statement.objects.create(article=first, speaker=speaker, text="گفته").platforms.add(family["telegram"])
    few = (queries(client, detail), queries(client, listing))
    for index in range(15):
        article = make_article(section=section, published_at=timezone.now() - dt.timedelta(days=31 * index + 1))
        article.platforms.add(family["telegram"])
        Statement.objects.create(article=article, speaker=speaker, text="گفته").platforms.add(family["telegram"], family["golden"])
        platform(f"client-{index}", name=f"سکوی {index}", origin="domestic", kind="unofficial_client", parent=family["telegram"])
    assert (queries(client, detail), queries(client, listing)) == few
    assert few[0] <= 9
