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
        return [q["sql"] for q in captured.captured_queries]

    small, large = queries(range(1, 11)), queries(range(11, 51))
    # A new article costs its savepoint and its release, its insert and the read of its suggestions;
    # everything else is the batch's, the same whatever the number of files.
    per_file = (len(large) - len(small)) / 30
    assert per_file <= 4
    assert len(small) - 10 * per_file <= 20  # PostgreSQL adds the advisory locks and the transaction id
    # The articles the files may be: one query for the whole batch, none per file.
    lookups = [q for q in large if 'FROM "articles_article"' in q and "headline_key" in q.split("WHERE", 1)[-1]
               and "message_code" in q.split("WHERE", 1)[-1]]
    assert len(lookups) == 1
    # History versions, their links, links and change-log rows: one insert per table for the batch.
    for table in ("articles_historicalarticle", "articles_historicalarticle_platforms", "articles_article_platforms",
                  "articles_articlechange", "articles_importsuggestion_articles"):
        assert sum(q.startswith(f'INSERT INTO "{table}"') for q in large) == 1, table


@pytest.mark.django_db
def test_each_article_of_a_batch_has_its_one_imported_version_with_its_links_and_its_change_log_row():
    files = [(f"wire/{n}.txt", numbered(n).encode()) for n in range(1, 8)]
    results = list(import_many(files, index=AliasIndex.load(), batch_size=5, publish=True))
    assert {r.outcome for r in results} == {IMPORTED}
    for result in results:
        article = Article.objects.get(pk=result.article_id)
        [version] = article.history.all()
        assert version.history_type == "+"
        assert version.history_change_reason == f"ورود از فایل {result.source_name.split('/')[-1]}"
        assert version.history_user_id is None
        assert (version.headline, version.status, version.conference_id) == (article.headline, "published",
                                                                               article.conference_id)
        for relation, target in (("people", "person_id"), ("organizations", "organization_id"),
                                 ("platforms", "platform_id")):
            linked = set(getattr(article, relation).values_list("pk", flat=True))
            assert set(getattr(version, relation).values_list(target, flat=True)) == linked, relation
        assert article.platforms.exists()  # the template names platforms: the link versions above are not empty
        assert list(ArticleChange.objects.filter(article_id=article.pk).values_list("kind", "reason")) == [
            (ArticleChange.Kind.PUBLISHED, "article")
        ]


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


@pytest.mark.django_db
def test_an_update_within_the_batch_comes_after_the_created_version_and_change_log_row():
    first = numbered(1)
    corrected = first.replace("نشان مي‌دهد", "نشان داد", 1)
    results = list(import_many([("a.txt", first.encode()), ("b.txt", corrected.encode())], index=AliasIndex.load(),
                               publish=True))
    assert [r.outcome for r in results] == [IMPORTED, UPDATED]
    article = Article.objects.get()
    assert list(article.history.order_by("history_id").values_list("history_type", flat=True)) == ["+", "~"]
    assert list(ArticleChange.objects.filter(article_id=article.pk).order_by("id").values_list("kind", flat=True)) == [
        ArticleChange.Kind.PUBLISHED, ArticleChange.Kind.UPDATED,
    ]


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


@pytest.mark.django_db
def test_a_batch_of_scheduled_or_unpublished_copy_logs_nothing_until_it_is_public():
    from datetime import timedelta

    from django.utils import timezone

    from articles.changelog import PendingPublication

    index, later = AliasIndex.load(), timezone.now() + timedelta(days=1)
    scheduled = list(import_many([(f"{n}.txt", numbered(n).encode()) for n in range(1, 4)], index=index,
                                 publish=True, published_at=later))
    in_review = list(import_many([(f"{n}.txt", numbered(n).encode()) for n in range(4, 6)], index=index))
    assert {r.outcome for r in scheduled + in_review} == {IMPORTED}
    assert not ArticleChange.objects.exists()
    # Announced by changefeed.announce_due when their time comes.
    assert set(PendingPublication.objects.values_list("article_id", flat=True)) == {r.article_id for r in scheduled}
