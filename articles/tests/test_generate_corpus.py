"""manage.py generate_corpus: realistic copy, keys as save() makes them, the search index built at the end."""

import pytest
from django.core.management import CommandError, call_command

from archive_site.search import parse_query, search_articles
from archive_site.text import ZWNJ

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRST_RUN_HEADLINES = {}  # filled by the first parametrized run, checked by the second


@pytest.mark.parametrize("workers", [1, 2])
def test_generates_a_searchable_archive_with_keys_as_save_makes_them(client, workers):
    """With two workers PostgreSQL writes batches side by side (SQLite in turn): the same archive either way."""
    from articles.models import Article, PressConference, Statement
    from people.models import Person, Role

    call_command("generate_corpus", articles=300, batch=60, workers=workers, verbosity=0)
    assert Article.objects.count() == 300
    assert sorted(Article.objects.values_list("pk", flat=True)) == list(range(1, 301))
    # Each batch draws from its own seeded stream: which process wrote it changes nothing.
    assert Article.objects.get(pk=137).headline == FIRST_RUN_HEADLINES.setdefault(137, Article.objects.get(pk=137).headline)
    assert Article.objects.public().count() > 250
    # Drafts, articles in review, withdrawn and scheduled ones, as a real archive has.
    assert {"draft", "review", "withdrawn", "published"} <= set(Article.objects.values_list("status", flat=True))
    assert Person.objects.count() >= 200 and Role.objects.exists()
    assert PressConference.objects.exists() and Statement.objects.exists()
    assert Article.people.through.objects.exists() and Article.platforms.through.objects.exists()
    for article in Article.objects.order_by("?")[:25]:
        fresh = Article(headline=article.headline, lead=article.lead, body=article.body)
        fresh.refresh_keys()
        assert (article.headline_key, article.lead_key, article.body_key, article.compound_key) == (
            fresh.headline_key, fresh.lead_key, fresh.body_key, fresh.compound_key
        )
    statement = Statement.objects.select_related("article").first()
    assert statement.text_key in statement.article.statements_key
    # Spelling variants of real copy: lost ZWNJ, Arabic yeh/kaf, several kinds of digits.
    text = " ".join(Article.objects.values_list("body", flat=True))
    assert ZWNJ in text and "ي" in text and "ك" in text and "پیامرسان" in text
    # The index was built once at the end: search finds a word however it is spelled.
    public = Article.objects.public()
    typed = search_articles(public, parse_query("پیام‌رسان")).count()
    # (How the two readings differ at the edges is the search's business, not the generator's.)
    assert typed > 0 and search_articles(public, parse_query("پيامرسان")).count() >= typed * 0.9
    # Dates span the years.
    years = {a.published_at.year for a in public}
    assert max(years) - min(years) >= 15
    # New rows after it get their own ids and index entries (sequences moved on, triggers back).
    from articles.models import Section

    added = Article.objects.create(headline="خبر تازه کهربا", section=Section.objects.first(), status="draft")
    assert added.pk > 300
    assert search_articles(Article.objects.all(), parse_query("کهربا")).count() == 1
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'articles_article' AND indexdef ILIKE '%% USING gin %%'")
            assert cursor.fetchone()[0] >= 1, "the GIN index was built again at the end"
    article = public.first()
    assert client.get(article.get_absolute_url(), secure=True).status_code == 200


def test_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("generate_corpus", articles=0, verbosity=0)
