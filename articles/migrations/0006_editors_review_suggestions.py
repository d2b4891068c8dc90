"""Editors review what the import discovered and keep the desks' other names."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "دبیران"
PERMISSIONS = [
    ("importsuggestion", "view"), ("importsuggestion", "change"),
    ("sectionalias", "view"), ("sectionalias", "add"), ("sectionalias", "change"), ("sectionalias", "delete"),
]


def grant(apps, schema_editor, group_name=GROUP_NAME):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*[
        Permission.objects.get(content_type__app_label="articles", content_type__model=model, codename=f"{action}_{model}")
        for model, action in PERMISSIONS
    ])


def revoke(apps, schema_editor, group_name=GROUP_NAME):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="articles", codename__in=[f"{a}_{m}" for m, a in PERMISSIONS]
        ))


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_wire_intelligence"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
