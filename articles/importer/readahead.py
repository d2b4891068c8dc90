"""Reading copy ahead of writing it, in worker processes (`import_articles --workers`).

What a file's copy names (AliasIndex.find_all) and the people and
organizations discovery finds in it (discovery.discover) are pure functions
of the article's text, and they are about a third of a file's import; the
rest is writing, in the one database connection. With a worker process on a
spare core, the worker reads the next files while the command writes the
current ones.

The writer takes a worker's reading only when it is for exactly the text it
derives from: derive() asks for (text, agency), and the worker keys what it
read by the text a new article is stored with (Article.canonicalize_text and
the pre-save hygiene). For anything else (an update, a reading not done yet)
derive() reads the copy itself, so the import's result is the same with or
without workers.

Workers are forked from the command once it has loaded the alias index and
the word lists, and never touch the database: the connection they inherit
stays the command's (a forked worker leaves with os._exit, closing nothing).
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive_site.text import strip_unsafe_chars

# Files per task: small enough that the first ones are ready while the writer starts.
CHUNK = 16

_index = None  # the worker's AliasIndex, inherited from the command


def _start_worker(index):
    global _index
    _index = index


def stored_pieces(copy):
    """The text derive() reads for a new article made from `copy`: headline, then lead and body paragraphs."""
    from articles.importer.derive import article_paragraphs
    from articles.importer.services import _display_text
    from articles.models import Article

    headline, lead, body, repairs = _display_text(copy)
    article = Article(headline=headline, lead=lead, body=body, zwnj_repairs=repairs)
    article.canonicalize_text()
    for name in ("headline", "lead", "body"):  # archive_site.apps: the hygiene every save gets
        setattr(article, name, strip_unsafe_chars(getattr(article, name)))
    return [article.headline, *article_paragraphs(article)]


def read(pieces, agency, index):
    """What derive() needs of the text: (mentions, findings)."""
    from articles.importer.discovery import discover

    return index.find_all(pieces), discover(pieces, agency=agency)


def _read_files(datas, max_bytes):
    from articles.importer.parser import WireError, decode_wire, parse_wire

    out = []
    for data in datas:
        try:
            copy = parse_wire(decode_wire(data, max_bytes=max_bytes))
        except WireError:
            continue
        pieces = stored_pieces(copy)
        out.append(((tuple(pieces), copy.agency), read(pieces, copy.agency, _index)))
    return out


def warm_up(index):
    """Load the word lists and gazetteers before forking, so workers share them instead of each loading its own."""
    read(["به گزارش ایسکانیوز، علی رضایی، مدیرعامل شرکت ارتباطات زیرساخت گفت: پیام‌رسان گپ"], "", index)


class Readers:
    """A pool of forked readers; `with Readers(workers, index) as readers:` (workers 0: no pool, all read inline)."""

    def __init__(self, workers, index):
        self.workers, self.index, self._pool = workers, index, None

    def __enter__(self):
        if self.workers > 0:
            warm_up(self.index)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start_worker, initargs=(self.index,))
            # Fork now, while the command has no other thread (a progress bar starts one).
            self._pool.submit(int).result()
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        return False

    def submit(self, datas):
        """Start reading files (their bytes); returns a ReadAhead for derive(), or None without workers."""
        from django.conf import settings

        if self._pool is None:
            return None
        datas = [d for d in datas if isinstance(d, bytes)]
        try:
            futures = [self._pool.submit(_read_files, datas[i:i + CHUNK], settings.IMPORT_MAX_FILE_BYTES)
                       for i in range(0, len(datas), CHUNK)]
        except (BrokenProcessPool, RuntimeError):
            return None  # a worker died: the writer reads the rest itself
        return ReadAhead(futures)


class ReadAhead:
    """The workers' readings of a batch, as they come in."""

    def __init__(self, futures):
        self._futures = list(futures)
        self._read = {}

    def get(self, pieces, agency):
        """(mentions, findings) for exactly this text, if a worker has read it; else None."""
        while self._futures and self._futures[0].done():
            future = self._futures.pop(0)
            if future.exception() is None:
                self._read.update(future.result())
        return self._read.pop((tuple(pieces), agency), None)

