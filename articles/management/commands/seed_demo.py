"""`python manage.py seed_demo`: load the demo content (articles/demo_content.py)."""

from django.core.management.base import BaseCommand
from django.db import connection

from articles.demo_content import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME, load_demo_content


class Command(BaseCommand):
    help = (
        "Loads demo content written for the project: desks, people and their roles, organizations, press "
        "conferences, statements and articles. Safe to run again. On the embedded SQLite database it also "
        "creates the demo editor account (editor / editor-demo)."
    )

    def add_arguments(self, parser):
        editor = parser.add_mutually_exclusive_group()
        editor.add_argument(
            "--with-editor", action="store_true",
            help="create the demo editor account even on a server database (never do this in production)",
        )
        editor.add_argument("--no-editor", action="store_true", help="do not create the demo editor account")

    def handle(self, *args, with_editor=False, no_editor=False, **options):
        # A known password belongs only on the embedded, local database: a
        # server database gets the account only when asked for explicitly.
        create_editor = with_editor or (connection.vendor == "sqlite" and not no_editor)
        result = load_demo_content(with_editor=create_editor)
        self.stdout.write(
            f"Demo content: {result.articles_created} articles created, "
            f"{result.articles_total - result.articles_created} already there."
        )
        if result.editor_created:
            self.stdout.write(f"Demo editor created: {DEMO_EDITOR_USERNAME} / {DEMO_EDITOR_PASSWORD}")
        elif result.editor is not None:
            self.stdout.write(f"Demo editor '{DEMO_EDITOR_USERNAME}' already exists (password unchanged).")
