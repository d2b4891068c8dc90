"""python manage.py relink_mentions [--article ID ...]

Links existing articles to the people, organizations and platforms the
archive has learned of since (a new person, a new alias). Only adds links.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.importer.services import relink_mentions
from articles.models import Article


class Command(BaseCommand):
    help = "Re-link mentions of people, organizations and platforms in existing articles (adds links only)."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", metavar="ID", help="only this article (repeatable)")

    def handle(self, *args, **options):
        articles = Article.objects.all()
        if options["article"]:
            articles = articles.filter(pk__in=options["article"])
            missing = set(options["article"]) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        result = relink_mentions(articles=articles)
        self.stdout.write(
            f"{result.articles} articles read, {result.articles_changed} changed, {result.links_added} links added"
        )
