"""`python manage.py backup FILE`: the whole archive (data and uploaded media) in one file (archive_site/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from archive_site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "نوشتن همهٔ داده‌ها و پرونده‌های بارگذاری‌شدهٔ آرشیو در یک فایل (‎.tar.gz‎)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="مسیر فایل پشتیبان، مانند archive-1405-09-10.tar.gz")

    def handle(self, *args, file, **options):
        try:
            manifest = create_backup(file)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"پشتیبان نوشته شد: {file} ({rows} ردیف، {len(manifest['media'])} پرونده).")
