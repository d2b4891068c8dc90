"""`python manage.py build_exports`: today's gzip NDJSON dumps of the public archive and the change log."""

from django.core.management.base import BaseCommand

from archive_site.exports import build_daily_exports


class Command(BaseCommand):
    help = "Builds today's exports (public archive and change log, gzip NDJSON) listed at /api/v1/exports/."

    def handle(self, *args, **options):
        for export in build_daily_exports():
            self.stdout.write(f"{export.name}\t{export.items} items\t{export.size} bytes\tsha256 {export.sha256}")
