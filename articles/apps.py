from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "خبرها"

    def ready(self):
        from articles import signals  # noqa: F401  (keeps search keys of statements current)
        from articles import changefeed

        # The change log for mirrors: written in each change's own transaction.
        changefeed.connect()
