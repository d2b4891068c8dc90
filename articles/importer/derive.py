"""What an article's text says, written to the archive: links, suggestions, its conference, statements.

derive() runs on an article's stored text, so the import, relinking and an
editor's acceptance of a suggestion all re-derive the same way:

- known people, organizations and platforms are linked (never one an editor
  removed: RemovedLink);
- names the archive does not know become ImportSuggestions with their
  evidence, unless an editor rejected them before;
- a reported press conference is linked or created unconfirmed, with its
  known speakers as participants;
- quotes of known people become statements; statements the import made
  before and the text no longer holds are replaced.

Returns a Derived with what was found, known and not, for the import report.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from archive_site.text import normalize_key
from articles.importer.discovery import FoundPerson, conference_speakers
from articles.importer.linking import ORGANIZATION, PERSON, PLATFORM, detect_conference, extract_statements
from articles.importer.readahead import read
from articles.models import Article, ImportSuggestion, PressConference, RemovedLink, Statement
from articles.signals import refresh_statements_key

RELATIONS = {PERSON: "people", ORGANIZATION: "organizations", PLATFORM: "platforms"}
# An existing conference is the same one only if held within this many days of the article.
CONFERENCE_MATCH_DAYS = 3
_HOURS = (("بامداد", 6), ("صبح", 10), ("بعدازظهر", 15), ("بعد از ظهر", 15), ("پیش از ظهر", 11), ("ظهر", 12),
          ("عصر", 16), ("غروب", 18), ("شب", 20))


@dataclass
class Derived:
    people: list = field(default_factory=list)  # {"name", "role", "known", "id"}
    organizations: list = field(default_factory=list)  # {"name", "known", "id"}
    platforms: list = field(default_factory=list)  # {"name", "known", "id"}
    conference: dict | None = None  # report form: title, host, venue, time_note, speakers
    conference_summary: dict | None = None  # the archive's conference: id, is_new, confirmed …
    changes: list = field(default_factory=list)
    statements_added: int = 0
    warnings: list = field(default_factory=list)


def article_paragraphs(article):
    """The article's text as the import reads it: lead and body paragraphs (the headline apart)."""
    return [p for p in [article.lead, *article.body.split("\n")] if p.strip()]


def derive(article, *, index, copy_changed=True, rejected=None, is_new=False, new_rows=None, read_ahead=None):
    """Link, suggest, find the conference and statements in `article`'s text; returns a Derived.

    `rejected`: the rejected suggestion keys, when a batch read them once.
    `is_new`: the article was created in this transaction, so it has no links,
    removed links or statements yet; its links and suggestion links go into
    `new_rows` (articles.importer.pending.NewRows), which the import writes
    with the article's one history version and change-log row when the file
    (or its batch) is done. Without `new_rows` they are written here.
    `read_ahead`: what worker processes read of the batch's copy (articles.importer.readahead).
    """
    if is_new and new_rows is None:
        from articles.importer.pending import NewRows

        rows = NewRows()
        derived = derive(article, index=index, copy_changed=copy_changed, rejected=rejected, is_new=True, new_rows=rows,
                         read_ahead=read_ahead)
        rows.write()
        return derived
    derived = Derived()
    paragraphs = article_paragraphs(article)
    pieces = [article.headline, *paragraphs]
    mentions, findings = (read_ahead and read_ahead.get(pieces, article.agency)) or read(pieces, article.agency, index)
    for words, entities in dict(mentions.ambiguous).items():
        derived.warnings.append(f"«{words}» نام چند مورد است ({'، '.join(e.name for e in entities)})؛ پیوند داده نشد.")
    rejected = rejected if rejected is not None else _rejected_keys()

    people = _people(mentions, findings, index, rejected, derived)
    organizations = _organizations(mentions, findings, index, rejected, derived)
    platforms = mentions.of_kind(PLATFORM)
    derived.platforms = [{"name": p.name, "known": True, "id": p.id} for p in platforms]

    removed = set() if is_new else set(RemovedLink.objects.filter(article=article).values_list("kind", "object_id"))
    for kind, entities in ((PERSON, people), (ORGANIZATION, organizations), (PLATFORM, platforms)):
        relation = RELATIONS[kind]
        ids = [e.id for e in entities if (relation, e.id) not in removed]
        if _add_new_links(article, relation, ids, new_rows) if is_new else _add_links(article, relation, ids):
            derived.changes.append(relation)

    _suggest(article, derived, findings, new_rows=new_rows if is_new else None)

    known_people = {p.id: p for p in people}
    roles = _roles_of(list(known_people), on=timezone.localtime(article.published_at or timezone.now()).date())
    role_titles = {pid: [role.title_key for role in held] for pid, held in roles.items()}
    quotes = extract_statements(paragraphs, index=index, role_titles=role_titles)

    report, note = detect_conference(paragraphs)
    if note:
        derived.warnings.append(note)
    if report is not None:
        speakers = _speakers(report, findings, derived, index)
        derived.conference = {
            "title": report.title, "host": _host_name(report, index), "venue": report.venue, "time_note": report.time_note,
            "speakers": [s.name for s in speakers],
        }
        speaker_ids = [index_person(index, s) for s in speakers]
        # A relink fills in an existing conference (participants, host); only an import creates one.
        if copy_changed or article.conference_id:
            if _link_conference(report, article=article, derived=derived, index=index, roles=roles,
                                speakers=[pid for pid in speaker_ids if pid] + [q.speaker.id for q in quotes]):
                derived.changes.append("conference")
    added, removed_stale = _write_statements(article, quotes, index=index, replace=copy_changed, is_new=is_new)
    derived.statements_added = added
    if added or removed_stale:
        derived.changes.append("statements")
    return derived


def index_person(index, found):
    """The id of the known person a FoundPerson is, or None."""
    entities = index.lookup(found.name, kind=PERSON)
    return entities[0].id if len(entities) == 1 else None


# --- people and organizations ---------------------------------------------------------

def _people(mentions, findings, index, rejected, derived):
    known = mentions.of_kind(PERSON)
    roles = {p.key: p.role for p in findings.people}
    reported = set()
    for entity in known:
        role = roles.get(normalize_key(entity.name), "")
        derived.people.append({"name": entity.name, "role": role, "known": True, "id": entity.id})
        reported.add(entity.id)
    for person in findings.people:
        entities = index.lookup(person.name, kind=PERSON)
        if len(entities) == 1:
            if entities[0].id not in reported:  # found in full by discovery, by a name the index also knows
                derived.people.append({"name": entities[0].name, "role": person.role, "known": True, "id": entities[0].id})
                reported.add(entities[0].id)
                known.append(entities[0])
            continue
        if ("person", person.key) in rejected or _is_known_surname(person, known):
            continue
        derived.people.append({"name": person.name, "role": person.role, "known": False, "id": None})
    return known


def _is_known_surname(person, known):
    """«فتاحی» alone, in an article that links «حمید فتاحی»: the same person, not a new one."""
    if " " in person.key:
        return False
    return any(normalize_key(e.name).split()[-1] == person.key for e in known)


def _organizations(mentions, findings, index, rejected, derived):
    known = mentions.of_kind(ORGANIZATION)
    known_keys = [normalize_key(e.name) for e in known]
    reported = {e.id for e in known}
    for entity in known:
        derived.organizations.append({"name": entity.name, "known": True, "id": entity.id})
    for org in findings.organizations:
        entities = index.lookup(org.name, kind=ORGANIZATION)
        if len(entities) == 1:
            if entities[0].id not in reported:
                derived.organizations.append({"name": entities[0].name, "known": True, "id": entities[0].id})
                reported.add(entities[0].id)
                known.append(entities[0])
            continue
        # «وزارت ارتباطات وظایف …»: a known name with words of the sentence after it is that body.
        if any(org.key.startswith(k + " ") or org.key == k for k in known_keys) or _known_prefix(index, org.key):
            continue
        if ("organization", org.key) in rejected:
            continue
        derived.organizations.append({"name": org.name, "known": False, "id": None})
    return known


def _known_prefix(index, key):
    words = key.split()
    return any(index.lookup(" ".join(words[:size]), kind=ORGANIZATION) for size in range(len(words) - 1, 1, -1))


def _rejected_keys():
    return set(ImportSuggestion.objects.filter(status=ImportSuggestion.Status.REJECTED).values_list("kind", "name_key"))


def _suggest(article, derived, findings, new_rows=None):
    """Record what the archive does not know as suggestions for editors (one per name, counted per article).

    For an article made in this transaction (`new_rows`) no suggestion can
    list it yet: its places on them and their counts go into `new_rows`.
    """
    evidence = {p.key: p for p in findings.people} | {o.key: o for o in findings.organizations}
    wanted = [(ImportSuggestion.Kind.PERSON, p) for p in derived.people if not p["known"]]
    wanted += [(ImportSuggestion.Kind.ORGANIZATION, o) for o in derived.organizations if not o["known"]]
    if not wanted or article.pk is None:
        return
    keys = {(kind, normalize_key(item["name"])) for kind, item in wanted}
    # Two IN lists (on the unique index) rather than one OR per name: a dozen names made that query the
    # costliest of the file to build; the pairs are picked out here.
    existing = {
        (s.kind, s.name_key): s
        for s in ImportSuggestion.objects.filter(kind__in={k for k, _ in keys}, name_key__in={n for _, n in keys})
        if (s.kind, s.name_key) in keys
    }
    if new_rows is not None:
        return _suggest_for_new(article, wanted, existing, evidence, new_rows)
    for kind, item in wanted:
        key = normalize_key(item["name"])
        suggestion = existing.get((kind, key))
        found = evidence.get(key)
        if suggestion is None:
            suggestion = existing[(kind, key)] = _new_suggestion(kind, item, found)
        elif not suggestion.articles.filter(pk=article.pk).exists():
            # F(): a batch may hold counts of its new articles not written yet (articles.importer.pending).
            ImportSuggestion.objects.filter(pk=suggestion.pk).update(seen_count=F("seen_count") + 1)
            if item.get("role") and not suggestion.role:
                ImportSuggestion.objects.filter(pk=suggestion.pk).update(role=item["role"][:300])
        suggestion.articles.add(article)


def _new_suggestion(kind, item, found):
    """A new suggestion, or the same one a concurrent import committed a moment ago.

    On PostgreSQL two batches may both find a name new: the second INSERT waits for the first
    to commit, fails on the (kind, name_key) constraint, and the row is then visible (READ
    COMMITTED), so the file goes on instead of failing. SQLite has one writer at a time: no race.
    """
    values = {"kind": kind, "name": item["name"][:200], "role": (item.get("role") or "")[:300],
              "evidence": (found.evidence if found else "")[:2000]}
    if connection.vendor != "postgresql":
        return ImportSuggestion.objects.create(**values)
    try:
        with transaction.atomic():
            return ImportSuggestion.objects.create(**values)
    except IntegrityError:
        return ImportSuggestion.objects.get(kind=kind, name_key=normalize_key(values["name"]))


def _suggest_for_new(article, wanted, existing, evidence, new_rows):
    """_suggest() for a new article: only new names are written here, the rest goes into `new_rows`."""
    seen, roles, linked = [], {}, []
    for kind, item in wanted:
        key = normalize_key(item["name"])
        suggestion = existing.get((kind, key))
        if suggestion is None:
            suggestion = existing[(kind, key)] = _new_suggestion(kind, item, evidence.get(key))
        elif suggestion.pk not in linked:
            seen.append(suggestion.pk)
            if item.get("role") and not suggestion.role:
                roles.setdefault(suggestion.pk, item["role"][:300])
        if suggestion.pk not in linked:
            linked.append(suggestion.pk)
    new_rows.seen.update(seen)
    for pk, role in roles.items():
        ImportSuggestion.objects.filter(pk=pk).update(role=role)
    new_rows.suggestion_links += [(pk, article.pk) for pk in linked]


# --- links -----------------------------------------------------------------------------

def _add_links(article, relation, ids):
    """Add the links that are missing; True when any was."""
    if not ids:
        return False
    manager = getattr(article, relation)
    existing = set(manager.values_list("pk", flat=True))
    missing = [pk for pk in dict.fromkeys(ids) if pk not in existing]
    if missing:
        manager.add(*missing)
    return bool(missing)


def _add_new_links(article, relation, ids, new_rows):
    """The links of an article created in this transaction, handed to `new_rows`: written without m2m signals.

    The signals would write a history version and a change-log row per
    relation; record_imported_articles() writes one version (links included)
    and one change-log row instead, so they are skipped, not lost.
    """
    ids = list(dict.fromkeys(ids))
    new_rows.links[relation] += [(article.pk, pk) for pk in ids]
    return bool(ids)


def _roles_of(person_ids, *, on):
    """Roles each person held on the day, by person id."""
    from people.models import Role

    held = {}
    if not person_ids:
        return held
    for role in Role.objects.filter(person_id__in=person_ids).select_related("organization").order_by("-start_date", "pk"):
        if role.held_on(on):
            held.setdefault(role.person_id, []).append(role)
    return held


# --- the conference -----------------------------------------------------------------------

def _speakers(report, findings, derived, index):
    """FoundPersons who spoke at the conference: discovered ones and known ones alike."""
    people = list(findings.people)
    keys = {p.key for p in people}
    for item in derived.people:
        key = normalize_key(item["name"])
        if key not in keys:
            people.append(FoundPerson(name=item["name"], key=key, role=item["role"]))
            keys.add(key)
    rejected = {normalize_key(p["name"]) for p in derived.people}
    return [p for p in conference_speakers(report, people) if p.key in rejected or index.lookup(p.name, kind=PERSON)]


def _host_name(report, index):
    host = index.find(report.host_text or report.venue, kinds={ORGANIZATION}).of_kind(ORGANIZATION)
    return host[0].name if len(host) == 1 else report.host_text


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
    if hour is None or published_at is None:
        return None
    day = timezone.localtime(published_at).date() + dt.timedelta(days=offset)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _link_conference(report, *, article, derived, index, roles, speakers):
    """Link (or create, unconfirmed) the conference the copy reports; True when anything changed."""
    from people.models import Participation

    changed = False
    host = index.find(report.host_text or report.venue, kinds={ORGANIZATION}).of_kind(ORGANIZATION)
    host_id = host[0].id if len(host) == 1 else None
    when = article.published_at or timezone.now()
    starts_at = _conference_start(report.time_note, article.published_at)
    title = report.title or _untitled(report, derived)
    key = normalize_key(title)
    conference, is_new = None, False
    if article.conference_id:
        if article.conference.title_key == key or not report.title:
            conference = article.conference
        else:
            derived.warnings.append(
                f"خبر به نشست «{article.conference.title}» پیوند دارد؛ نشست «{title}» که در متن آمده پیوند داده نشد."
            )
            return False
    if conference is None and report.title:
        conference = _same_conference(key, when=when, host_id=host_id, city=article.dateline_city)
    if conference is None:
        conference = PressConference.objects.create(
            title=title[:300], host_id=host_id, venue=report.venue[:300], time_note=report.time_note[:100],
            starts_at=starts_at, confirmed=False,
            description="" if report.title else "متن خبر عنوانی برای این نشست نیاورده است؛ عنوان را دبیر بنویسد.",
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

    existing = set() if is_new else set(
        Participation.objects.filter(conference=conference).values_list("person_id", flat=True)
    )
    order = len(existing)
    new = []
    searched = f" {normalize_key(' '.join(article_paragraphs(article)))} "
    for person_id in dict.fromkeys(speakers):
        if person_id in existing:
            continue
        new.append(Participation(conference=conference, person_id=person_id,
                                 role=_role_in_copy(roles.get(person_id, []), searched), order=order))
        order += 1
    if new:
        Participation.objects.bulk_create(new)
        changed = True
    derived.conference_summary = {
        "id": conference.pk, "title": conference.title, "venue": conference.venue, "time_note": conference.time_note,
        "host": conference.host.name if conference.host_id else "", "is_new": is_new, "confirmed": conference.confirmed,
    }
    return changed


def _untitled(report, derived):
    """A working title for a conference the copy gives none: «نشست خبری فراز کمالوند»."""
    who = (derived.conference or {}).get("speakers") or [report.host_text] if report.host_text else []
    who = [w for w in who if w]
    return f"نشست خبری {who[0]}" if who else "نشست خبری بی‌عنوان"


def _same_conference(title_key, *, when, host_id, city):
    """An existing conference this report is: same title, host, city and date (a few days' tolerance)."""
    candidates = PressConference.objects.filter(title_key=title_key).select_related("host").order_by("pk")
    for conference in candidates:
        if host_id and conference.host_id and conference.host_id != host_id:
            continue
        if conference.starts_at is None:
            if abs(conference.created_at - when) > dt.timedelta(days=CONFERENCE_MATCH_DAYS):
                continue
        elif abs(conference.starts_at - when) > dt.timedelta(days=CONFERENCE_MATCH_DAYS):
            continue
        if city and conference.articles.exclude(dateline_city="").exclude(dateline_city=city).exists():
            continue  # reported from another city: another conference of the same name
        return conference
    return None


def _role_in_copy(held, searched):
    """The role a participant held then: the one the copy names, or the only one held."""
    named = [role for role in held if role.title_key and f" {role.title_key} " in searched]
    if len(named) == 1:
        return named[0]
    return held[0] if len(held) == 1 else None


# --- statements -------------------------------------------------------------------------

def _write_statements(article, quotes, *, index, replace, is_new=False):
    """Statements of the quotes; on a corrected copy the import's own old statements give way.

    A quote the corrected copy changed replaces the old statement in place
    (same id and position, new text); statements an editor wrote are kept.
    Returns (statements added or rewritten, statements removed).
    """
    existing = [] if is_new else list(Statement.objects.filter(article=article).order_by("position", "pk")
                                      .values_list("pk", "text_key", "position", "from_import"))
    quote_keys = {normalize_key(q.text) for q in quotes}
    stale = [(pk, pos) for pk, key, pos, imported in existing if imported and replace and key not in quote_keys]
    known = {key for pk, key, _, _ in existing if pk not in {p for p, _ in stale}}
    fresh = []
    for quote in quotes:
        text_key = normalize_key(quote.text)
        if text_key not in known:  # one statement per text: the same quote twice is one
            known.add(text_key)
            fresh.append((quote, text_key))
    Through = Statement.platforms.through
    rewritten = []
    for (pk, _), (quote, text_key) in zip(stale, fresh):
        Statement.objects.filter(pk=pk).update(text=quote.text, text_key=text_key, speaker_id=quote.speaker.id)
        Through.objects.filter(statement_id=pk).delete()
        Through.objects.bulk_create([
            Through(statement_id=pk, platform_id=p.id) for p in index.find(quote.text, kinds={PLATFORM}).of_kind(PLATFORM)
        ])
        rewritten.append(pk)
    removed = [pk for pk, _ in stale[len(rewritten):]]
    if removed:
        Statement.objects.filter(pk__in=removed).delete()
    position = max((pos for _, _, pos, _ in existing), default=-1) + 1
    new = []
    for quote, text_key in fresh[len(rewritten):]:
        statement = Statement(speaker_id=quote.speaker.id, text=quote.text, article=article, text_key=text_key,
                              conference_id=article.conference_id, position=position, from_import=True)
        statement.platform_ids = [p.id for p in index.find(quote.text, kinds={PLATFORM}).of_kind(PLATFORM)]
        new.append(statement)
        position += 1
    if new:
        # bulk_create skips save() and the post_save signal: keys are set above,
        # and the article's statements key is refreshed once below.
        Statement.objects.bulk_create(new)
        Through.objects.bulk_create(
            [Through(statement_id=s.pk, platform_id=pid) for s in new for pid in s.platform_ids], ignore_conflicts=True
        )
    if is_new and new:
        # The article's only statements: their keys in order, without reading them back.
        key = " ".join(s.text_key for s in new)
        Article.objects.filter(pk=article.pk).update(statements_key=key)
        article.statements_key = key
    elif new or rewritten or removed:
        refresh_statements_key(article.pk)
    return len(new) + len(rewritten), len(removed)
