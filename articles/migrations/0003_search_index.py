"""The full-text index: a tsvector column + GIN on PostgreSQL, an FTS5 table on SQLite.

Vendor-gated SQL lives in archive_site.search so the model stays one for both
databases; post_migrate runs the same idempotent function again.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    from archive_site.search import ensure_search_index

    ensure_search_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    from archive_site.search import drop_search_index

    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
