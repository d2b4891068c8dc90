"""The one place wire text becomes an article: the command, the admin page and relinking all call these.

import_article() parses, links and writes one file's copy in one transaction:
a file that fails leaves nothing behind, and a dry run is the same run rolled
back, so what it shows is exactly what an import would do.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Replace
from django.utils import timezone

from archive_site.jalali import InvalidDate, parse_date
from archive_site.pagecache import schedule_bump
from archive_site.text import normalize_key, to_latin_digits
from archive_site.zwnj import repair_zwnj
from articles.importer.derive import derive
from articles.importer.linking import AliasIndex
from articles.importer.parser import WireError, decode_wire, parse_wire
from articles.models import Article, ImportSuggestion, Section
from articles.changefeed import record_ids
from articles.importer.pending import NewRows
from articles.services import import_change_reason, save_article

logger = logging.getLogger(__name__)

IMPORTED, UPDATED, UNCHANGED, FAILED = "imported", "updated", "unchanged", "failed"
OUTCOME_LABELS = {IMPORTED: "واردشده", UPDATED: "به‌روزشده", UNCHANGED: "بدون تغییر", FAILED: "ناموفق"}
CHANGE_LABELS = {
    "headline": "تیتر", "lead": "لید", "body": "متن", "section": "گروه خبری", "agency": "خبرگزاری",
    "reporter": "اعتبار خبرنگار", "dateline_city": "شهر", "message_code": "کد پیام", "published_at": "زمان انتشار",
    "status": "وضعیت", "people": "اشخاص", "organizations": "سازمان‌ها", "platforms": "سکوها", "conference": "نشست خبری",
    "statements": "گفته‌ها",
}
# Imported copy waits for an editor unless the import is told to publish it.
UNPUBLISHED_STATUS = Article.Status.REVIEW
# The desk of copy whose dateline names none (another agency's, usually).
DEFAULT_SECTION_NAME = "خبرگزاری‌ها"
# A corrected headline over a lead of at least this many words is the same article.
LEAD_MATCH_MIN_WORDS = 8


@dataclass
class ImportResult:
    """What one file became (or would become, on a dry run)."""

    source_name: str
    outcome: str = FAILED
    dry_run: bool = False
    error: str = ""
    article_id: int | None = None
    headline: str = ""
    section: str = ""
    section_is_new: bool = False
    agency: str = ""
    reporter: str = ""
    city: str = ""
    message_code: str = ""
    status: str = ""
    desk: str = ""  # the desk as the copy names it
    people: list = field(default_factory=list)  # {"name", "role", "known", "id"}
    organizations: list = field(default_factory=list)  # {"name", "known", "id"}
    platforms: list = field(default_factory=list)  # {"name", "known", "id"}
    conference: dict | None = None  # the archive's conference: id, title, is_new, confirmed …
    report_conference: dict | None = None  # as the copy reports it: title, host, venue, time_note, speakers
    statements_added: int = 0
    zwnj_repairs: dict = field(default_factory=dict)
    pending_suggestions: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def failed(self):
        return self.outcome == FAILED

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def change_labels(self):
        """The changes in Persian, for editors."""
        return [CHANGE_LABELS.get(name, name) for name in self.changes]

    def report(self):
        """The machine-readable report of `import_articles --format json`: one stable object per file."""
        conference = self.report_conference
        return {
            "source": self.source_name,
            "outcome": self.outcome,
            "error": self.error or None,
            "article_id": self.article_id,
            "agency": self.agency or None,
            "section": self.desk or None,
            "archive_section": self.section or None,
            "city": self.city or None,
            "reporter": self.reporter or None,
            "message_code": self.message_code or None,
            "people": [{"name": p["name"], "role": p.get("role") or "", "known": p["known"]} for p in self.people],
            "organizations": [{"name": o["name"], "known": o["known"]} for o in self.organizations],
            "platforms": [{"name": p["name"], "known": p["known"]} for p in self.platforms],
            "conference": None if conference is None else {
                "title": conference["title"], "host": conference["host"], "venue": conference["venue"],
                "time_note": conference["time_note"], "speakers": list(conference["speakers"]),
            },
            "zwnj_repairs": len(self.zwnj_repairs),
            "warnings": list(self.warnings),
        }


class _DryRun(Exception):
    """Raised inside the transaction of a dry run to roll it back."""


_PUBLISHED_AT = re.compile(r"^\s*(?P<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[T\s]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*$")


def parse_published_at(text):
    """An aware datetime from Jalali or ISO, date or date and time, Persian or Latin digits.

    '1405-09-07', '۱۴۰۵/۰۹/۰۷ ۱۴:۳۰', '2026-11-28', '2026-11-28T14:30',
    '2026-11-28T14:30:00+03:30'. A time without an offset is Tehran time;
    a date alone is its first minute. Raises InvalidDate (Persian message).
    """
    latin = to_latin_digits(text or "").strip()
    match = _PUBLISHED_AT.match(latin)
    if not match:
        try:
            value = dt.datetime.fromisoformat(latin)
        except ValueError:
            raise InvalidDate(
                "زمان انتشار باید به شکل ۱۴۰۵-۰۹-۰۷ یا ۱۴۰۵-۰۹-۰۷ ۱۴:۳۰ (خورشیدی) یا 2026-11-28T14:30 (میلادی) باشد."
            ) from None
        if value.year < 1700 or timezone.is_naive(value):
            raise InvalidDate("زمان انتشار با منطقهٔ زمانی فقط به شکل میلادی ISO پذیرفته است.")
        return value
    day = parse_date(match.group("date"))
    hour, minute, second = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    try:
        moment = dt.datetime.combine(day, dt.time(hour, minute, second))
    except ValueError:
        raise InvalidDate("ساعت زمان انتشار نامعتبر است.") from None
    return timezone.make_aware(moment)


def import_bytes(*, data, source_name, **options):
    """import_article() for a file's bytes: decodes them, or fails with the reason."""
    try:
        text = decode_wire(data, max_bytes=settings.IMPORT_MAX_FILE_BYTES)
    except WireError as error:
        return ImportResult(source_name=source_name, error=str(error), dry_run=options.get("dry_run", False))
    return import_article(text=text, source_name=source_name, **options)


def import_article(*, text, source_name, publish=False, published_at=None, dry_run=False, index=None,
                   default_section=None):
    """Import one file's wire copy: create the article, or update the one it already is.

    The article is recognised by agency and message code, or, without a code,
    by agency and headline key; the same file again changes nothing. Never
    creates people, organizations or platforms: it links the ones the archive
    knows (build `index` once per run with AliasIndex.load()). Links, statements
    and participants are only ever added, so nothing an editor did is lost.
    """
    result = ImportResult(source_name=source_name, dry_run=dry_run)
    try:
        copy = parse_wire(text)
    except WireError as error:
        result.error = str(error)
        return result
    index = index if index is not None else AliasIndex.load()
    return import_copy(copy, result, publish=publish, published_at=published_at, index=index,
                       default_section=default_section)


def import_copy(copy, result, *, publish=False, published_at=None, index, default_section=None, batch=None):
    """Write one parsed copy in its own transaction (a savepoint inside a batch's): all of it or nothing.

    `batch` (articles.importer.batch.Batch) holds what a batch of files
    preloaded: the articles they may already be, desks, rejected names.
    """
    dry_run, new_rows = result.dry_run, NewRows()
    try:
        with transaction.atomic():
            _write(copy, result, publish=publish, published_at=published_at, index=index,
                   default_section=default_section or DEFAULT_SECTION_NAME, batch=batch, new_rows=new_rows)
            if batch is None:
                new_rows.write()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError as error:
        result.outcome, result.error = FAILED, _validation_message(error)
    except IntegrityError:
        # Another import (or an editor) saved the same article at the same moment.
        logger.warning("import of %s collided with a concurrent write", result.source_name)
        result.outcome, result.error = FAILED, (
            "همین خبر هم‌زمان از راه دیگری (ورود دیگر یا ویرایشگر) ذخیره شد؛ چیزی از این فایل نوشته نشد. "
            "فایل را دوباره وارد کنید تا به همان خبر افزوده شود."
        )
    except DatabaseError as error:
        logger.exception("import of %s failed", result.source_name)
        result.outcome, result.error = FAILED, f"خطای پایگاه داده: {error}"
    if result.failed or (dry_run and result.outcome == IMPORTED):
        result.article_id = None  # nothing was written
    elif batch is not None and not dry_run:
        batch.pending.extend(new_rows)  # written with the batch's (articles.importer.pending)
    return result


def _validation_message(error):
    if not hasattr(error, "error_dict"):
        return "؛ ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = Article._meta.get_field(name).verbose_name
        except Exception:
            label = name
        parts.extend(f"{label}: {message}" for message in messages)
    return "؛ ".join(parts)


def _write(copy, result, *, publish, published_at, index, default_section, new_rows, batch=None):
    """Write the copy; what a new article leaves for later goes into `new_rows` (articles.importer.pending)."""
    agency = copy.agency
    headline, lead, body, repairs = batch.display_text(copy) if batch else _display_text(copy)
    keys = {"agency": agency, "message_code": copy.message_code, "headline_key": normalize_key(headline),
            "lead_key": normalize_key(lead)}
    article = batch.existing_article(**keys) if batch else _existing_article(**keys)
    section, section_is_new = _section(copy, default_section, result, batch=batch)
    fields = {
        "headline": headline,
        "lead": lead,
        "body": body,
        "section": section,
        "agency": agency,
        "reporter": copy.dateline.reporter if copy.dateline else "",
        "dateline_city": copy.dateline.city if copy.dateline else "",
    }
    if copy.message_code:
        fields["message_code"] = copy.message_code
    is_new = article is None
    if is_new:
        article = Article(**fields, source_name=_source_name(result), zwnj_repairs=repairs,
                          status=Article.Status.PUBLISHED if publish else UNPUBLISHED_STATUS,
                          published_at=published_at or timezone.now())
        changes = []
    else:
        if not article.zwnj_repair:
            # The editor turned the repair off for this article: compare with the copy as received.
            fields.update(headline=copy.headline, lead=copy.lead, body=copy.body)
        elif repairs != article.zwnj_repairs:
            article.zwnj_repairs = repairs
        changes = [name for name, value in fields.items() if getattr(article, name) != value]
        for name in changes:
            setattr(article, name, fields[name])
        if published_at and article.published_at != published_at:
            article.published_at = published_at
            changes.append("published_at")
        if publish and article.status in (Article.Status.DRAFT, Article.Status.REVIEW):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            changes.append("status")
        elif publish and article.status == Article.Status.WITHDRAWN:
            result.warnings.append("خبر پس‌گرفته است و دوباره منتشر نشد.")
        if changes:
            article.source_name = _source_name(result)
    article.full_clean(exclude=["section", "conference", "slug"], validate_unique=False, validate_constraints=False)
    if is_new:
        # Its history version and change-log row are written once it is linked (new_rows.write()).
        article.skip_history_when_saving = True
        article._defer_change_log = True
        article.save()
        del article.skip_history_when_saving, article._defer_change_log

    # Links, the conference and statements are derived from the text. When a
    # known article comes again with the same copy they are left as they are:
    # what an editor corrected or removed is not put back.
    copy_changed = is_new or any(name in changes for name in ("headline", "lead", "body"))
    derived = derive(article, index=index, copy_changed=copy_changed, rejected=batch.rejected if batch else None,
                     is_new=is_new, new_rows=new_rows if is_new else None, read_ahead=batch.read_ahead if batch else None)
    if is_new:
        # The desk it names, for when an editor decides.
        new_rows.suggestion_links += [(s.pk, article.pk) for s in result.pending_suggestions]
    else:
        for suggestion in result.pending_suggestions:
            suggestion.articles.add(article)
    if copy_changed:
        changes.extend(derived.changes)

    if not is_new and changes:
        save_article(article=article, by=None, expected_version=article.version,
                     reason=f"ورود دوباره از فایل {result.source_name}"[:100])
    if is_new:
        # The version holds everything the import wrote (issue 9: a revert keeps the links).
        article._change_reason = import_change_reason(result.source_name)
        article._history_date = timezone.now()
        new_rows.articles.append(article)

    result.outcome = IMPORTED if is_new else (UPDATED if changes else UNCHANGED)
    result.changes = [] if is_new else list(dict.fromkeys(changes))
    result.article_id = article.pk
    result.headline, result.agency, result.reporter = article.headline, article.agency, article.reporter
    result.city, result.message_code, result.status = article.dateline_city, article.message_code, article.status
    result.desk = copy.dateline.desk if copy.dateline and copy.dateline.desk else ""
    result.section, result.section_is_new = section.name, section_is_new
    result.people, result.organizations, result.platforms = derived.people, derived.organizations, derived.platforms
    result.report_conference = derived.conference
    result.conference = derived.conference_summary or (
        _conference_summary(article.conference) if article.conference_id else None
    )
    result.statements_added = derived.statements_added
    result.zwnj_repairs = repairs if article.zwnj_repair else {}
    result.warnings = copy.warnings + result.warnings + derived.warnings


def _display_text(copy):
    """Headline, lead and body for display, with lost ZWNJs repaired; and the repairs made."""
    repairs = {}
    out = []
    for text in (copy.headline, copy.lead, copy.body):
        repaired, made = repair_zwnj(text)
        repairs.update(made)
        out.append(repaired)
    return (*out, repairs)


def _source_name(result):
    return result.source_name[-255:]


def _lock_article_keys(*, agency, message_code, headline_key):
    """On PostgreSQL, serialise imports of the same copy until this file's transaction ends.

    select_for_update() cannot lock a row that does not exist yet: two imports
    of new copy at once would both find nothing and both create it. A
    transaction-level advisory lock on each key the article is recognised by
    (in a fixed order, so two imports cannot deadlock) makes the second wait
    and then find the first one's article. SQLite's IMMEDIATE transactions
    already serialise writers.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    keys = {f"article-import:{agency}:headline:{headline_key.replace(' ', '')}"}
    if message_code:
        keys.add(f"article-import:{agency}:code:{message_code}")
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _existing_article(*, agency, message_code, headline_key, lead_key=""):
    """The article this copy already is: same agency and message code, or same headline, or same lead."""
    _lock_article_keys(agency=agency, message_code=message_code, headline_key=headline_key)
    articles = Article.objects.select_for_update().order_by("pk").filter(agency=agency)
    if message_code:
        found = articles.filter(message_code=message_code).first()
        if found:
            return found
        # Copy imported before without its code is the same article.
        articles = articles.filter(message_code="")
    found = articles.filter(headline_key=headline_key).first()
    if found or not headline_key:
        return found
    # The same headline with a space where the other copy had a ZWNJ or
    # nothing («پیام رسان» / «پیام‌رسان»): keys that differ only in spaces.
    joined = headline_key.replace(" ", "")
    found = (
        articles.filter(headline_key__startswith=headline_key.split(" ", 1)[0][:2])
        .annotate(joined_headline_key=Replace("headline_key", Value(" "), Value(""), output_field=TextField()))
        .filter(joined_headline_key=joined)
        .first()
    )
    if found:
        return found
    # A corrected headline over the same lead is the same report, updated in place.
    if len(lead_key.split()) >= LEAD_MATCH_MIN_WORDS:
        return articles.filter(lead_key=lead_key).first()
    return None


def _section(copy, default_section, result, batch=None):
    """The archive's desk for the copy: by name, desk alias or the usual forms; an unknown desk is suggested."""
    from articles.importer.lexicon import DESK_KEYS

    desk = copy.dateline.desk if copy.dateline and copy.dateline.desk else ""
    if desk:
        key = normalize_key(desk)
        canonical = normalize_key(DESK_KEYS.get(key, desk))
        if batch and (key, canonical) in batch.sections:
            section = batch.sections[(key, canonical)]
        else:
            section = (
                Section.objects.filter(name_key__in={key, canonical}).first()
                or Section.objects.filter(aliases__key__in={key, canonical}).first()
            )
            if batch and (section or normalize_key(default_section) not in (key, canonical)):
                # Desks exist before a batch and a file never deletes one: found or not, the answer
                # holds for the batch (only the catch-all desk may be made by a file, and rolled back).
                batch.sections[(key, canonical)] = section
        if section:
            return section, False
        suggestion = batch.desk_suggestions.get(key) if batch else None
        if suggestion is None:
            suggestion, created = ImportSuggestion.objects.get_or_create(
                kind=ImportSuggestion.Kind.SECTION, name_key=key,
                defaults={"name": desk[:200], "evidence": copy.dateline.source},
            )
            if batch and not created:
                batch.desk_suggestions[key] = suggestion  # there before this file: kept whatever the file does
        result.pending_suggestions.append(suggestion)
        if suggestion.status != ImportSuggestion.Status.REJECTED:
            result.warnings.append(
                f"گروه خبری «{desk}» در آرشیو نیست؛ پیشنهاد آن برای دبیران ثبت شد و خبر در «{default_section}» ماند."
            )
    default_key = (normalize_key(default_section), None)
    section = (batch.sections.get(default_key) if batch else None) or (
        Section.objects.filter(name_key=default_key[0]).first()
    )
    if section:
        if batch:
            batch.sections[default_key] = section
        return section, False
    if not desk:
        result.warnings.append(f"گروه خبری در متن نیامده بود؛ «{default_section}» گذاشته شد.")
    # get_or_create: two batches at once may both find the catch-all desk missing; the second one
    # takes the desk the first committed instead of failing its file.
    return Section.objects.get_or_create(name_key=default_key[0], defaults={"name": default_section})


def _conference_summary(conference):
    return {
        "id": conference.pk, "title": conference.title, "venue": conference.venue, "time_note": conference.time_note,
        "host": conference.host.name if conference.host_id else "", "is_new": False, "confirmed": conference.confirmed,
    }


# --- relinking -----------------------------------------------------------------

@dataclass
class RelinkResult:
    articles: int = 0
    articles_changed: int = 0
    links_added: int = 0


def relink_mentions(*, articles=None, index=None, chunk_size=200):
    """Re-derive links, statements and participants after editors add a person, an alias or accept a suggestion.

    The same derive() as the import, on the stored text: it only adds what is
    missing, and never puts back a link an editor removed.
    `articles`: a queryset or iterable of articles, or None for all.
    """
    index = index if index is not None else AliasIndex.load()
    if articles is None:
        articles = Article.objects.all()
    ids = list(articles.values_list("pk", flat=True)) if hasattr(articles, "values_list") else [a.pk for a in articles]
    result = RelinkResult()
    relations = ("people", "organizations", "platforms")
    for start in range(0, len(ids), chunk_size):
        chunk = Article.objects.filter(pk__in=ids[start:start + chunk_size]).select_related("conference")
        for article in chunk:
            with transaction.atomic():
                before = {r: getattr(article, r).count() for r in relations}
                derived = derive(article, index=index, copy_changed=False)
                added = sum(getattr(article, r).count() - before[r] for r in relations)
                if derived.changes:
                    # Mirrors of the archive follow updated_at: new links are a change.
                    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
                    # update() sends no signal: log the change for the API's change feed here.
                    record_ids([article.pk], reason="relink")
                    # update() sends no signal: tell the page cache (archive_site.pagecache).
                    schedule_bump()
                    result.articles_changed += 1
                result.links_added += added
            result.articles += 1
    return result
