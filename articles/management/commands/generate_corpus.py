"""manage.py generate_corpus --articles N: a realistic synthetic archive for benchmarks (see articles/corpus.py)."""

import os

from django.core.management.base import BaseCommand, CommandError

from articles.corpus import CorpusGenerator


class Command(BaseCommand):
    help = "Adds N synthetic Persian wire articles (with people, roles, conferences, statements, platforms) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="how many articles to add")
        parser.add_argument("--seed", type=int, default=1405, help="random seed (the same seed gives the same archive)")
        parser.add_argument("--batch", type=int, default=2000, help="articles written per transaction")
        parser.add_argument("--years", type=int, default=20, help="publication times spread over this many years back")
        parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                            help="processes writing batches side by side (PostgreSQL; SQLite writes with one)")

    def handle(self, *args, articles, seed, batch, years, workers, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        if batch < 1 or years < 1 or workers < 1:
            raise CommandError("--batch, --years and --workers must be at least 1")
        generator = CorpusGenerator(
            articles=articles, seed=seed, batch=batch, years=years, workers=workers,
            log=lambda line: self.stdout.write(line) if options["verbosity"] else None,
        )
        generator.run()
