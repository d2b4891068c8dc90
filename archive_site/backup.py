"""Backups: one file with the whole archive (data and uploaded media), restorable on either database.

The file is a gzipped tar:

    manifest.json   format, time, database it came from, migrations applied, rows per model
    data.json       every row, Django's JSON serialization with natural foreign keys
    media/...       the uploaded files under MEDIA_ROOT

Natural foreign keys make content types and permissions (which `migrate`
creates, with ids that differ between installations) portable, so a backup
taken on SQLite restores on PostgreSQL and the other way round. The dump is
read in one transaction (REPEATABLE READ on PostgreSQL), so editors saving
meanwhile cannot make it inconsistent.
"""

import datetime as dt
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "press-archive-backup/1"
# Made by `migrate` itself (content types, permissions) or short-lived
# (sessions; axes' sign-in attempts): not part of the archive.
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session",
            "axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}
# The archive's own content: a restore refuses to overwrite an installation holding any.
CONTENT_MODELS = ("articles.Article", "articles.PressConference", "people.Person", "people.Organization",
                  "archive_site.APIKey")


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds (Django's cuts them to milliseconds,
    and a restored archive must equal the original, to the microsecond)."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A Persian explanation of why a backup or restore cannot go on."""


def backed_up_models():
    """Every model whose rows belong in a backup (many-to-many links travel inside their model's rows)."""
    return [model for model in apps.get_models()
            if model._meta.label_lower not in EXCLUDED and not model._meta.proxy and model._meta.managed]


def serialize_all(using=DEFAULT_DB_ALIAS):
    """Every row as Django's serialized dicts, in a stable order: what a round trip must give back."""
    rows = []
    for model in backed_up_models():
        queryset = model._default_manager.using(using).order_by("pk")
        rows.extend(serializers.serialize("python", queryset, use_natural_foreign_keys=True))
    return rows


def _applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _media_root():
    return Path(settings.MEDIA_ROOT) if getattr(settings, "MEDIA_ROOT", "") else None


def create_backup(path, using=DEFAULT_DB_ALIAS):
    """Write the backup file at `path`; returns the manifest."""
    path = Path(path)
    connection = connections[using]
    with tempfile.TemporaryDirectory() as work:
        data_path = Path(work) / "data.json"
        counts = {}
        # A snapshot of one moment (only possible as the transaction's first statement).
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic(using=using):
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            with data_path.open("w", encoding="utf-8") as out:
                out.write("[")
                first = True
                for model in backed_up_models():
                    queryset = model._default_manager.using(using).order_by("pk")
                    counts[model._meta.label_lower] = 0
                    for start in range(0, 10**12, 2000):
                        chunk = list(queryset[start:start + 2000])
                        if not chunk:
                            break
                        for row in serializers.serialize("python", chunk, use_natural_foreign_keys=True):
                            out.write(("" if first else ",") + "\n" + json.dumps(row, cls=ExactJSONEncoder, ensure_ascii=False))
                            first = False
                        counts[model._meta.label_lower] += len(chunk)
                out.write("\n]\n")
            applied = _applied_migrations(connection)
        manifest = {
            "format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(), "database": connection.vendor,
            "migrations": applied, "rows": counts, "media": [],
        }
        tmp_target = path.with_name(path.name + ".partial")
        with tarfile.open(tmp_target, "w:gz") as archive:
            archive.add(data_path, arcname="data.json")
            media = _media_root()
            if media and media.is_dir():
                for file in sorted(p for p in media.rglob("*") if p.is_file()):
                    relative = file.relative_to(media).as_posix()
                    archive.add(file, arcname=f"media/{relative}")
                    manifest["media"].append(relative)
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
        os.replace(tmp_target, path)  # a crash mid-way never leaves a truncated backup under the real name
    return manifest


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError("این فایل پشتیبان آرشیو نیست (manifest.json ندارد).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"قالب پشتیبان ناشناخته است: {manifest.get('format')!r}.")
    return manifest


def installation_is_empty(using=DEFAULT_DB_ALIAS):
    return not any(apps.get_model(label)._default_manager.using(using).exists() for label in CONTENT_MODELS)


def restore_backup(path, using=DEFAULT_DB_ALIAS, *, replace=False):
    """Bring this installation to the backup's state (data and media); returns the manifest.

    Refuses an installation that holds archive content unless `replace`. The
    rows `migrate` made (desks, groups, well-known platforms) are replaced by
    the backup's, all in one transaction: a failure leaves the database as it was.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"فایل پشتیبان «{path}» پیدا نشد.")
    connection = connections[using]
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"فایل پشتیبان خوانده نشد: {error}") from error
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        missing = sorted(set(manifest["migrations"]) - set(_applied_migrations(connection)))
        if missing:
            raise BackupError(
                "پشتیبان از نسخهٔ تازه‌تری از آرشیو است؛ نخست کد را به‌روز و migrate کنید. کوچ‌های نبوده: "
                + "، ".join(missing[:5])
            )
        if not replace and not installation_is_empty(using):
            raise BackupError("این نصب خالی نیست (خبر، شخص یا کلید دارد)؛ برای جایگزینی همه‌چیز --replace را بدهید.")
        archive.extract("data.json", work, filter="data")
        media_members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        # Loading writes links (m2m) and rows whose signals would log new history and change-feed
        # entries: the backup holds those already, so the load writes nothing but what it holds.
        from django.test.utils import override_settings

        from articles.changelog import paused

        with transaction.atomic(using=using), override_settings(SIMPLE_HISTORY_ENABLED=False), paused():
            _delete_everything(using)
            call_command("loaddata", str(Path(work) / "data.json"), database=using, verbosity=0)
        media = _media_root()
        if media is not None and media_members:
            staging = Path(work) / "restored"
            archive.extractall(staging, members=media_members, filter="data")
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(staging / "media", media, dirs_exist_ok=True)
    return manifest


def _delete_everything(using):
    """Empty every backed-up table (children first, so no foreign key is left dangling)."""
    connection = connections[using]
    models = backed_up_models()
    tables = [model._meta.db_table for model in models]
    # The many-to-many link tables of those models go too (loaddata writes them back).
    tables += [field.remote_field.through._meta.db_table for model in models for field in model._meta.local_many_to_many
               if field.remote_field.through._meta.auto_created]
    # Foreign keys are deferred on both databases: rows may go in any order, and
    # by the end of the transaction the backup's rows satisfy them again.
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
