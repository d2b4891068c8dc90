"""The change log behind the partner API's change feed: one row per changed article, written in the change's transaction.

Why a log and not `updated_at`: `updated_at` is set before commit, so a
transaction that commits late lands behind a mirror's cursor and is lost, and
a rename of a person, a desk or a platform changes what articles embed without
touching them at all.

- Every write that changes what an article shows to partners (the article, its
  links, its desk, people, organizations, platforms, its conference, its
  statements) adds a row for each affected *public* article, in the same
  transaction (see `articles.changefeed` for the signal receivers). Entity
  changes are fanned out to the articles that embed the entity: a mirror
  only ever applies one kind of entry (upsert or delete of an article) and
  needs to know nothing about how embedding works.
- Rows are read in (txid, id) order. On PostgreSQL `txid` is the writing
  transaction's id, and a reader only takes rows whose txid is older than the
  oldest transaction still running (`pg_snapshot_xmin`): every such
  transaction has ended, so no row can ever appear before a position a reader
  has passed, however long a transaction stays open. On SQLite writers are
  serialised (the database has one write lock, taken at the start of a
  transaction), so ids are in commit order and `txid` is 0.
- A row's content is the article as it is when read, so one row per article
  and transaction is enough, whatever the transaction did in between.
"""

import contextlib
import threading

from django.db import connection, models, transaction


class ArticleChange(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", "انتشار"
        UPDATED = "updated", "تغییر"
        WITHDRAWN = "withdrawn", "پس‌گرفتن"

    id = models.BigAutoField(primary_key=True)
    txid = models.BigIntegerField("تراکنش", default=0, editable=False)
    # Not a foreign key: the log outlives any row and is read without joins.
    article_id = models.BigIntegerField("خبر")
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    reason = models.CharField("علت", max_length=40, blank=True)
    at = models.DateTimeField("زمان", auto_now_add=True)

    class Meta:
        app_label = "articles"
        verbose_name = "تغییر خبر (برای آینه‌ها)"
        verbose_name_plural = "تغییرهای خبرها (برای آینه‌ها)"
        indexes = [
            models.Index(fields=["txid", "id"], name="articlechange_feed_idx"),
            models.Index(fields=["article_id", "txid", "id"], name="articlechange_article_idx"),
            models.Index(fields=["at"], name="articlechange_at_idx"),
        ]


class PendingPublication(models.Model):
    """A published article whose time has not come yet: announced in the log when it comes (see changefeed.announce_due)."""

    article_id = models.BigIntegerField(primary_key=True)

    class Meta:
        app_label = "articles"


def current_txid():
    """The running transaction's id on PostgreSQL (assigning one if needed), 0 elsewhere."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return cursor.fetchone()[0]


def visible_filter_sql(table):
    """SQL condition on `txid`: rows of ended transactions below the oldest running one; None where writes are serialised.

    A reader's own transaction counts as running; its own rows are visible to
    it (this only matters to tests, which run inside one transaction: the API
    reads outside any).
    """
    if connection.vendor == "postgresql":
        return (
            f'("{table}"."txid" < pg_snapshot_xmin(pg_current_snapshot())::text::bigint'
            f' OR "{table}"."txid" = pg_current_xact_id_if_assigned()::text::bigint)'
        )
    return None


_paused = threading.local()


@contextlib.contextmanager
def paused():
    """Write no log rows inside (a restore loads the log itself, with everything else)."""
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = False


def write(entries, *, reason):
    """Add log rows [(article_id, kind)] in the current transaction (one of its own when there is none)."""
    if not entries or getattr(_paused, "on", False):
        return
    with transaction.atomic(savepoint=False):
        txid = current_txid()
        ArticleChange.objects.bulk_create(
            [ArticleChange(txid=txid, article_id=pk, kind=kind, reason=reason[:40]) for pk, kind in entries],
            batch_size=1000,
        )
