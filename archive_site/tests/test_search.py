import datetime as dt

import pytest
from django.utils import timezone

from archive_site.search import highlight, parse_query, search_articles, snippet
from articles.models import Article

VARIANTS = ["پیامرسان", "پیام‌رسان", "پیام رسان", "پيام‌رسان", "پیام‌رسان‌ها"]


def found(text):
    return set(search_articles(Article.objects.public(), parse_query(text)).values_list("id", flat=True))


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_spelling_of_a_word_finds_every_spelling_in_copy(make_article, variant):
    ids = {
        make_article(body="از پیامرسانهای داخلی فقط در گپ و نوا عضو هستیم").id,  # ZWNJ lost
        make_article(body="حمایت از پیام رسان داخلی").id,  # written with a space
        make_article(body="پیام‌رسان‌های بومی رشد نکردند").id,  # with ZWNJ
        make_article(headline="پيام‌رسان ملي", body="").id,  # Arabic yeh
    }
    make_article(body="خبری دربارهٔ رسانه‌ها و پیام بازرگانی")  # neither
    assert found(variant) == ids


def test_search_never_finds_content_that_is_not_public(make_article, non_public_articles):
    visible = make_article(body="زرافه‌ها در باغ وحش")
    assert found("زرافه") == {visible.id}


def test_ranking_prefers_the_headline(make_article):
    body_only = make_article(headline="خبر دیگر", body="سروش در متن آمده است")
    in_headline = make_article(headline="سروش پیام‌رسان داخلی", body="متن")
    results = list(
        search_articles(Article.objects.public(), parse_query("سروش")).order_by("-search_rank", "-published_at")
    )
    assert results == [in_headline, body_only]


def test_statements_are_searched(make_article):
    from articles.models import Statement

    article = make_article(body="متن بی‌ربط")
    Statement.objects.create(article=article, text="هاتگرام کاربران را از دست می‌دهد")
    assert found("هاتگرام") == {article.id}


@pytest.mark.parametrize("raw", ["", "   ", "؟!،.", "و", "x" * 10_000, "پیام " * 2000, "\"'*():^-", "AND OR NOT"])
def test_absurd_queries_do_not_fail(make_article, raw):
    make_article(body="پیام رسان")
    query = parse_query(raw)
    assert len(query.text) <= 200
    list(search_articles(Article.objects.public(), query))


def test_highlight_marks_the_display_spelling():
    query = parse_query("پیام‌رسان")
    marked = highlight("از پیامرسانهای داخلی و <پیام رسان>", query)
    assert "<mark>پیامرسانهای</mark>" in marked
    assert "<mark>پیام رسان</mark>" in marked
    assert "&lt;" in marked


def test_snippet_centres_on_the_match():
    text = ("کلمه " * 200) + "هاتگرام آمد " + ("کلمه " * 200)
    piece = snippet(text, parse_query("هاتگرام"), length=120)
    assert "<mark>هاتگرام</mark>" in piece
    assert len(piece) < 220


def test_relevance_ranks_within_the_newest_window(make_article):
    from archive_site.search import run

    old_headline = make_article(headline="نوا در تیتر", body="", published_at=timezone.now() - dt.timedelta(days=30))
    newer = [
        make_article(headline="خبر", body="نوا در متن", published_at=timezone.now() - dt.timedelta(days=day))
        for day in (1, 2, 3)
    ]
    found = run(Article.objects.public(), parse_query("نوا"))
    assert found.ranked_ids()[0] == old_headline.id
    assert not found.full and found.count() == (4, True)
    # With a window of 3 the oldest match is not ranked at all, and the run says so.
    narrow = run(Article.objects.public(), parse_query("نوا"), size=3)
    assert set(narrow.ranked_ids()) == {a.id for a in newer}
    assert narrow.full and narrow.count() == (4, True)
    assert narrow.count(cap=2) == (2, False)


def test_search_works_inside_a_subquery(make_article):
    """The match must follow the article table's alias when Django nests the query."""
    from articles.models import Statement

    article = make_article(body="روبیکا و ایتا")
    make_article(body="خبری دیگر")
    statement = Statement.objects.create(article=article, text="گفته‌ای")
    matches = search_articles(Article.objects.public(), parse_query("روبیکا"))
    assert list(Statement.objects.filter(article__in=matches.values("id"))) == [statement]


def test_highlight_marks_a_words_parts_only_together():
    marked = highlight("پیامی در ترافیک پیام و رسانه‌ای؛ پیام رسان گپ", parse_query("پیام‌رسان"))
    assert marked.count("<mark>") == 1
    assert "<mark>پیام رسان</mark>" in marked


def test_highlight_follows_the_reading_that_matched(make_article):
    make_article(body="حمایت از پیام رسان داخلی")
    query = parse_query("پیام رسان")
    list(search_articles(Article.objects.public(), query))
    assert query.reading == "tight"
    assert highlight("پیامی و رسانه و پیام رسان", query).count("<mark>") == 1
    loose = parse_query("فتاحی گپ")
    make_article(body="فتاحی از گپ گفت")
    list(search_articles(Article.objects.public(), loose))
    assert loose.reading == "loose"
    assert highlight("فتاحی از گپ گفت", loose).count("<mark>") == 2
