"""Search, second pass: a small rank vector (headline and lead) beside the full one, and pg_trgm.

On PostgreSQL the rank vector is added and filled by archive_site.search
(vendor-gated SQL, as in 0003); pg_trgm gives "did you mean" suggestions.
Both are no-ops on SQLite (TrigramExtension checks the vendor itself).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create_index(apps, schema_editor):
    from archive_site.search import ensure_search_index

    ensure_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_editors_group")]

    operations = [TrigramExtension(), migrations.RunPython(create_index, migrations.RunPython.noop)]
