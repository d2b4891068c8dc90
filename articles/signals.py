"""Keep an article's statements key current, so search finds what was said."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Statement


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
