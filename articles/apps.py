from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "خبرها"

    def ready(self):
        from articles import signals  # noqa: F401  (keeps search keys of statements current)
