"""The import's write path for statements: each said thing recorded once, asserted on the rows themselves.

Through `import_article` only (the importer's internals are being rewritten):
the same quote twice in one copy, the same quote in another spelling, and the
same copy again with one new quote.
"""

import pytest

from articles.importer.linking import AliasIndex
from articles.importer.services import IMPORTED, UPDATED, import_article
from articles.models import Article, Section, Statement
from people.models import Person

DATELINE = "به گزارش خبرنگار گروه علم و فناوری ایسکانیوز، نشست برگزار شد."


def wire(*paragraphs, headline="تیتر آزمایشی گفته‌های تکراری"):
    return "\n".join([headline, "لید خبر.", DATELINE, *paragraphs, "انتهای پیام/"])


@pytest.fixture
def fattahi(db):
    Section.objects.create(name="علم و فناوری")
    return Person.objects.create(name="حمید فتاحی")


def imported(text, **options):
    result = import_article(text=text, source_name="statements.txt", index=AliasIndex.load(), **options)
    assert not result.failed, result.error
    return result


def texts(article_id):
    return list(Statement.objects.filter(article_id=article_id).order_by("position").values_list("text", "position"))


def test_a_quote_said_twice_in_one_copy_is_one_statement(fattahi):
    quote = "حمید فتاحی گفت: پیام‌رسان‌های داخلی باید بهتر شوند."
    other = "حمید فتاحی گفت: کاربران به گپ مهاجرت نکردند."
    result = imported(wire(quote, other, quote))
    assert result.outcome == IMPORTED and result.statements_added == 2
    assert texts(result.article_id) == [
        ("پیام‌رسان‌های داخلی باید بهتر شوند.", 0),
        ("کاربران به گپ مهاجرت نکردند.", 1),
    ]


def test_a_quote_in_another_spelling_is_the_same_statement(fattahi):
    # Without ZWNJ and with Arabic yeh: the same words by the archive's normalizer.
    result = imported(wire(
        "حمید فتاحی گفت: پیام‌رسان‌های داخلی باید بهتر شوند.",
        "حمید فتاحی گفت: پيامرسانهاي داخلی باید بهتر شوند.",
    ))
    assert result.statements_added == 1
    assert Statement.objects.filter(article_id=result.article_id).count() == 1


def test_new_copy_of_the_same_article_adds_only_the_new_quote(fattahi):
    first = "حمید فتاحی گفت: پیام‌رسان‌های داخلی باید بهتر شوند."
    second = "حمید فتاحی گفت: سروش نسخه تازه‌ای دارد."
    created = imported(wire(first))
    assert created.statements_added == 1
    again = imported(wire(first, second))
    assert again.article_id == created.article_id and again.outcome == UPDATED
    assert again.statements_added == 1 and "statements" in again.changes
    assert texts(created.article_id) == [
        ("پیام‌رسان‌های داخلی باید بهتر شوند.", 0),
        ("سروش نسخه تازه‌ای دارد.", 1),
    ]
    # The article's search key carries each statement once.
    statements_key = Article.objects.get(pk=created.article_id).statements_key
    assert statements_key.count("سروش") == 1
