"""Editors' decisions on what the import discovered: accept, merge into an existing entry, or reject.

Accepting or merging teaches the archive a name; every article that mentions
it is then re-derived (links, statements, conference participants and host),
so earlier imports catch up. A rejection is remembered: the import does not
suggest that name again. Each decision is one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive_site.text import normalize_key
from articles.importer.linking import ORGANIZATION, AliasIndex
from articles.models import Article, ImportSuggestion, Section, SectionAlias

Kind, Status = ImportSuggestion.Kind, ImportSuggestion.Status
DECIDE_PERMISSION = "articles.change_importsuggestion"


@transaction.atomic
def accept_suggestion(*, suggestion, by):
    """Create what the suggestion names (person, organization or desk) and re-derive the articles that mention it."""
    suggestion = _pending(suggestion, by)
    if suggestion.kind == Kind.PERSON:
        from people.models import Person

        person = Person.objects.create(name=suggestion.name)
        suggestion.person = person
        _role_from_copy(person, suggestion.role)
    elif suggestion.kind == Kind.ORGANIZATION:
        from people.models import Organization

        suggestion.organization = Organization.objects.create(name=suggestion.name)
    elif suggestion.kind == Kind.SECTION:
        suggestion.section = Section.objects.create(name=suggestion.name)
    else:
        raise ValidationError("این گونه پیشنهاد را فقط می‌توان در موردی موجود ادغام کرد.")
    return _decided(suggestion, Status.ACCEPTED, by)


@transaction.atomic
def merge_suggestion(*, suggestion, into, by):
    """Teach the archive the suggested name as another name of `into` (a person, organization, platform or desk)."""
    from people.models import Organization, OrganizationAlias, Person, PersonAlias
    from platforms.models import Platform, PlatformAlias

    suggestion = _pending(suggestion, by)
    expected = {Kind.PERSON: Person, Kind.ORGANIZATION: Organization, Kind.PLATFORM: Platform, Kind.SECTION: Section}
    if not isinstance(into, expected[suggestion.kind]):
        raise ValidationError(f"«{suggestion.name}» را فقط در یک {suggestion.get_kind_display()} می‌توان ادغام کرد.")
    key = normalize_key(suggestion.name)
    if isinstance(into, Person):
        if key != into.name_key:
            PersonAlias.objects.get_or_create(person=into, key=key, defaults={"name": suggestion.name})
        suggestion.person = into
        _role_from_copy(into, suggestion.role)
    elif isinstance(into, Organization):
        if key != into.name_key:
            OrganizationAlias.objects.get_or_create(organization=into, key=key, defaults={"name": suggestion.name})
        suggestion.organization = into
    elif isinstance(into, Platform):
        if key != into.name_key:
            PlatformAlias.objects.get_or_create(platform=into, key=key, defaults={"name": suggestion.name})
        suggestion.platform = into
    else:
        if key != into.name_key:
            SectionAlias.objects.update_or_create(key=key, defaults={"section": into, "name": suggestion.name})
        suggestion.section = into
    return _decided(suggestion, Status.MERGED, by)


@transaction.atomic
def reject_suggestion(*, suggestion, by):
    """Not a person, organization or desk: remembered, so the import never suggests the name again."""
    suggestion = _pending(suggestion, by)
    suggestion.status, suggestion.decided_at, suggestion.decided_by = Status.REJECTED, timezone.now(), by
    suggestion.save()
    return suggestion


def _pending(suggestion, by):
    if by is not None and not by.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied("پذیرفتن یا رد پیشنهادهای ورود خبر با دبیران است.")
    locked = ImportSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Status.PENDING:
        raise ValidationError(f"دربارهٔ «{locked.name}» پیش‌تر تصمیم گرفته شده است ({locked.get_status_display()}).")
    return locked


def _decided(suggestion, status, by):
    suggestion.status, suggestion.decided_at, suggestion.decided_by = status, timezone.now(), by
    suggestion.save()
    if suggestion.kind == Kind.SECTION:
        # The copy named this desk: its articles waiting in the catch-all desk move to it.
        from articles.importer.services import DEFAULT_SECTION_NAME

        suggestion.articles.filter(section__name_key=normalize_key(DEFAULT_SECTION_NAME)).update(
            section=suggestion.section, updated_at=timezone.now()
        )
        return suggestion
    rederive_mentions(suggestion.name, also=suggestion.articles.all())
    return suggestion


def rederive_mentions(name, *, also=()):
    """Re-derive every article whose text has `name` (and the articles in `also`): links, statements, participants."""
    from articles.importer.services import relink_mentions

    key = normalize_key(name)
    ids = {a.pk for a in also}
    if key:
        ids |= set(
            Article.objects.filter(Q(headline_key__contains=key) | Q(lead_key__contains=key) | Q(body_key__contains=key))
            .values_list("pk", flat=True)
        )
    if ids:
        relink_mentions(articles=Article.objects.filter(pk__in=ids))


def _role_from_copy(person, role_text):
    """The role as the copy wrote it («معاون وزیر ارتباطات»), when it names one body the archive knows."""
    from people.models import Role

    if not role_text:
        return None
    bodies = AliasIndex.load().find(role_text, kinds={ORGANIZATION}).of_kind(ORGANIZATION)
    if len(bodies) != 1:
        return None
    role, _ = Role.objects.get_or_create(person=person, organization_id=bodies[0].id, title=role_text[:200])
    return role
