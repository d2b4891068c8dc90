"""`python manage.py restore FILE`: bring a migrated, empty installation to a backup's state (either database)."""

from django.core.management.base import BaseCommand, CommandError

from archive_site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "بازگرداندن آرشیو از فایل پشتیبان در نصبی تازه (پس از migrate)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="فایل ساخته‌شده با manage.py backup")
        parser.add_argument("--replace", action="store_true",
                            help="نصبی را که خبر یا شخص دارد هم یکسره با پشتیبان جایگزین کن.")

    def handle(self, *args, file, replace=False, **options):
        try:
            manifest = restore_backup(file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"بازگردانده شد: {rows} ردیف و {len(manifest['media'])} پرونده از پشتیبان {manifest['created']}.")
