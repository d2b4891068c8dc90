"""Writes the change log (articles.changelog) from every change to what a public article shows partners.

Connected in ArticlesConfig.ready. Each receiver runs inside the writer's
transaction (the admin, the import and the editorial services all write in
one), so the log row commits or rolls back with the change itself. Entity
changes fan out to the public articles that embed the entity.

Covered: an article's own fields and status; its people, organizations and
platforms (either side of the link, added, removed or cleared); a desk, a
person, an organization, a platform or a conference saved or deleted; a
statement saved, deleted or re-linked to platforms. Writes that skip signals
(`QuerySet.update`, `bulk_create`) must call `record` themselves, as
`relink_mentions` does.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from articles.changelog import ArticleChange, PendingPublication, write
from articles.models import Article, PressConference, Section, Statement
from people.models import Organization, Person
from platforms.models import Platform


def record(articles, *, reason):
    """Log an upsert for each public article in `articles` (a queryset); 'published' the first time."""
    announced = ArticleChange.objects.filter(article_id=OuterRef("pk"), kind=ArticleChange.Kind.PUBLISHED)
    rows = list(articles.public().annotate(announced=Exists(announced)).values_list("pk", "announced"))
    if not rows:
        return
    write(
        [(pk, ArticleChange.Kind.UPDATED if seen else ArticleChange.Kind.PUBLISHED) for pk, seen in rows],
        reason=reason,
    )
    first = [pk for pk, seen in rows if not seen]
    if first:
        PendingPublication.objects.filter(article_id__in=first).delete()


def record_ids(ids, *, reason):
    ids = {pk for pk in ids if pk is not None}
    if ids:
        record(Article.objects.filter(pk__in=ids), reason=reason)


def article_saved(article):
    """What one article's save means for mirrors."""
    if article.is_public:
        record(Article.objects.filter(pk=article.pk), reason="article")
    elif article.status == Article.Status.PUBLISHED and article.published_at is not None:
        # Scheduled: it becomes public with no write at all; announce_due logs it then.
        PendingPublication.objects.bulk_create([PendingPublication(article_id=article.pk)], ignore_conflicts=True)
    elif (
        article.status == Article.Status.WITHDRAWN
        and article.published_at is not None
        and article.withdrawn_at is not None
        and article.published_at <= article.withdrawn_at
    ):
        # Had been public (the API's 410 rule): a tombstone.
        write([(article.pk, ArticleChange.Kind.WITHDRAWN)], reason="withdrawn")


def articles_saved(articles):
    """article_saved() for many articles at once (the articles a batch import created): a few queries in all."""
    now, public, scheduled = timezone.now(), [], []
    for article in articles:
        if article.status == Article.Status.PUBLISHED and article.published_at is not None:
            (public if article.published_at <= now else scheduled).append(article.pk)
        elif article.status == Article.Status.WITHDRAWN:
            article_saved(article)  # not one an import creates: the one-article rule
    if public:
        record(Article.objects.filter(pk__in=public), reason="article")
    if scheduled:
        PendingPublication.objects.bulk_create([PendingPublication(article_id=pk) for pk in scheduled],
                                               ignore_conflicts=True)


def announce_due(now=None):
    """Log 'published' for scheduled articles whose time has come; returns how many.

    Cheap when nothing is due (PendingPublication holds only scheduled
    articles). The change feed calls it before each read and the worker every
    minute, so a scheduled article reaches mirrors when it reaches readers.
    """
    now = now or timezone.now()
    if not PendingPublication.objects.exists():
        return 0
    with transaction.atomic():
        due = PendingPublication.objects.select_for_update(skip_locked=True).filter(
            article_id__in=Article.objects.filter(Article.public_q(now=now)).values("pk")
        )
        ids = list(due.values_list("article_id", flat=True))
        record_ids(ids, reason="scheduled")
        PendingPublication.objects.filter(article_id__in=ids).delete()
        # Scheduled articles sent back or withdrawn before their time: nothing to announce.
        PendingPublication.objects.exclude(
            article_id__in=Article.objects.filter(status=Article.Status.PUBLISHED).values("pk")
        ).delete()
    return len(ids)


# Receivers.

def _raw(kwargs):
    return kwargs.get("raw", False)


def on_article_saved(sender, instance, **kwargs):
    # _defer_change_log: the import's first save of a new article, logged by its next save in the same transaction.
    if not _raw(kwargs) and not getattr(instance, "_defer_change_log", False):
        article_saved(instance)


def on_article_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Article.people/organizations/platforms: from the article's side or the entity's."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        record_ids([instance.pk], reason="links")
    elif action == "pre_clear":
        through = sender.objects.filter(**{_entity_column(sender): instance.pk})
        record_ids(through.values_list("article_id", flat=True), reason="links")
    else:
        record_ids(pk_set or (), reason="links")


def _entity_column(through):
    return next(f.name for f in through._meta.get_fields() if getattr(f, "many_to_one", False) and f.name != "article")


def on_statement_platforms_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        record_ids([instance.article_id], reason="statement")
    else:
        statements = Statement.objects.all() if action == "pre_clear" else Statement.objects.filter(pk__in=pk_set or ())
        if action == "pre_clear":
            statements = statements.filter(platforms=instance)
        record(Article.objects.filter(pk__in=statements.values("article_id")), reason="statement")


def on_statement_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        record_ids([instance.article_id], reason="statement")


def _articles_embedding(instance):
    if isinstance(instance, Section):
        return Article.objects.filter(section=instance), "section"
    if isinstance(instance, PressConference):
        return Article.objects.filter(conference=instance), "conference"
    if isinstance(instance, Person):
        return Article.objects.filter(
            Q(pk__in=Article.people.through.objects.filter(person=instance).values("article_id"))
            | Q(pk__in=Statement.objects.filter(speaker=instance).values("article_id"))
        ), "person"
    if isinstance(instance, Organization):
        return Article.objects.filter(
            pk__in=Article.organizations.through.objects.filter(organization=instance).values("article_id")
        ), "organization"
    if isinstance(instance, Platform):
        return Article.objects.filter(
            Q(pk__in=Article.platforms.through.objects.filter(platform=instance).values("article_id"))
            | Q(pk__in=Statement.platforms.through.objects.filter(platform=instance).values("statement__article_id"))
        ), "platform"
    raise TypeError(type(instance))


def on_entity_changed(sender, instance, **kwargs):
    """A rename (or any edit, or a deletion) of something articles embed: every public article embedding it."""
    if _raw(kwargs) or instance.pk is None or kwargs.get("created"):
        return  # a row just created: no article can embed it yet
    articles, reason = _articles_embedding(instance)
    record(articles, reason=reason)


def connect():
    post_save.connect(on_article_saved, sender=Article, dispatch_uid="changefeed_article")
    for relation in (Article.people, Article.organizations, Article.platforms):
        m2m_changed.connect(on_article_links_changed, sender=relation.through, dispatch_uid=f"changefeed_{relation.field.name}")
    m2m_changed.connect(on_statement_platforms_changed, sender=Statement.platforms.through, dispatch_uid="changefeed_stp")
    post_save.connect(on_statement_changed, sender=Statement, dispatch_uid="changefeed_statement_save")
    post_delete.connect(on_statement_changed, sender=Statement, dispatch_uid="changefeed_statement_delete")
    for model in (Section, PressConference, Person, Organization, Platform):
        post_save.connect(on_entity_changed, sender=model, dispatch_uid=f"changefeed_{model.__name__}_save")
        # Before the delete: its links (and a conference's articles) are gone after it.
        pre_delete.connect(on_entity_changed, sender=model, dispatch_uid=f"changefeed_{model.__name__}_delete")
