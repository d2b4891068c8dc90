"""Importing many files: one transaction per batch of files, a savepoint per file.

A commit per file cost more than the import itself (each one an fsync), and
each file looked up the article it may already be with up to four queries.
Here a batch of files is parsed first (parsing is pure), then, in one
transaction:

- on PostgreSQL, the advisory locks of every key of the batch are taken at
  once, in the same sorted order the one-file import uses, so two imports
  (batched or not) cannot deadlock and never both create the same article;
- the articles the files may already be are read in one query;
- each file is written inside its own savepoint: a file that fails leaves
  nothing, the others of the batch are kept;
- the rows of new articles that nothing reads before the batch ends (links,
  suggestion links, history versions, change-log rows) are written together
  for the files that succeeded (articles.importer.pending), at the end of the
  batch, or before a file that may be one of those articles.

A file whose keys another file of the same batch shares, or whose candidate
an earlier file of the batch wrote, is looked up with the one-file queries,
so the result is exactly that of importing the files one by one.
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Replace

from archive_site.text import normalize_key
from articles.importer.derive import _rejected_keys
from articles.importer.parser import WireError, decode_wire, parse_wire
from articles.importer.pending import NewRows
from articles.models import Article

# Files per transaction: large enough that commits cost little, small enough
# that the locks a batch holds do not keep an editor's save waiting long.
BATCH_SIZE = 200
logger = logging.getLogger(__name__)
LEAD_MATCH_MIN_WORDS = 8  # as services.LEAD_MATCH_MIN_WORDS (kept equal by a test)


def _keys(display_text, copy):
    """The keys an article is recognised by, as services._write computes them (from the repaired text)."""
    headline, lead, _, _ = display_text
    return {"agency": copy.agency, "message_code": copy.message_code, "headline_key": normalize_key(headline),
            "lead_key": normalize_key(lead)}


def _lock_names(keys):
    """The advisory lock names of services._lock_article_keys."""
    agency, headline_key = keys["agency"], keys["headline_key"]
    names = {f"article-import:{agency}:headline:{headline_key.replace(' ', '')}"}
    if keys["message_code"]:
        names.add(f"article-import:{agency}:code:{keys['message_code']}")
    return names


def _match_keys(keys):
    """What makes two files of a batch possibly the same article."""
    agency = keys["agency"]
    out = {("headline", agency, keys["headline_key"].replace(" ", ""))}
    if keys["message_code"]:
        out.add(("code", agency, keys["message_code"]))
    if len(keys["lead_key"].split()) >= LEAD_MATCH_MIN_WORDS:
        out.add(("lead", agency, keys["lead_key"]))
    return out


class Batch:
    """What a batch of files preloaded, and what its files wrote so far."""

    def __init__(self, copies, read_ahead=None):
        from articles.importer.services import _display_text

        self.sections = {}  # (desk key, canonical key) -> Section or None, filled as files look them up
        self.desk_suggestions = {}  # desk key -> its ImportSuggestion, when it was there before the file
        self.rejected = _rejected_keys()
        self.touched = set()  # ids of articles a file of the batch wrote (or tried to)
        self.pending = NewRows()  # what the files that succeeded left for the end of the batch
        self.read_ahead = read_ahead  # what worker processes read of the files (articles.importer.readahead)
        self._keys = {}  # id(copy) -> keys
        self._display = {}  # id(copy) -> services._display_text(copy)
        seen, shared = set(), set()
        for copy in copies:
            display = self._display[id(copy)] = _display_text(copy)
            keys = self._keys[id(copy)] = _keys(display, copy)
            match = _match_keys(keys)
            shared |= match & seen
            seen |= match
        self._shared = shared
        self._lock(sorted(set().union(*(_lock_names(k) for k in self._keys.values())) if self._keys else []))
        self._candidates = self._preload(list(self._keys.values()))

    def keys_of(self, copy):
        return self._keys[id(copy)]

    def display_text(self, copy):
        return self._display[id(copy)]

    @staticmethod
    def _lock(names):
        if connection.vendor != "postgresql" or not names:
            return
        with connection.cursor() as cursor:
            # One statement, the locks taken in the array's (sorted) order.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(name, n)"
                " ORDER BY n",
                [names],
            )

    @staticmethod
    def _preload(all_keys):
        """Every article any file of the batch may be, by agency, in one locked query."""
        if not all_keys:
            return {}
        codes = {k["message_code"] for k in all_keys if k["message_code"]}
        headlines = {k["headline_key"] for k in all_keys if k["headline_key"]}
        joined = {k["headline_key"].replace(" ", "") for k in all_keys if k["headline_key"]}
        leads = {k["lead_key"] for k in all_keys if len(k["lead_key"].split()) >= LEAD_MATCH_MIN_WORDS}
        found = (
            Article.objects.select_for_update()
            .filter(agency__in={k["agency"] for k in all_keys})
            .annotate(joined_headline_key=Replace("headline_key", Value(" "), Value(""), output_field=TextField()))
            .filter(Q(message_code__in=codes) | Q(headline_key__in=headlines) | Q(lead_key__in=leads)
                    | Q(joined_headline_key__in=joined))
            .order_by("pk")
        )
        by_agency = {}
        for article in found:
            # The keys as read: a file may change the instance in memory and then be rolled back.
            article._preloaded_keys = (article.message_code, article.headline_key, article.lead_key)
            by_agency.setdefault(article.agency, []).append(article)
        return by_agency

    def existing_article(self, *, agency, message_code, headline_key, lead_key=""):
        """services._existing_article() from the preloaded candidates, or by its queries when the batch cannot tell."""
        from articles.importer.services import _existing_article

        keys = {"agency": agency, "message_code": message_code, "headline_key": headline_key, "lead_key": lead_key}
        candidates = self._candidates.get(agency, [])
        if (not headline_key or _match_keys(keys) & self._shared
                or any(a.pk in self.touched for a in candidates if _may_be(a, keys))):
            if any(_may_be(a, keys, preloaded=False) for a in self.pending.articles):
                # This file may update an article an earlier one made: its first version and
                # change-log row go before the update's, as file by file.
                self.flush()
            found = _existing_article(**keys)
        else:
            # A candidate a file of the batch wrote could be this copy only by keys
            # the two files share, which sends the file to the queries above.
            found = _first_match([a for a in candidates if a.pk not in self.touched], keys)
        if found is not None:
            self.touched.add(found.pk)
        return found

    def wrote(self, article_id):
        if article_id is not None:
            self.touched.add(article_id)

    def flush(self):
        self.pending.write()


def _may_be(article, keys, preloaded=True):
    """Whether `article` may be the copy of `keys` (a superset of _existing_article's rules)."""
    if preloaded:
        code, headline_key, lead_key = article._preloaded_keys
    else:
        code, headline_key, lead_key = article.message_code, article.headline_key, article.lead_key
    return (
        (keys["message_code"] and code == keys["message_code"])
        or headline_key.replace(" ", "") == keys["headline_key"].replace(" ", "")
        or lead_key == keys["lead_key"]
    )


def _first_match(candidates, keys):
    """The rules of services._existing_article over candidates already in primary key order."""
    code, headline_key, lead_key = keys["message_code"], keys["headline_key"], keys["lead_key"]
    if code:
        found = next((a for a in candidates if a.message_code == code), None)
        if found:
            return found
        candidates = [a for a in candidates if a.message_code == ""]
    found = next((a for a in candidates if a.headline_key == headline_key), None)
    if found:
        return found
    joined, prefix = headline_key.replace(" ", ""), headline_key.split(" ", 1)[0][:2]
    found = next(
        (a for a in candidates if a.headline_key.startswith(prefix) and a.headline_key.replace(" ", "") == joined), None
    )
    if found:
        return found
    if len(lead_key.split()) >= LEAD_MATCH_MIN_WORDS:
        return next((a for a in candidates if a.lead_key == lead_key), None)
    return None


def import_many(sources, *, batch_size=BATCH_SIZE, index, dry_run=False, readers=None, **options):
    """ImportResults for (source_name, data) pairs, in order, a batch at a time.

    `data` is the file's bytes, or an ImportResult already (a file that could
    not be read), passed through. Options as services.import_article's.
    `readers` (readahead.Readers): worker processes that read each batch's
    files, and the next batch's, while this one is written.
    """
    batches = _batches(sources, batch_size)
    if readers is None:
        for sources in batches:
            yield from _import_batch(sources, index=index, dry_run=dry_run, options=options)
        return
    current = next(batches, None)
    ahead = current and readers.submit([data for _, data in current])
    while current:
        following = next(batches, None)
        following_ahead = following and readers.submit([data for _, data in following])
        yield from _import_batch(current, index=index, dry_run=dry_run, options=options, read_ahead=ahead)
        current, ahead = following, following_ahead


def _batches(sources, size):
    batch = []
    for source in sources:
        batch.append(source)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _import_batch(sources, *, index, dry_run, options, read_ahead=None):
    from django.conf import settings

    from articles.importer.services import FAILED, ImportResult, import_copy

    results, parsed = [], []
    for source_name, data in sources:
        if isinstance(data, ImportResult):
            results.append(data)
            continue
        result = ImportResult(source_name=source_name, dry_run=dry_run)
        results.append(result)
        try:
            parsed.append((parse_wire(decode_wire(data, max_bytes=settings.IMPORT_MAX_FILE_BYTES)), result))
        except WireError as error:
            result.error = str(error)
    if not parsed:
        return results
    try:
        with transaction.atomic():
            batch = Batch([copy for copy, _ in parsed], read_ahead=read_ahead)
            for copy, result in parsed:
                import_copy(copy, result, index=index, batch=batch, **options)
                batch.wrote(result.article_id)
            batch.flush()
    except DatabaseError as error:
        # The batch's own writes (the lookup, history, change log) failed: none of its files was kept.
        logger.exception("import batch failed")
        for _, result in parsed:
            if not result.failed:
                result.outcome, result.error, result.article_id = FAILED, f"خطای پایگاه داده: {error}", None
    return results
