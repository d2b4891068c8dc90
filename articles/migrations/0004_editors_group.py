"""The editors' group «دبیران»: what an editor or reporter needs in the admin, and no more.

Editors add, change and view the archive's content. They delete only what
corrects an entry (a statement, a participant, an alias) — never an article,
a conference, a person, an organization, a platform or a desk: an article is
withdrawn instead (its address answers 410, its text and history stay), and
the rest are what other records point at. Deleting those is left to a
superuser. Roles are not deleted either (a participation points at the role
held then); a role that ended gets an end date.

No user or group management, and no partner API keys: those are for the
site's administrators.

Permissions are normally created after migrations (post_migrate); on a fresh
database they do not exist yet here, so they are created first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "دبیران"

EDITOR_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "view"],
        "pressconference": ["add", "change", "view"],
        "statement": ["add", "change", "delete", "view"],
        "section": ["add", "change", "view"],
        "historicalarticle": ["view"],
        "historicalpressconference": ["view"],
    },
    "people": {
        "person": ["add", "change", "view"],
        "personalias": ["add", "change", "delete", "view"],
        "organization": ["add", "change", "view"],
        "organizationalias": ["add", "change", "delete", "view"],
        "role": ["add", "change", "view"],
        "participation": ["add", "change", "delete", "view"],
    },
    "platforms": {
        "platform": ["add", "change", "view"],
        "platformalias": ["add", "change", "delete", "view"],
    },
}


def codenames():
    for app_label, models in EDITOR_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, model, f"{action}_{model}"


def create_editors_group(apps, schema_editor):
    for label in EDITOR_PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # create_permissions skips apps without models
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = []
    for app_label, model, codename in codenames():
        wanted.append(
            Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
        )
    group.permissions.set(wanted)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_index"),
        ("people", "0001_initial"),
        ("platforms", "0002_known_platforms"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
