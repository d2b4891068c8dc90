"""Daily bulk exports: the public archive and the change log as gzip NDJSON, listed at /api/v1/exports/.

Both files of a day are read in one transaction (PostgreSQL: REPEATABLE READ,
one snapshot; SQLite: one transaction holding the database), and each export
records `since`: the change-feed position up to which the log is in the dump.
Every change missing from the archive dump was logged by a transaction still
running when the snapshot was taken, so it lies after `since`: a mirror loads
the dump, then follows `/api/v1/changes/?since=<since>` and loses nothing (a
change already in the dump may come again: an upsert of the same state).

Built by `manage.py build_exports`, which the worker runs once a day; files
live in EXPORTS_DIR, the last EXPORTS_KEEP_DAYS days of them.
"""

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone


class Export(models.Model):
    class Kind(models.TextChoices):
        ARTICLES = "articles", "آرشیو عمومی"
        CHANGES = "changes", "فهرست تغییرها"

    name = models.CharField("نام پرونده", max_length=100, unique=True)
    kind = models.CharField("نوع", max_length=10, choices=Kind.choices)
    day = models.DateField("روز")
    items = models.PositiveIntegerField("شمار سطرها", default=0)
    size = models.PositiveBigIntegerField("اندازه (بایت)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    since = models.CharField("نشانگر فهرست تغییرها", max_length=200)
    created_at = models.DateTimeField("ساخته‌شده", auto_now_add=True)

    class Meta:
        app_label = "archive_site"
        verbose_name = "برون‌دادِ روزانه"
        verbose_name_plural = "برون‌دادهای روزانه"
        ordering = ["-day", "kind"]

    def __str__(self):
        return self.name

    @property
    def path(self):
        return exports_dir() / self.name


def exports_dir():
    return Path(getattr(settings, "EXPORTS_DIR", settings.BASE_DIR / "exports"))


def exports_due(today=None):
    today = today or timezone.localdate()
    return not Export.objects.filter(kind=Export.Kind.ARTICLES, day=today).exists()


def _write(path, lines):
    """Write `lines` (dicts) as gzip NDJSON; returns (count, size, sha256)."""
    count = 0
    tmp = path.with_suffix(".part")
    # mtime=0: the same content gives the same bytes, so the checksum says what changed.
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            count += 1
    tmp.replace(path)
    digest = hashlib.sha256()
    with open(path, "rb") as done:
        for block in iter(lambda: done.read(1 << 20), b""):
            digest.update(block)
    return count, path.stat().st_size, digest.hexdigest()


def _articles(show_fields, chunk=500):
    from articles.api import ArticleSerializer, article_queryset, public_articles

    context = {"request": None, "show_fields": show_fields}  # links from SITE_URL
    ids = list(public_articles().order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), chunk):
        batch = article_queryset(public_articles().filter(pk__in=ids[start:start + chunk]), show_fields).order_by("id")
        for article in batch:
            yield ArticleSerializer(article, context=context).data


def _changes(until):
    from archive_site.api.changes import after
    from archive_site.jalali import iso_jalali
    from articles.changelog import ArticleChange

    entries = ArticleChange.objects.filter(~after(until)).order_by("txid", "id") if until else ArticleChange.objects.none()
    for entry in entries.iterator(chunk_size=2000):
        yield {"txid": entry.txid, "seq": entry.id, "type": entry.kind, "id": entry.article_id,
               "at": entry.at.isoformat(), "at_jalali": iso_jalali(entry.at)}


def build_daily_exports(today=None):
    """Build today's two exports (again, if asked twice) and drop those past EXPORTS_KEEP_DAYS; returns them."""
    from archive_site.api.changes import ORDERING, START, visible_entries
    from articles.api import DETAIL_ONLY_FIELDS, ArticleSerializer

    today = today or timezone.localdate()
    directory = exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    # One snapshot for both files; a caller's own transaction (a test's) is used as it is.
    fresh_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and fresh_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        last = visible_entries().order_by("-txid", "-id").values_list("txid", "id").first()
        until = list(last) if last else None
        since = ORDERING.encode(until or START)
        for kind, lines in (
            (Export.Kind.ARTICLES, _articles(set(ArticleSerializer.optional_fields) - set(DETAIL_ONLY_FIELDS))),
            (Export.Kind.CHANGES, _changes(until)),
        ):
            name = f"{kind}-{today.isoformat()}.ndjson.gz"
            count, size, sha = _write(directory / name, lines)
            export, _ = Export.objects.update_or_create(
                name=name, defaults={"kind": kind, "day": today, "items": count, "size": size, "sha256": sha, "since": since}
            )
            made.append(export)
    keep = getattr(settings, "EXPORTS_KEEP_DAYS", 7)
    for old in Export.objects.filter(day__lte=today - dt.timedelta(days=keep)):
        old.path.unlink(missing_ok=True)
        old.delete()
    return made
