"""The search page /search/?q=: spellings, filters, absurd input, pagination and query counts."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Statement
from people.models import Person
from platforms.models import Platform

URL = "/search/"
VARIANTS = ["پیامرسان", "پیام‌رسان", "پیام رسان", "پيام‌رسان", "پیام‌رسان‌ها"]


def found(response):
    assert response.status_code == 200
    return {article.pk for article in response.context["page_obj"]}


@pytest.fixture
def copy(make_article, make_section):
    """Articles writing 'پیام‌رسان' every way real copy does, and one that does not mention it."""
    section = make_section("علم و فناوری")
    return {
        "no_zwnj": make_article(body="از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم", section=section),
        "space": make_article(body="حمایت از پیام رسان داخلی", section=section),
        "zwnj": make_article(body="پیام‌رسان‌های بومی رشد نکردند", section=section),
        "arabic_yeh": make_article(headline="پيام‌رسان ملي", body="", section=section),
        "neither": make_article(body="خبری دربارهٔ رسانه‌ها و پیام بازرگانی", section=section),
        "section": section,
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_spelling_finds_the_same_articles_through_the_page(client, copy, non_public_articles, variant):
    response = client.get(URL, {"q": variant})
    expected = {copy[k].pk for k in ("no_zwnj", "space", "zwnj", "arabic_yeh")}
    assert found(response) == expected
    page = unescape(response.content.decode())
    assert "<mark>" in page  # highlighted snippets
    assert "۴ خبر" in page  # the count, in Persian digits
    assert "زرافه" not in page


def test_non_public_articles_are_never_found(client, make_article, non_public_articles):
    visible = make_article(body="زرافه‌ها در باغ وحش")
    response = client.get(URL, {"q": "زرافه"})
    assert found(response) == {visible.pk}
    assert "محرمانه" not in unescape(response.content.decode())


def test_statements_are_searched_and_quoted_in_the_snippet(client, make_article):
    article = make_article(body="متن بی‌ربط")
    Statement.objects.create(article=article, text="هاتگرام کاربران را از دست می‌دهد")
    response = client.get(URL, {"q": "هاتگرام"})
    assert found(response) == {article.pk}
    assert "<mark>هاتگرام</mark>" in response.content.decode()


def test_results_are_ranked_headline_first(client, make_article):
    body_only = make_article(headline="خبر دیگر", body="سروش در متن آمده است")
    in_headline = make_article(headline="سروش پیام‌رسان داخلی", body="متن")
    response = client.get(URL, {"q": "سروش"})
    assert [a.pk for a in response.context["page_obj"]] == [in_headline.pk, body_only.pk]


def test_empty_query_shows_a_helpful_form(client, copy):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "؟!،."}, {"q": "\"'*():^-"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        page = unescape(response.content.decode())
        assert "چه چیزی را می‌جویید؟" in page
        assert response.context["page_obj"] is None
        assert '<label for="id_q">' in page


def test_one_letter_asks_for_a_longer_word(client, copy):
    response = client.get(URL, {"q": "و"})
    assert response.status_code == 200
    assert "عبارت کوتاه است" in unescape(response.content.decode())


def test_a_ten_thousand_character_query_is_truncated_with_a_notice(client, copy):
    response = client.get(URL, {"q": "پیام‌رسان " + "x" * 10_000})
    assert response.status_code == 200
    assert response.context["result"].query.truncated
    assert "بسیار بلند بود" in unescape(response.content.decode())


@pytest.mark.parametrize("raw", ["x" * 10_000, "پیام " * 2000, "AND OR NOT", "' OR 1=1 --", "<script>alert(1)</script>",
                                 "NEAR(a b)", "٪٪٪", "a*", "\"پیام"])
def test_absurd_queries_give_a_page_never_an_error(client, copy, raw):
    response = client.get(URL, {"q": raw})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_null_character_is_a_clear_400(client, copy):
    response = client.get(URL, {"q": "پیام\x00"})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_desk_filter(client, copy, make_article, make_section):
    other = make_article(body="پیام‌رسان در گروه دیگر", section=make_section("سیاسی"))
    response = client.get(URL, {"q": "پیام‌رسان", "section": copy["section"].slug})
    assert other.pk not in found(response) and copy["zwnj"].pk in found(response)
    response = client.get(URL, {"q": "پیام‌رسان", "section": "ناموجود"})
    assert response.status_code == 400
    assert "این گروه خبری در آرشیو نیست." in unescape(response.content.decode())


def test_person_and_platform_filters(client, copy):
    person = Person.objects.create(name="حمید فتاحی")
    gap = Platform.objects.create(name="گپ", origin="domestic")
    copy["space"].people.add(person)
    copy["zwnj"].platforms.add(gap)
    assert found(client.get(URL, {"q": "پیام‌رسان", "person": person.pk})) == {copy["space"].pk}
    response = client.get(URL, {"q": "پیام‌رسان", "platform": gap.slug})
    assert found(response) == {copy["zwnj"].pk}
    # Filters alone list the matching articles, newest first.
    assert found(client.get(URL, {"person": person.pk})) == {copy["space"].pk}
    page = unescape(client.get(URL, {"person": person.pk}).content.decode())
    assert "حمید فتاحی" in page
    for bad in ("abc", "999999", "1" * 30, "-1"):
        response = client.get(URL, {"q": "پیام", "person": bad})
        assert response.status_code == 400
        assert "این شخص در آرشیو نیست." in unescape(response.content.decode())
    assert client.get(URL, {"q": "پیام", "platform": "نیست"}).status_code == 400


def test_jalali_date_range(client, make_article, make_section):
    section = make_section()
    azar_5 = make_article(body="پیام‌رسان آذر", section=section, published_at=timezone.make_aware(dt.datetime(2026, 11, 26, 9)))
    aban_30 = make_article(body="پیام‌رسان آبان", section=section, published_at=timezone.make_aware(dt.datetime(2026, 11, 21, 23, 30)))
    for date_from in ("۱۴۰۵/۰۹/۰۱", "1405-09-01", "2026-11-22", "١٤٠٥/٠٩/٠١"):
        assert found(client.get(URL, {"q": "پیام‌رسان", "date_from": date_from})) == {azar_5.pk}, date_from
    assert found(client.get(URL, {"q": "پیام‌رسان", "date_to": "۱۴۰۵/۰۸/۳۰"})) == {aban_30.pk}
    assert found(client.get(URL, {"q": "پیام‌رسان", "date_from": "1405-08-30", "date_to": "1405-09-05"})) == {azar_5.pk, aban_30.pk}


@pytest.mark.parametrize("params, field", [
    ({"date_from": "1405-13-01"}, "date_from"), ({"date_from": "1404-12-30"}, "date_from"),
    ({"date_to": "دیروز"}, "date_to"), ({"date_from": "2026-02-30"}, "date_from"),
    ({"date_from": "99999-1-1"}, "date_from"), ({"date_from": "1405-09-10", "date_to": "1405-09-01"}, "date_to"),
    ({"date_from": "x" * 500}, "date_from"),
])
def test_invalid_dates_answer_400_with_a_persian_message(client, copy, params, field):
    response = client.get(URL, {"q": "پیام‌رسان", **params})
    assert response.status_code == 400
    # The error belongs to the field that was wrong, and the page shows its message, in Persian,
    # inside the error element (the form's labels say «تاریخ» on every page, so that proves nothing).
    messages = response.context["form"].errors[field]
    assert messages
    page = unescape(response.content.decode())
    for message in messages:
        assert any("\u0600" <= char <= "\u06ff" for char in message), message
        assert re.search(r'class="error[^"]*"[^>]*>[^<]*' + re.escape(message), page), message


def test_pagination_of_results(client, make_article, make_section):
    section = make_section()
    for index in range(25):
        make_article(body=f"سروش خبر {index}", section=section)
    first = client.get(URL, {"q": "سروش"})
    assert len(first.context["page_obj"]) == 20
    assert "?q=%D8%B3%D8%B1%D9%88%D8%B4&amp;page=2" in first.content.decode()
    second = client.get(URL, {"q": "سروش", "page": "2"})
    assert len(second.context["page_obj"]) == 5
    for page in ("abc", "99999", "-3", "0"):
        assert client.get(URL, {"q": "سروش", "page": page}).status_code in (200, 404)


def test_search_query_count_does_not_grow(client, make_article, make_section):
    section = make_section()
    gap = Platform.objects.create(name="گپ", origin="domestic")

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    def add(count):
        for index in range(count):
            article = make_article(body=f"سروش و پیام رسان {index}", section=section)
            article.platforms.add(gap)
            Statement.objects.create(article=article, text="سروش گفته شد")

    add(3)
    few = [queries({"q": "سروش"}), queries({"q": "پیام رسان", "platform": gap.slug})]
    add(15)
    assert [queries({"q": "سروش"}), queries({"q": "پیام رسان", "platform": gap.slug})] == few
    # Entity look-ups (platforms and their aliases, people, organizations, a
    # conference), the ranked window, the page, its statements, the form's choices.
    assert max(few) <= 11
