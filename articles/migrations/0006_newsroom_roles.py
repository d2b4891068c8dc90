"""The newsroom's roles as groups: reporters, editors (the existing «دبیران»), chief editors.

«دبیران» keeps its members and permissions and gains publishing, confirming
conferences and corrections; the new groups are «خبرنگاران» (write, send for
review) and «سردبیران» (also withdraw, manage partner API keys). See
articles/roles.py for what each may do to an article's status.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_ALL = {
    "articles": ["article", "pressconference", "statement", "section", "historicalarticle", "historicalpressconference",
                 "correction"],
    "people": ["person", "personalias", "organization", "organizationalias", "role", "participation"],
    "platforms": ["platform", "platformalias"],
}

REPORTER_EXTRA = {
    "articles": {"article": ["add", "change"], "statement": ["add", "change", "delete"]},
}

EDITOR_EXTRA = {
    "articles": {
        "article": ["publish"],
        "pressconference": ["confirm"],
        "correction": ["add", "change", "view"],
    },
}

CHIEF_EXTRA = {
    "articles": {"article": ["withdraw"], "correction": ["delete"]},
    "archive_site": {"apikey": ["add", "change", "view"], "apikeyusage": ["view"]},
}


def _permissions(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                found.append(Permission.objects.get(
                    content_type__app_label=app_label, content_type__model=model, codename=f"{action}_{model}"
                ))
    return found


def make_roles(apps, schema_editor):
    for label in ("articles", "people", "platforms", "archive_site"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # create_permissions skips apps without models
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    read_all = _permissions(apps, {app: {model: ["view"] for model in models} for app, models in READ_ALL.items()})
    reporter_perms = read_all + _permissions(apps, REPORTER_EXTRA)

    editors, _ = Group.objects.get_or_create(name="دبیران")
    editors.permissions.add(*read_all, *_permissions(apps, EDITOR_EXTRA))
    editor_perms = list(editors.permissions.all())

    reporters, _ = Group.objects.get_or_create(name="خبرنگاران")
    reporters.permissions.set(reporter_perms)

    chiefs, _ = Group.objects.get_or_create(name="سردبیران")
    chiefs.permissions.set(editor_perms + _permissions(apps, CHIEF_EXTRA))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["خبرنگاران", "سردبیران"]).delete()
    editors = Group.objects.filter(name="دبیران").first()
    if editors:
        editors.permissions.remove(*_permissions(apps, EDITOR_EXTRA))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_newsroom"),
        ("articles", "0004_editors_group"),
        ("archive_site", "0001_initial"),
        ("people", "0001_initial"),
        ("platforms", "0002_known_platforms"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
