"""Keep an article's statements key current, so search finds what was said."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, RemovedLink, Statement


def refresh_statements_key(article_id):
    keys = Statement.objects.filter(article_id=article_id).order_by("position", "id").values_list("text_key", flat=True)
    # update() skips save(): the full-text triggers still see the change.
    Article.objects.filter(pk=article_id).update(statements_key=" ".join(keys))


@receiver(post_save, sender=Statement)
@receiver(post_delete, sender=Statement)
def statement_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_statements_key(instance.article_id)


def _remember_removed_links(relation):
    """An editor's unlinking is remembered, so relinking and re-imports never put the link back."""

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if reverse or not pk_set:
            return
        if action == "post_remove":
            RemovedLink.objects.bulk_create(
                [RemovedLink(article=instance, kind=relation, object_id=pk) for pk in pk_set], ignore_conflicts=True
            )
        elif action == "post_add":  # linked again by hand: no longer remembered as removed
            RemovedLink.objects.filter(article=instance, kind=relation, object_id__in=pk_set).delete()

    return changed


for _relation in ("people", "organizations", "platforms"):
    m2m_changed.connect(
        _remember_removed_links(_relation), sender=getattr(Article, _relation).through, weak=False,
        dispatch_uid=f"removed_links_{_relation}",
    )
