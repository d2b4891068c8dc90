"""Two imports of the same copy at the same moment make one article, on PostgreSQL, with or without a message code."""

import threading
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, connections

from articles.importer import services
from articles.importer.services import FAILED, IMPORTED, UNCHANGED, import_article
from articles.models import Article

WIRE = Path(__file__).parent / "wire"
WITH_CODE = (WIRE / "isna_glued_code.txt").read_text()
# The same copy without its footer's code: recognised by agency and headline only.
WITHOUT_CODE = WITH_CODE.replace("انتهای پیام/ ۴۵۶۷", "انتهای پیام/")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def import_at_once(text, workers=4):
    barrier = threading.Barrier(workers)
    results, problems = [], []

    def run(n):
        try:
            barrier.wait()
            results.append(import_article(text=text, source_name=f"copy-{n}.txt"))
        except Exception as error:  # noqa: BLE001 - reported below
            problems.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not problems, problems
    return results


@pytest.mark.parametrize("text", [WITHOUT_CODE, WITH_CODE], ids=["without-code", "with-code"])
def test_concurrent_imports_of_the_same_copy_make_one_article(text):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers (IMMEDIATE transactions); the race is PostgreSQL's")
    for _ in range(3):  # the race showed in 9 of 10 trials before the lock
        Article.objects.all().delete()
        results = import_at_once(text)
        outcomes = sorted(result.outcome for result in results)
        assert outcomes == [IMPORTED] + [UNCHANGED] * (len(results) - 1), [r.error for r in results]
        assert Article.objects.count() == 1


def test_a_collision_is_reported_in_persian(monkeypatch, db):
    def collide(*args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "article_unique_agency_message_code"')

    monkeypatch.setattr(services, "_write", collide)
    result = import_article(text=WITH_CODE, source_name="late.txt")
    assert result.outcome == FAILED
    assert "هم‌زمان" in result.error and "duplicate key" not in result.error
