"""Batch import (articles.importer.batch): the same result as file by file, a bounded number of queries, a file still all-or-nothing."""

import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles.importer import batch as batch_module
from articles.importer import services
from articles.importer.batch import import_many
from articles.importer.linking import AliasIndex
from articles.importer.services import FAILED, IMPORTED, UNCHANGED, UPDATED, import_article
from articles.models import ImportSuggestion, Article, ArticleChange, Statement

WIRE = Path(__file__).parent / "wire"
CORPUS = sorted((WIRE / "corpus").glob("*.txt"))
TEMPLATE = (WIRE / "isna_glued_code.txt").read_text()
HEADLINE = TEMPLATE.split("\n", 1)[0]


def numbered(n):
    """Copy n: its own headline and message code (distinct articles)."""
    text = TEMPLATE.replace(HEADLINE, f"{HEADLINE} شماره {n}", 1).replace("۴۵۶۷", f"{9000 + n}")
    # Its own lead too: a lead of eight words or more is enough to be the same article.
    return text.replace("۲۰ درصد", f"{n} درصد", 1)


def state():
    """What the archive holds, by content rather than ids."""
    return {
        "articles": sorted(Article.objects.values_list("headline_key", "message_code", "status", "section__name")),
        "people": sorted(Article.people.through.objects.values_list("article__headline_key", "person__name")),
        "organizations": sorted(Article.organizations.through.objects.values_list("article__headline_key",
                                                                                  "organization__name")),
        "platforms": sorted(Article.platforms.through.objects.values_list("article__headline_key", "platform__name")),
        "statements": sorted(Statement.objects.values_list("article__headline_key", "text_key", "position")),
        "history": sorted(Article.history.values_list("headline", "history_type")),
        "changelog": sorted(Article.objects.filter(pk__in=ArticleChange.objects.values("article_id"))
                            .values_list("headline_key", flat=True)),
    }


def reports(results):
    return [{k: v for k, v in r.report().items() if k != "article_id"} for r in results]


@pytest.mark.django_db
def test_a_batch_imports_exactly_what_files_one_by_one_import():
    files = [(str(p), p.read_bytes()) for p in CORPUS] + [(str(CORPUS[0]), CORPUS[0].read_bytes())]
    index = AliasIndex.load()
    one_by_one = [import_article(text=data.decode(), source_name=name, index=index, publish=True) for name, data in files]
    expected, expected_state = reports(one_by_one), state()
    Article.objects.all().delete()
    Article.history.all().delete()
    batched = list(import_many(files, index=AliasIndex.load(), batch_size=7, publish=True))
    assert reports(batched) == expected
    assert state() == expected_state
    assert batched[-1].outcome == UNCHANGED


@pytest.mark.django_db
def test_a_dry_run_batch_writes_nothing_and_reports_what_a_dry_run_file_by_file_does():
    files = [(str(p), p.read_bytes()) for p in CORPUS[:12]]
    index = AliasIndex.load()
    dry = list(import_many(files, index=index, dry_run=True, batch_size=5))
    assert Article.objects.count() == 0
    assert reports(dry) == reports([import_article(text=d.decode(), source_name=n, index=index, dry_run=True)
                                    for n, d in files])


@pytest.mark.django_db
def test_queries_per_file_do_not_grow_and_existing_articles_are_read_once_per_batch():
    index = AliasIndex.load()
    list(import_many([("warm.txt", numbered(0).encode())], index=index))  # desks, suggestions made once

    def queries(numbers):
        files = [(f"{n}.txt", numbered(n).encode()) for n in numbers]
        with CaptureQueriesContext(connection) as captured:
            results = list(import_many(files, index=index, batch_size=100, publish=True))
        assert {r.outcome for r in results} == {IMPORTED}
        return captured.captured_queries

    small, large = queries(range(1, 11)), queries(range(11, 51))
    # The same few queries for each file, whatever the batch holds so far.
    assert len(large) / 40 <= len(small) / 10 + 0.5
    assert len(large) / 40 <= 24  # PostgreSQL adds the advisory lock and transaction id queries
    # The articles the files may be: one query for the whole batch, none per file.
    lookups = [q["sql"] for q in large if 'FROM "articles_article"' in q["sql"] and "headline_key" in q["sql"].split("WHERE", 1)[-1]
               and "message_code" in q["sql"].split("WHERE", 1)[-1]]
    assert len(lookups) == 1


@pytest.mark.django_db
def test_a_failing_file_in_a_batch_leaves_nothing_and_the_others_are_kept(monkeypatch):
    real_derive = services.derive

    def failing(article, **kwargs):
        if "شماره 2" in article.headline:
            raise services.DatabaseError("disk full")
        return real_derive(article, **kwargs)

    monkeypatch.setattr(services, "derive", failing)
    files = [(f"{n}.txt", numbered(n).encode()) for n in range(1, 4)]
    results = list(import_many(files, index=AliasIndex.load()))
    assert [r.outcome for r in results] == [IMPORTED, FAILED, IMPORTED]
    assert results[1].article_id is None
    assert Article.objects.count() == 2
    assert not Article.objects.filter(headline__contains="شماره 2").exists()
    assert Article.history.count() == 2


@pytest.mark.django_db
def test_a_later_file_of_the_batch_updates_the_article_an_earlier_one_made():
    first = numbered(1)
    corrected = first.replace("نشان مي‌دهد", "نشان داد", 1)
    results = list(import_many([("a.txt", first.encode()), ("b.txt", corrected.encode()), ("c.txt", corrected.encode())],
                               index=AliasIndex.load()))
    assert [r.outcome for r in results] == [IMPORTED, UPDATED, UNCHANGED]
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_batch_imports_make_each_article_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    files = [(f"{n}.txt", numbered(n).encode()) for n in range(1, 9)]
    problems, outcomes = [], []
    barrier = threading.Barrier(3)

    def run(order):
        try:
            barrier.wait()
            outcomes.extend(r.outcome for r in import_many(order, index=AliasIndex.load(), batch_size=3))
        except Exception as error:  # noqa: BLE001 - reported below
            problems.append(error)
        finally:
            connections.close_all()

    orders = [files, files[::-1], files[3:] + files[:3]]
    threads = [threading.Thread(target=run, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not problems, problems
    # Never a duplicate, and no file fails: two batches creating the same new suggestion or
    # the catch-all desk at once take the row the first one committed.
    assert Article.objects.count() == 8
    assert outcomes.count(IMPORTED) == 8
    assert set(outcomes) <= {IMPORTED, UNCHANGED, UPDATED}
    assert ImportSuggestion.objects.count() == len({(s.kind, s.name_key) for s in ImportSuggestion.objects.all()})


def test_the_batch_and_the_one_file_import_match_leads_alike():
    assert batch_module.LEAD_MATCH_MIN_WORDS == services.LEAD_MATCH_MIN_WORDS
