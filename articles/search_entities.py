"""What a search query names in the archive: people, organizations, platforms and press conferences.

The text search (archive_site.search) only knows words. Here a query is read
against the archive's entities, by their keys (archive_site.text.normalize_key):

- aliases expand: a term that is another name of a platform, organization or
  person (Telegram, a Latin spelling, an old name) also searches for the
  entity's name and its other names;
- the entity the query names gets a card above the results (a surname alone
  names the person);
- when nothing is found, the nearest entity name is suggested: by trigram
  similarity (pg_trgm) on PostgreSQL, by difflib's ratio in Python on SQLite.

A few small indexed queries a search, whatever the size of the archive.
"""

import difflib
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.functions import Greatest, Lower, Replace

from archive_site.text import normalize_key
from articles.models import Article, PressConference
from people.models import Organization, OrganizationAlias, Person, PersonAlias
from platforms.models import Platform, PlatformAlias

# A conference card needs a query of at least this many letters (short words
# appear in many titles).
MIN_CONFERENCE_KEY = 4
# The least similarity for a suggestion (pg_trgm's `similarity`, difflib's ratio).
MIN_SIMILARITY = 0.3
SUGGESTION_CANDIDATES_LIMIT = 5000  # names read into Python on SQLite, at most


@dataclass
class EntityCard:
    kind: str  # person, organization, platform, conference
    obj: object
    matched: str  # the query's words that named it (a key)
    whole_title: bool = True  # a conference: the query is its whole title, not a part

    @property
    def name(self):
        return getattr(self.obj, "name", None) or getattr(self.obj, "title", "")

    @property
    def url(self):
        # Organizations have no page of their own on the reader site.
        return self.obj.get_absolute_url() if hasattr(self.obj, "get_absolute_url") else None


def _lookup_keys(query):
    """The keys worth looking up: each wanted term, and all wanted words together."""
    keys = [term.key for term in query.terms()]
    whole = " ".join("".join(parts) for parts in query.tokens)
    if whole and whole not in keys:
        keys.append(whole)
    return [key for key in keys if key]


def _joined(key):
    # Names compare with their spaces removed: «پیام رسان گپ» typed with a space
    # names the alias «پیام‌رسان گپ» (key «پیامرسان گپ»).
    return key.replace(" ", "")


def _without_spaces(field):
    return Replace(F(field), Value(" "), Value(""))


def _names(entity):
    names = [entity.name, *(alias.name for alias in entity.aliases.all())]
    latin = getattr(entity, "latin_name", "")
    return [*names, latin] if latin else names


def resolve(query):
    """Expand `query`'s aliases in place (query.synonyms) and return the cards of what it names, best first.

    A few small queries (one per kind of entity, aliases prefetched), whatever the archive's size.
    """
    keys = _lookup_keys(query)
    if not keys or not query.usable:
        return []
    joined = {}
    for key in keys:
        joined.setdefault(_joined(key), []).append(key)
    cards = []
    def aliased(alias_model):
        return alias_model.objects.annotate(joined=_without_spaces("key")).filter(joined__in=joined)

    platforms = (
        Platform.objects.annotate(
            latin_key=Replace(Lower("latin_name"), Value(" "), Value("")), joined_name=_without_spaces("name_key")
        )
        .filter(
            Q(joined_name__in=joined) | Q(latin_key__in=joined)
            | Q(pk__in=aliased(PlatformAlias).values("platform_id"))
        )
        .prefetch_related("aliases")
        .order_by("sort_name")
    )
    organizations = (
        Organization.objects.annotate(joined_name=_without_spaces("name_key"))
        .filter(Q(joined_name__in=joined) | Q(pk__in=aliased(OrganizationAlias).values("organization_id")))
        .prefetch_related("aliases")
        .order_by("sort_name")
    )
    surname = Q()
    for key in keys:
        surname |= Q(name_key__endswith=" " + key)
    people = (
        Person.objects.annotate(joined_name=_without_spaces("name_key"))
        .filter(Q(joined_name__in=joined) | Q(pk__in=aliased(PersonAlias).values("person_id")) | surname)
        .prefetch_related("aliases")
        .order_by("sort_name")[:5]
    )
    for kind, entities in (("platform", platforms), ("person", people), ("organization", organizations)):
        for entity in entities:
            own = {_joined(entity.name_key), *(_joined(alias.key) for alias in entity.aliases.all())}
            if getattr(entity, "latin_name", ""):
                own.add(_joined(entity.latin_name.lower()))
            named = [key for key in keys if _joined(key) in own]
            for key in named:  # another name of the entity: search its other names too
                for name in _names(entity):
                    query.add_synonym(key, [name])
            named += [key for key in keys if kind == "person" and entity.name_key.endswith(" " + key)]
            cards.append(EntityCard(kind=kind, obj=entity, matched=max(named, key=len) if named else ""))
    # A conference by its title, as typed (inflections kept: «پیام‌رسان‌های داخلی»).
    typed = normalize_key(query.text) if query.plain else keys[-1]
    if len(typed.replace(" ", "")) >= MIN_CONFERENCE_KEY:
        conference = (
            PressConference.objects.filter(confirmed=True, title_key__contains=typed)
            .select_related("host")
            .order_by("-starts_at", "-id")
            .first()
        )
        if conference is not None:
            cards.append(
                EntityCard(kind="conference", obj=conference, matched=typed, whole_title=conference.title_key == typed)
            )
    # The card naming most of the query first (a full name before a surname).
    cards.sort(key=lambda card: -len(card.matched))
    return cards


@dataclass
class Suggestion:
    text: str  # what to search for instead
    entity: object = None  # the entity whose name it is, when there is one


class Similarity(Func):
    function = "similarity"
    output_field = FloatField()


class WordSimilarity(Func):
    """pg_trgm's word_similarity(typed, name): how well the typed text matches some words of the name."""

    function = "word_similarity"
    output_field = FloatField()


def suggest(query):
    """A near spelling of the query among the archive's entity names, or None."""
    key = " ".join("".join(parts) for parts in query.tokens)
    if not key or not query.usable:
        return None
    if connection.vendor == "postgresql":
        return _suggest_trigram(key)
    return _suggest_python(key)


def _suggest_trigram(key):
    best = None
    for model in (Platform, Person, Organization):
        candidate = (
            model.objects.annotate(
                score=Greatest(Similarity(F("name_key"), Value(key)), WordSimilarity(Value(key), F("name_key")))
            )
            .filter(score__gte=MIN_SIMILARITY)
            .order_by("-score", "sort_name")
            .first()
        )
        if candidate is not None and (best is None or candidate.score > best[0]):
            best = (candidate.score, candidate)
    aliases = (
        PlatformAlias.objects.annotate(score=Similarity(F("key"), Value(key)))
        .filter(score__gte=MIN_SIMILARITY)
        .select_related("platform")
        .order_by("-score")
        .first()
    )
    if aliases is not None and (best is None or aliases.score > best[0]):
        best = (aliases.score, aliases.platform)
    if best is None:
        return None
    return Suggestion(text=best[1].name, entity=best[1])


def _suggest_python(key):
    """SQLite has no trigram index: compare in Python against the names (entity tables are small)."""
    candidates = {}
    for model in (Platform, Person, Organization):
        for entity in model.objects.only("id", "name", "name_key", "slug")[:SUGGESTION_CANDIDATES_LIMIT]:
            candidates.setdefault(entity.name_key, entity)
            last = entity.name_key.rsplit(" ", 1)[-1]
            if model is Person and last != entity.name_key:
                candidates.setdefault(last, entity)
    for alias in PlatformAlias.objects.select_related("platform")[:SUGGESTION_CANDIDATES_LIMIT]:
        candidates.setdefault(alias.key, alias.platform)
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=max(MIN_SIMILARITY, 0.6))
    if not close:
        return None
    entity = candidates[close[0]]
    return Suggestion(text=entity.name, entity=entity)



def linked_articles(query, cards):
    """A Q for the articles linked to the entity the whole query names (plain queries only), or None.

    «گپ» then finds every article an editor tied to the platform گپ, as its
    page lists them, not only those whose copy spells it the same way.
    """
    if not query.plain or not cards:
        return None
    whole = " ".join("".join(parts) for parts in query.tokens)
    condition = None
    for card in cards:
        if card.matched != whole or not card.whole_title:
            continue
        if card.kind == "conference":
            part = Q(conference_id=card.obj.pk)
        else:
            relation = {"platform": Article.platforms, "person": Article.people, "organization": Article.organizations}
            descriptor = relation[card.kind]
            column = f"{descriptor.field.m2m_reverse_field_name()}_id"
            part = Q(pk__in=descriptor.through.objects.filter(**{column: card.obj.pk}).values("article_id"))
        condition = part if condition is None else condition | part
    return condition
