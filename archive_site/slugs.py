"""Unique unicode slugs for models addressed (or filtered) by slug."""

from archive_site.text import slugify_fa


def unique_slug(instance, text, field="slug", max_length=60):
    """A slug for `instance` from `text`, made unique in its table with '-2', '-3', ..."""
    base = slugify_fa(text, max_length=max_length) or instance._meta.model_name
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
