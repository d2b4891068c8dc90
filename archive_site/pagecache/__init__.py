"""A full-page cache in front of Django's handler (see docs/performance.md).

- `generation`: the content generation that every cached entry is keyed on,
  bumped by every content change, and the time of the next scheduled publication.
- `signals`: bump the generation when content changes (save, delete, m2m).
- `wsgi`: the WSGI wrapper that serves anonymous GET/HEAD from the cache.
"""

from archive_site.pagecache.generation import bump, current, schedule_bump

__all__ = ["bump", "current", "schedule_bump"]
