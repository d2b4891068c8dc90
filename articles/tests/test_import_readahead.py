"""Reading copy ahead in worker processes (articles.importer.readahead): the same import, read by a worker."""

from concurrent.futures import wait

import pytest

from articles.importer import derive as derive_module
from articles.importer.batch import import_many
from articles.importer.derive import article_paragraphs
from articles.importer.linking import AliasIndex
from articles.importer.parser import parse_wire
from articles.importer.readahead import Readers, read, stored_pieces
from articles.models import Article
from articles.tests.test_import_batch import CORPUS, reports, state


@pytest.mark.django_db
def test_a_new_article_is_stored_with_the_text_the_workers_read():
    index = AliasIndex.load()
    for path in CORPUS:
        [result] = import_many([(str(path), path.read_bytes())], index=index)
        if result.failed:
            continue
        article = Article.objects.get(pk=result.article_id)
        assert stored_pieces(parse_wire(path.read_text())) == [article.headline, *article_paragraphs(article)], path


@pytest.mark.django_db
def test_a_worker_reads_what_the_writer_would_and_the_writer_takes_it(monkeypatch):
    index = AliasIndex.load()
    sources = [(str(path), path.read_bytes()) for path in CORPUS[:20]]
    inline = []
    monkeypatch.setattr(derive_module, "read", lambda *args: inline.append(args) or read(*args))
    with Readers(1, index) as readers:
        ahead = readers.submit([data for _, data in sources] + [None])  # None: a file that could not be read
        wait(ahead._futures)
        for _, data in sources:
            copy = parse_wire(data.decode())
            pieces = stored_pieces(copy)
            assert ahead.get(pieces, copy.agency) == read(pieces, copy.agency, index)
        assert ahead.get(["another text"], "") is None

        submit = readers.submit

        def ready(datas):
            ahead = submit(datas)
            wait(ahead._futures)
            return ahead

        monkeypatch.setattr(readers, "submit", ready)  # every reading done before the writer needs it
        results = list(import_many(sources, index=index, readers=readers, batch_size=8))
    assert len(inline) == sum(r.outcome != "imported" for r in results) < len(results)
    expected_reports, expected_state = reports(results), state()
    Article.objects.all().delete()
    Article.history.all().delete()
    alone = list(import_many(sources, index=index, batch_size=8))
    assert reports(alone) == expected_reports
    assert state() == expected_state
