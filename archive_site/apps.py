from django.apps import AppConfig
from django.db import connections
from django.db import models
from django.db.models.signals import post_migrate, pre_save

# Apps whose text readers, feeds and partners see; admin forms, the API and
# anything else that saves their models pass this one door.
_HYGIENE_APPS = {"archive_site", "articles", "people", "platforms"}


def _strip_unsafe_text(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.app_label not in _HYGIENE_APPS:
        return
    from archive_site.text import strip_unsafe_chars

    for model_field in sender._meta.concrete_fields:
        if isinstance(model_field, (models.CharField, models.TextField)):
            value = getattr(instance, model_field.attname)
            if isinstance(value, str):
                setattr(instance, model_field.attname, strip_unsafe_chars(value))


def _ensure_search_index(sender, using, **kwargs):
    # SQLite drops an FTS table's triggers whenever Django rebuilds the article
    # table in a later migration; putting them back after every migrate keeps
    # search right without each migration having to remember.
    connection = connections[using]
    if "articles_article" in connection.introspection.table_names():
        from archive_site.search import ensure_search_index

        ensure_search_index(connection)


class ArchiveSiteConfig(AppConfig):
    name = "archive_site"
    verbose_name = "تنظیمات آرشیو"

    def ready(self):
        from archive_site import checks  # noqa: F401  (registers the deploy checks)

        pre_save.connect(_strip_unsafe_text, dispatch_uid="archive_site_strip_unsafe_text")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="archive_site_search_index")
        # The page cache: every content change starts a new content generation.
        from archive_site.pagecache import signals as pagecache_signals

        pagecache_signals.connect()
