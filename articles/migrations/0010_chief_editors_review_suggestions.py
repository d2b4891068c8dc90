"""Chief editors («سردبیران») review import suggestions and keep desk aliases too, as editors do."""

import importlib

from django.db import migrations

_editors = importlib.import_module("articles.migrations.0006_editors_review_suggestions")


def grant(apps, schema_editor):
    _editors.grant(apps, schema_editor, group_name="سردبیران")


def revoke(apps, schema_editor):
    _editors.revoke(apps, schema_editor, group_name="سردبیران")


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_merge_0006_newsroom_roles_0008_merge_20261201_0130")]

    operations = [migrations.RunPython(grant, revoke)]
