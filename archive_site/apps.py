from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


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
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="archive_site_search_index")
        # The page cache: every content change starts a new content generation.
        from archive_site.pagecache import signals as pagecache_signals

        pagecache_signals.connect()
