"""Bump the content generation on every change to what readers and partners see.

Any model of the content apps counts (articles, desks, conferences, statements,
people, organizations, roles, participations, platforms, aliases, and the
links between them); the admin, the import and the workflow services all save
through these. Writes that skip signals (`QuerySet.update`, `bulk_create`)
call `archive_site.pagecache.schedule_bump()` themselves.
"""

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from archive_site.pagecache.generation import schedule_bump

CONTENT_APPS = {"articles", "people", "platforms"}


def _is_content(sender):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.apps is not global_apps:
        return False  # a migration's historical model: the site is not serving from this state
    # Historical records (django-simple-history) change with their model: one bump is enough.
    return meta.app_label in CONTENT_APPS and not meta.model_name.startswith("historical")


def content_saved(sender, instance=None, raw=False, using=None, **kwargs):
    if raw or not _is_content(sender):
        return
    schedule_bump(using)


def content_deleted(sender, instance=None, using=None, **kwargs):
    if _is_content(sender):
        schedule_bump(using)


def links_changed(sender, instance=None, action="", using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _is_content(type(instance)):
        schedule_bump(using)


def connect():
    post_save.connect(content_saved, dispatch_uid="pagecache_content_saved")
    post_delete.connect(content_deleted, dispatch_uid="pagecache_content_deleted")
    m2m_changed.connect(links_changed, dispatch_uid="pagecache_links_changed")
