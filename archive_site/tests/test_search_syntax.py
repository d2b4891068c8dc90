"""The query language partners and readers type: -word, OR, "phrases"; bounded highlighting; the ranked window."""

import datetime as dt
import time

import pytest

from archive_site import search
from archive_site.search import highlight, parse_query, snippet
from articles.models import Article


def found(text):
    query = parse_query(text)
    return set(search.run(Article.objects.public(), query).ranked_ids())


@pytest.fixture
def copy(make_article):
    return {
        "telegram": make_article(body="پیام‌رسان‌ها و تلگرام در یک نشست"),
        "domestic": make_article(body="پیامرسان داخلی گپ رشد کرد"),
        "soroush": make_article(body="سروش و ایتا دو پیام رسان بومی‌اند"),
        "apart": make_article(body="پیام کوتاهی به رسانه‌ها رسید و وزیر ارتباطات آمد"),
        "phrase": make_article(body="معاون وزیر ارتباطات در نشست خبری سخن گفت"),
    }


def ids(copy, *names):
    return {copy[name].id for name in names}


def test_minus_excludes_a_word(copy):
    assert found("پیام‌رسان") == ids(copy, "telegram", "domestic", "soroush")
    assert found("پیام‌رسان -تلگرام") == ids(copy, "domestic", "soroush")


def test_an_excluded_word_is_normalised_like_the_rest(copy):
    # Arabic yeh and kaf, a ZWNJ or none: the same word is excluded.
    assert found("پیام‌رسان -سروش") == ids(copy, "telegram", "domestic")
    assert found("پيامرسان -ايتا -تلگرام") == ids(copy, "domestic")


def test_or_gives_either(copy):
    assert found("گپ OR سروش") == ids(copy, "domestic", "soroush")
    assert found("تلگرام | ایتا") == ids(copy, "telegram", "soroush")
    # OR binds its neighbours; the other words stay required.
    assert found("پیام‌رسان گپ OR ایتا") == ids(copy, "domestic", "soroush")


def test_a_quoted_phrase_must_appear_as_typed(copy):
    # Unquoted, the words may be apart (loose reading) ...
    assert found("وزیر ارتباطات") >= ids(copy, "apart", "phrase")
    assert found("معاون ارتباطات") == ids(copy, "phrase")
    # ... quoted, only in that order and next to each other.
    assert found('"معاون ارتباطات"') == set()
    assert found('"معاون وزیر"') == ids(copy, "phrase")
    assert found("«نشست خبری»") == ids(copy, "phrase")


def test_a_phrase_can_be_excluded(copy):
    assert found('پیام‌رسان -"پیام رسان بومی"') == ids(copy, "telegram", "domestic")


def test_only_excluded_words_search_nothing():
    query = parse_query("-تلگرام")
    assert not query.usable and query.excluded


def test_parsing_operators():
    query = parse_query('پیام‌رسان -تلگرام "شورای عالی" گپ OR سروش')
    assert not query.plain
    assert [[t.key for t in clause] for clause in query.clauses] == [["پیامرسان"], ["شورای عالی"], ["گپ", "سروش"]]
    assert [t.key for t in query.excluded] == ["تلگرام"]
    # A dash inside a word, a lone OR and unbalanced quotes are not errors.
    for raw in ["covid-19", "OR", "OR OR گپ", '"پیام', "- -", "«»", '""']:
        parse_query(raw)


@pytest.mark.parametrize("raw", ['"', "-", "OR", '-"" OR', "«", '"' * 300, "- " * 100, "OR " * 100, "گپ " + "-x " * 50])
def test_absurd_operator_queries_do_not_fail(make_article, raw):
    make_article(body="پیام رسان گپ")
    query = parse_query(raw)
    if query.usable:
        search.run(Article.objects.public(), query).count()


def test_excluded_words_are_not_highlighted(copy):
    query = parse_query("پیام‌رسان -تلگرام")
    marked = highlight("پیام‌رسان‌ها و تلگرام", query)
    assert marked.count("<mark>") == 1 and "<mark>تلگرام" not in marked


def test_a_one_word_query_ranks_a_smaller_window(monkeypatch):
    assert search.window_size(parse_query("تلگرام")) == search.ONE_WORD_WINDOW < search.RANK_WINDOW
    assert search.window_size(parse_query("پیام رسان")) == search.RANK_WINDOW


def test_a_search_page_is_one_query_for_one_word(make_article, django_assert_num_queries):
    for n in range(5):
        make_article(body=f"تلگرام {n}")
    query = parse_query("تلگرام")
    with django_assert_num_queries(1):
        found = search.run(Article.objects.public(), query)
        found.count()  # exact from the window: no count query
    assert len(found.ranked_ids()) == 5


# Bounded highlighting (issue 7): a long body is never normalised whole.

def test_a_snippet_of_a_megabyte_body_is_fast_and_marked():
    body = ("واژه‌ای بی‌ربط در متن. " * 20_000) + "هاتگرام اینجاست. " + ("دنباله. " * 50_000)
    assert len(body) > 800_000
    started = time.perf_counter()
    piece = snippet(body, parse_query("هاتگرام"))
    elapsed = time.perf_counter() - started
    # Past the scan limit the snippet starts at the top (no mark), and still costs little.
    assert elapsed < 0.5, elapsed
    assert len(piece) < 400
    near = ("واژه " * 5_000) + "هاتگرام اینجاست. " + ("دنباله. " * 100_000)
    started = time.perf_counter()
    piece = snippet(near, parse_query("هاتگرام"))
    assert time.perf_counter() - started < 0.5
    assert "<mark>هاتگرام</mark>" in piece and piece.startswith("… ") and piece.endswith(" …")


def test_highlight_marks_only_the_start_of_a_long_text():
    text = "تلگرام " * 200_000
    started = time.perf_counter()
    marked = highlight(text, parse_query("تلگرام"))
    assert time.perf_counter() - started < 0.5
    assert marked.count("<mark>") <= search.HIGHLIGHT_LIMIT // 6 + 1
    assert len(marked) > len(text)  # nothing of the text is lost


def test_snippets_use_the_ellipsis_character():
    text = "آغاز " * 100 + "هاتگرام " + "پایان " * 100
    piece = snippet(text, parse_query("هاتگرام"), length=80)
    assert piece.startswith("… ") and piece.endswith(" …") and "..." not in piece


def test_phrases_are_found_in_statements_and_longer_phrases_stay_exact(make_article):
    from articles.models import Statement

    said = make_article(body="متن بی‌ربط")
    Statement.objects.create(article=said, text="شورای عالی فضای مجازی تصمیم گرفت")
    scattered = make_article(body="شورای دانشگاه. عالی بود. فضای سبز. مجازی شد. شورای عالی آمد و فضای مجازی رفت")
    assert found('"فضای مجازی"') == {said.id, scattered.id}
    assert found('"شورای عالی فضای مجازی"') == {said.id}
    assert found("شورای عالی فضای مجازی") == {said.id}  # the tight reading, plain
    assert found('پیام -"شورای عالی فضای مجازی"') == set()


def test_the_window_ranks_headline_then_lead_then_body(make_article):
    body = make_article(headline="خبر", lead="لید", body="نوا در متن")
    lead = make_article(headline="خبر", lead="نوا در لید", body="متن")
    headline = make_article(headline="نوا در تیتر", lead="لید", body="متن")
    twice = make_article(headline="نوا و باز نوا", lead="لید", body="متن", published_at=headline.published_at
                         - dt.timedelta(days=1))
    assert search.run(Article.objects.public(), parse_query("نوا")).ranked_ids() == [twice.id, headline.id, lead.id, body.id]


def test_a_phrase_in_the_headline_ranks_first(make_article):
    apart = make_article(headline="فضای سبز", lead="مجازی", body="فضای مجازی")
    side_by_side = make_article(headline="فضای مجازی امروز", body="متن", published_at=apart.published_at
                                - dt.timedelta(days=1))
    assert search.run(Article.objects.public(), parse_query('"فضای مجازی"')).ranked_ids() == [side_by_side.id, apart.id]


@pytest.mark.parametrize("cap, total", [(4, (4, False)), (10, (6, True))])
def test_a_total_asked_for_comes_with_the_window(make_article, django_assert_num_queries, monkeypatch, cap, total):
    from django.db import connection

    monkeypatch.setattr(search, "TOTAL_CAP", cap)
    for n in range(6):
        make_article(body=f"تلگرام {n}")
    make_article(body="تلگرام", status=Article.Status.DRAFT)
    found = search.run(Article.objects.public(), parse_query("تلگرام"), size=2, count=True)
    assert found.full
    # SQLite counts in the window's own walk; PostgreSQL through its index, one query more.
    with django_assert_num_queries(0 if connection.vendor == "sqlite" else 1):
        assert found.count() == total
