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
from django.db import DatabaseError, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Replace
from django.utils import timezone

from archive_site.jalali import InvalidDate, parse_date
from archive_site.text import normalize_key, to_latin_digits
from articles.importer.linking import (
    ORGANIZATION,
    PERSON,
    PLATFORM,
    AliasIndex,
    detect_conference,
    extract_statements,
)
from articles.importer.parser import WireError, decode_wire, parse_wire
from articles.models import Article, PressConference, Section, Statement
from articles.signals import refresh_statements_key

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
# An existing conference with the same title is the same one only if it was
# held within this many days of the article.
CONFERENCE_MATCH_DAYS = 3
_HOURS = (("بامداد", 6), ("صبح", 10), ("بعدازظهر", 15), ("بعد از ظهر", 15), ("ظهر", 12), ("عصر", 16), ("غروب", 18), ("شب", 20))


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
    people: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    conference: dict | None = None
    statements_added: int = 0
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
    try:
        with transaction.atomic():
            _write(copy, result, publish=publish, published_at=published_at, index=index,
                   default_section=default_section or DEFAULT_SECTION_NAME)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError as error:
        result.outcome, result.error = FAILED, _validation_message(error)
    except DatabaseError as error:
        logger.exception("import of %s failed", source_name)
        result.outcome, result.error = FAILED, f"خطای پایگاه داده: {error}"
    if result.failed or (dry_run and result.outcome == IMPORTED):
        result.article_id = None  # nothing was written
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


def _write(copy, result, *, publish, published_at, index, default_section):
    agency = copy.agency
    headline_key = normalize_key(copy.headline)
    article = _existing_article(agency=agency, message_code=copy.message_code, headline_key=headline_key)
    section, section_is_new = _section(copy.dateline.desk if copy.dateline and copy.dateline.desk else default_section)
    if section_is_new and not (copy.dateline and copy.dateline.desk):
        result.warnings.append(f"گروه خبری در متن نیامده بود؛ «{section.name}» گذاشته شد.")

    fields = {
        "headline": copy.headline,
        "lead": copy.lead,
        "body": copy.body,
        "section": section,
        "agency": agency,
        "reporter": copy.dateline.reporter if copy.dateline else "",
        "dateline_city": copy.dateline.city if copy.dateline else "",
    }
    if copy.message_code:
        fields["message_code"] = copy.message_code
    is_new = article is None
    if is_new:
        article = Article(**fields, source_name=_source_name(result),
                          status=Article.Status.PUBLISHED if publish else UNPUBLISHED_STATUS,
                          published_at=published_at or timezone.now())
        changes = []
    else:
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
        article._change_reason = f"ورود از فایل {result.source_name}"[:100]
        article.save()

    pieces = [copy.headline, *copy.all_paragraphs]
    searched = "\n".join(pieces)
    mentions = index.find_all(pieces)
    people = mentions.of_kind(PERSON)
    organizations = mentions.of_kind(ORGANIZATION)
    platforms = mentions.of_kind(PLATFORM)
    for words, entities in dict(mentions.ambiguous).items():
        result.warnings.append(f"«{words}» نام چند مورد است ({'، '.join(e.name for e in entities)})؛ پیوند داده نشد.")
    roles = _roles_of([p.id for p in people], on=timezone.localtime(article.published_at).date())
    role_titles = {pid: [role.title_key for role in held] for pid, held in roles.items()}
    quotes = extract_statements(copy.all_paragraphs, index=index, role_titles=role_titles)

    # Links, the conference and statements are derived from the copy. When a
    # known article comes again with the same copy they are left as they are:
    # what an editor corrected or removed is not put back (relink_mentions adds
    # links learned later, on purpose).
    copy_changed = is_new or any(name in changes for name in ("headline", "lead", "body"))
    report, note = detect_conference(copy.all_paragraphs)
    if copy_changed:
        if _add_links(article, "people", [p.id for p in people]):
            changes.append("people")
        if _add_links(article, "organizations", [o.id for o in organizations]):
            changes.append("organizations")
        if _add_links(article, "platforms", [p.id for p in platforms]):
            changes.append("platforms")
        if note:
            result.warnings.append(note)
        if report is not None and _link_conference(
            report, article=article, result=result, index=index, roles=roles, searched_key=normalize_key(searched),
            speakers=[quote.speaker.id for quote in quotes],
        ):
            changes.append("conference")
        added = _add_statements(article, quotes, index=index)
        if added:
            changes.append("statements")
            result.statements_added = added
    elif article.conference_id:
        result.conference = _conference_summary(article.conference, is_new=False)

    if not is_new and changes:
        article.version += 1
        article._change_reason = f"ورود دوباره از فایل {result.source_name}"[:100]
        article.save()
    if is_new:
        # One history record with everything the import wrote (issue 9: a revert keeps the links).
        from articles.services import record_import_history

        record_import_history(article, source_name=result.source_name)

    result.outcome = IMPORTED if is_new else (UPDATED if changes else UNCHANGED)
    result.changes = [] if is_new else changes
    result.article_id = article.pk
    result.headline, result.agency, result.reporter = article.headline, article.agency, article.reporter
    result.city, result.message_code, result.status = article.dateline_city, article.message_code, article.status
    result.section, result.section_is_new = section.name, section_is_new
    result.people = [p.name for p in people]
    result.organizations = [o.name for o in organizations]
    result.platforms = [p.name for p in platforms]
    result.warnings = copy.warnings + result.warnings


def _source_name(result):
    return result.source_name[-255:]


def _existing_article(*, agency, message_code, headline_key):
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
    return (
        articles.filter(headline_key__startswith=headline_key.split(" ", 1)[0][:2])
        .annotate(joined_headline_key=Replace("headline_key", Value(" "), Value(""), output_field=TextField()))
        .filter(joined_headline_key=joined)
        .first()
    )


def _section(name):
    section = Section.objects.filter(name_key=normalize_key(name)).first()
    if section:
        return section, False
    return Section.objects.create(name=name), True


def _roles_of(person_ids, *, on):
    """Roles each person held on the day, by person id."""
    from people.models import Role

    held = {}
    if not person_ids:
        return held
    for role in Role.objects.filter(person_id__in=person_ids).order_by("-start_date", "pk"):
        if role.held_on(on):
            held.setdefault(role.person_id, []).append(role)
    return held


def _add_links(article, relation, ids):
    """Add the links that are missing; True when any was."""
    if not ids:
        return False
    manager = getattr(article, relation)
    existing = set(manager.values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in existing]
    if missing:
        manager.add(*missing)
    return bool(missing)


def _conference_start(time_note, published_at):
    """The start the copy implies («عصر امروز»: the afternoon of the article's day), for an editor to confirm."""
    key = normalize_key(time_note)
    words = key.split()
    if "امروز" in words:
        offset = 0
    elif "دیروز" in words:
        offset = -1
    else:
        return None
    hour = next((h for name, h in _HOURS if normalize_key(name) in key), None)
    if hour is None:
        return None
    day = timezone.localtime(published_at).date() + dt.timedelta(days=offset)
    # A suggestion for the editor who confirms the conference; not capped at
    # published_at, which is often only the copy's date (its first minute).
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _link_conference(report, *, article, result, index, roles, searched_key, speakers):
    """Link (or create, unconfirmed) the conference the copy reports; True when anything changed."""
    from people.models import Participation

    changed = False
    key = normalize_key(report.title)
    host_found = index.find(report.host_text or report.venue, kinds={ORGANIZATION}).of_kind(ORGANIZATION)
    host_id = host_found[0].id if len(host_found) == 1 else None
    starts_at = _conference_start(report.time_note, article.published_at)
    conference, is_new = None, False
    if article.conference_id:
        if article.conference.title_key == key:
            conference = article.conference
        else:
            result.warnings.append(
                f"خبر به نشست «{article.conference.title}» پیوند دارد؛ نشست «{report.title}» که در متن آمده پیوند داده نشد."
            )
            return False
    if conference is None:
        conference = _nearby_conference(key, article.published_at)
    if conference is None:
        conference = PressConference.objects.create(
            title=report.title, host_id=host_id, venue=report.venue[:300], time_note=report.time_note[:100],
            starts_at=starts_at, confirmed=False,
        )
        is_new = changed = True
    elif not conference.confirmed:
        # An unconfirmed conference is the import's own draft: fill what it lacks.
        filled = []
        for name, value in (("host_id", host_id), ("venue", report.venue[:300]), ("time_note", report.time_note[:100]),
                            ("starts_at", starts_at)):
            if value and not getattr(conference, name):
                setattr(conference, name, value)
                filled.append(name)
        if filled:
            conference.save()
            changed = True
    if article.conference_id != conference.pk:
        article.conference = conference
        Article.objects.filter(pk=article.pk).update(conference=conference)
        changed = True

    people_there = list(dict.fromkeys([*speakers, *(p.id for p in index.find(report.before, kinds={PERSON}).of_kind(PERSON))]))
    existing = set(Participation.objects.filter(conference=conference).values_list("person_id", flat=True))
    order = len(existing)
    new_participations = []
    for person_id in people_there:
        if person_id in existing:
            continue
        new_participations.append(Participation(
            conference=conference, person_id=person_id, role=_role_in_copy(roles.get(person_id, []), searched_key),
            order=order,
        ))
        order += 1
    if new_participations:
        Participation.objects.bulk_create(new_participations)
        changed = True
    result.conference = _conference_summary(conference, is_new=is_new)
    return changed


def _conference_summary(conference, *, is_new):
    return {
        "id": conference.pk, "title": conference.title, "venue": conference.venue, "time_note": conference.time_note,
        "host": conference.host.name if conference.host_id else "", "is_new": is_new, "confirmed": conference.confirmed,
    }


def _nearby_conference(title_key, when):
    candidates = list(PressConference.objects.filter(title_key=title_key).select_related("host").order_by("pk"))
    undated = [c for c in candidates if c.starts_at is None]
    dated = sorted(
        (c for c in candidates if c.starts_at is not None and abs(c.starts_at - when) <= dt.timedelta(days=CONFERENCE_MATCH_DAYS)),
        key=lambda c: abs(c.starts_at - when),
    )
    return (dated or undated or [None])[0]


def _role_in_copy(held, searched_key):
    """The role a participant held then: the one the copy names, or the only one held."""
    named = [role for role in held if role.title_key and f" {role.title_key} " in f" {searched_key} "]
    if len(named) == 1:
        return named[0]
    return held[0] if len(held) == 1 else None


def _add_statements(article, quotes, *, index):
    """Add the statements not yet recorded (by text key); returns how many were added."""
    if not quotes:
        return 0
    existing = list(Statement.objects.filter(article=article).values_list("text_key", "position"))
    known = {key for key, _ in existing}
    position = max((pos for _, pos in existing), default=-1) + 1
    new = []
    for quote in quotes:
        statement = Statement(speaker_id=quote.speaker.id, text=quote.text, article=article,
                              conference_id=article.conference_id, position=position)
        statement.text_key = normalize_key(quote.text)
        if statement.text_key in known:
            continue
        known.add(statement.text_key)
        statement.platform_ids = [p.id for p in index.find(quote.text, kinds={PLATFORM}).of_kind(PLATFORM)]
        new.append(statement)
        position += 1
    if not new:
        return 0
    # bulk_create skips save() and the post_save signal: keys were set above,
    # and the article's statements key is refreshed once below.
    Statement.objects.bulk_create(new)
    Through = Statement.platforms.through
    Through.objects.bulk_create(
        [Through(statement_id=s.pk, platform_id=pid) for s in new for pid in s.platform_ids], ignore_conflicts=True
    )
    refresh_statements_key(article.pk)
    return len(new)


# --- relinking -----------------------------------------------------------------

@dataclass
class RelinkResult:
    articles: int = 0
    articles_changed: int = 0
    links_added: int = 0


def relink_mentions(*, articles=None, index=None, chunk_size=500):
    """Link people, organizations and platforms the archive has learned of since the articles were imported.

    Run after editors add a person or an alias. Only adds links (an editor's
    own links stay); a constant number of queries per chunk of articles.
    `articles`: a queryset or iterable of articles, or None for all.
    """
    index = index if index is not None else AliasIndex.load()
    if articles is None:
        articles = Article.objects.all()
    ids = list(articles.values_list("pk", flat=True)) if hasattr(articles, "values_list") else [a.pk for a in articles]
    result = RelinkResult()
    relations = (("people", PERSON, "person_id"), ("organizations", ORGANIZATION, "organization_id"),
                 ("platforms", PLATFORM, "platform_id"))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        rows = Article.objects.filter(pk__in=chunk).values_list("pk", "headline", "lead", "body")
        found = {pk: index.find_all([headline, lead, *body.split("\n")]) for pk, headline, lead, body in rows}
        changed = set()
        with transaction.atomic():
            for relation, kind, column in relations:
                Through = getattr(Article, relation).through
                have = set(Through.objects.filter(article_id__in=chunk).values_list("article_id", column))
                new = [
                    Through(article_id=pk, **{column: entity.id})
                    for pk, mentions in found.items() for entity in mentions.of_kind(kind)
                    if (pk, entity.id) not in have
                ]
                Through.objects.bulk_create(new, ignore_conflicts=True)
                result.links_added += len(new)
                changed.update(link.article_id for link in new)
            if changed:
                # Mirrors of the archive follow updated_at: new links are a change.
                Article.objects.filter(pk__in=changed).update(updated_at=timezone.now())
        result.articles += len(found)
        result.articles_changed += len(changed)
    return result
