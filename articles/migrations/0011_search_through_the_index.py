"""Search, third pass: on PostgreSQL, functions that give the matches as the GIN index finds them.

`articles_search_ids` and `articles_search_count` (archive_site.search,
vendor-gated SQL as in 0003 and 0005) let a search window and its count go
through the index instead of reading every search vector back from TOAST.
A no-op on SQLite.
"""

from django.db import migrations


def create_functions(apps, schema_editor):
    from archive_site.search import ensure_search_index

    ensure_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_chief_editors_review_suggestions")]

    operations = [migrations.RunPython(create_functions, migrations.RunPython.noop)]
