"""python manage.py import_articles PATH... [--dry-run] [--publish] [--published-at WHEN] [--format text|json]

Thin: lists the files, hands them to articles.importer.batch.import_many (a
transaction per batch of files, a savepoint per file), prints one line per
file and a summary. Exit status 1 when any file failed.
With --format json, standard output holds only one JSON object per file per
line (ImportResult.report(), documented in the README); the summary goes to
standard error.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive_site.jalali import InvalidDate
from articles.importer.batch import import_many
from articles.importer.linking import AliasIndex
from articles.importer.readahead import Readers
from articles.importer.services import FAILED, IMPORTED, UNCHANGED, UPDATED, ImportResult, parse_published_at

# Fewer files than this are written before a worker process would pay for itself.
MIN_FILES_FOR_WORKERS = 50
_DRY_LABELS = {IMPORTED: "would import", UPDATED: "would update", UNCHANGED: "unchanged", FAILED: "failed"}


def idle_cores():
    """Cores left idle by the load and the writer itself, at most 2.

    A reader only pays on a core nothing else wants: on a busy machine it takes
    its time from the writer (measured in docs/performance.md, "Batch import").
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system: take no risk
        return 0
    return max(0, min(2, round((os.cpu_count() or 1) - load - 1)))


def wire_files(paths):
    """(path, error) pairs: each file given, and the .txt files under each folder given, in name order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
            if not found:
                yield path, "پوشه هیچ فایل .txt ندارد."
            for file in found:
                yield file, ""
        elif path.is_file():
            yield path, ""
        else:
            yield path, "چنین فایل یا پوشه‌ای نیست."


class Command(BaseCommand):
    help = "Import wire copy (files, or folders of .txt) into the archive; idempotent, atomic per file."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a wire file, or a folder of .txt files")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument("--publish", action="store_true", help="publish the articles (default: in review)")
        parser.add_argument(
            "--published-at", metavar="WHEN",
            help="publication time, Jalali or ISO: 1405-09-07, '1405-09-07 14:30', 2026-11-28T14:30 (default: now)",
        )
        parser.add_argument("--section", metavar="NAME", help="desk for copy whose dateline names none")
        parser.add_argument("--format", choices=("text", "json"), default="text",
                            help="text (default): a line per file; json: one JSON object per file per line")
        parser.add_argument(
            "--workers", type=int, default=None, metavar="N",
            help="processes that read copy ahead of the writer (default: one per idle core besides the writer's, "
                 "at most 2; 0: none)",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        published_at = None
        if options["published_at"]:
            try:
                published_at = parse_published_at(options["published_at"])
            except InvalidDate as error:
                raise CommandError(f"--published-at: {error}") from None
        files = list(wire_files(options["paths"]))
        index = AliasIndex.load()  # once per run, whatever the number of files
        workers = options["workers"]
        if workers is None:
            workers = idle_cores() if len(files) >= MIN_FILES_FOR_WORKERS else 0
        with Readers(max(0, workers), index) as readers:
            self._import(files, index, readers, options, published_at)

    def _import(self, files, index, readers, options, published_at):
        dry_run = options["dry_run"]
        counts = Counter()
        as_json = options["format"] == "json"
        show_bar = self.stdout.isatty() and len(files) > 1 and not as_json
        progress = tqdm(files, disable=not show_bar, unit="file", file=sys.stderr)
        sources = (
            (str(path), ImportResult(source_name=str(path), error=error, dry_run=dry_run) if error else self._read(path))
            for path, error in progress
        )
        results = import_many(sources, index=index, dry_run=dry_run, publish=options["publish"], readers=readers,
                              published_at=published_at, default_section=options["section"])
        for result in results:
            counts[result.outcome] += 1
            line = json.dumps(result.report(), ensure_ascii=False) if as_json else self._line(result, dry_run)
            if show_bar:
                progress.write(line)
            else:
                self.stdout.write(line)
        summary = (
            f"{'Dry run (nothing written): ' if dry_run else ''}"
            f"{counts[IMPORTED]} imported, {counts[UPDATED]} updated, {counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
        )
        (self.stderr if as_json else self.stdout).write(summary)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} file(s) failed; see the lines above.", returncode=1)

    def _read(self, path):
        """The file's bytes, or the ImportResult of a file that cannot be read."""
        limit = settings.IMPORT_MAX_FILE_BYTES
        try:
            # The size first: a huge file is refused without reading it into memory.
            size = path.stat().st_size
            if size > limit:
                return ImportResult(source_name=str(path),
                                    error=f"فایل بیش از اندازه بزرگ است ({size:,} بایت؛ بیشینه {limit:,} بایت).")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)  # the file may grow after stat()
        except OSError as error:
            return ImportResult(source_name=str(path), error=f"خواندن فایل ممکن نشد: {error.strerror}")
        return data

    def _line(self, result, dry_run):
        label = (_DRY_LABELS if dry_run else {k: k for k in _DRY_LABELS})[result.outcome]
        if result.failed:
            return self.style.ERROR(f"{label:13}{result.source_name}: {result.error}")
        where = f"#{result.article_id} " if result.article_id else ""
        detail = f" ({', '.join(result.changes)})" if result.changes else ""
        line = f"{label:13}{result.source_name} -> {where}«{result.headline}»{detail}"
        style = self.style.SUCCESS if result.outcome == IMPORTED else (self.style.WARNING if result.outcome == UPDATED else str)
        line = style(line)
        if dry_run or options_verbose(self):
            line += "\n" + "\n".join(f"    {text}" for text in describe(result))
        return line


def options_verbose(command):
    return getattr(command, "verbosity", 1) >= 2


def describe(result):
    """What the import found in the copy, one line each (dry run and -v 2)."""
    conference = result.conference
    def names(items):
        return "، ".join(item["name"] + ("" if item["known"] else " (new)") for item in items) or "-"

    lines = [
        f"desk: {result.section}{' (new)' if result.section_is_new else ''} | agency: {result.agency or '-'}"
        f" | code: {result.message_code or '-'} | status: {result.status}",
        f"people: {names(result.people)} | organizations: {names(result.organizations)}",
        f"platforms: {names(result.platforms)} | statements added: {result.statements_added}",
    ]
    if conference:
        lines.append(
            f"conference: «{conference['title']}»{' (new, unconfirmed)' if conference['is_new'] else ''}"
            f" | host: {conference['host'] or '-'} | venue: {conference['venue'] or '-'} | time: {conference['time_note'] or '-'}"
        )
    lines.extend(f"note: {warning}" for warning in result.warnings)
    return lines
