"""The task worker: `python manage.py run_worker` (webhooks, scheduled announcements, daily exports)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive_site.tasks import schedule_tick


class Command(BaseCommand):
    help = (
        "Runs the archive's task worker (django-tasks-db's db_worker on every queue) and starts its clock: "
        "webhook deliveries and retries, scheduled articles reaching the change feed, the daily exports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="seconds between polls when idle (default 1)")
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many tasks (tests)")

    def handle(self, *, interval, max_tasks, verbosity, **options):
        schedule_tick()
        call_command(
            "db_worker", queue_name="*", interval=interval, reload=False, startup_delay=False, max_tasks=max_tasks,
            verbosity=verbosity,
        )
