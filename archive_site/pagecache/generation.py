"""The content generation: one token that changes whenever anything a reader can see changes.

Every cached page and API answer is stored with the generation it was rendered
in, and served only while that generation is current, so an edit, a
publication, a withdrawal or an entity change shows at once everywhere.
Beside the token the generation keeps:

- `bumped_at`: when content last changed (the Last-Modified of every page);
- `next_publication`: when the next scheduled article becomes public. No entry
  lives past it, and the first request after it starts a new generation, so a
  scheduled article appears on time without anybody saving anything.

Where it is kept must be shared by every process that serves or edits:

- with a shared cache (CACHE_URL, Redis): in that cache, read with the entry in
  one round trip;
- with the in-process default (LocMemCache, one machine): in a small file next
  to the database (PAGE_CACHE_GENERATION_FILE), read by its inode and mtime, so
  that the gunicorn workers, the admin and management commands on this machine
  agree. Several machines without CACHE_URL cannot agree: set CACHE_URL there.
"""

import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

GENERATION_KEY = "pagecache:generation"
# A generation kept in the cache outlives every entry (entries live at most PAGE_CACHE_TIMEOUT).
GENERATION_TIMEOUT = None


@dataclass(frozen=True)
class Generation:
    token: str
    bumped_at: float  # Unix time
    next_publication: float | None  # Unix time, or None when nothing is scheduled

    def to_json(self):
        return json.dumps({"token": self.token, "bumped_at": self.bumped_at, "next_publication": self.next_publication})

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        return cls(token=str(data["token"]), bumped_at=float(data["bumped_at"]), next_publication=data.get("next_publication"))

    def expired(self, now):
        """Whether a scheduled article has come out since this generation began."""
        return self.next_publication is not None and now >= self.next_publication


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def uses_shared_cache():
    """Whether the cache is shared between processes (Redis), so the generation can live in it."""
    backend = cache().__class__.__module__
    return not (backend.endswith("locmem") or backend.endswith("dummy"))


def generation_file():
    configured = getattr(settings, "PAGE_CACHE_GENERATION_FILE", "")
    if configured:
        return Path(configured)
    # One file per database, so two checkouts (or the test database) never share a generation.
    db = connection.settings_dict
    ident = hashlib.sha256(f"{db['ENGINE']}|{db.get('HOST')}|{db.get('PORT')}|{db['NAME']}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"archive-pagecache-{ident}.json"


_release = None


def release():
    """What was deployed: `RELEASE` if set, else a digest of the static files' manifest.

    Part of every key, so a deploy that changes templates or static files (whose
    addresses carry their hash) never serves pages cached by the previous code:
    those would point at CSS and scripts the new release no longer has.
    """
    global _release
    if _release is None:
        configured = getattr(settings, "PAGE_CACHE_RELEASE", "")
        if not configured:
            manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
            try:
                configured = hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
            except OSError:
                configured = "unbuilt"
        _release = configured
    return _release


def next_scheduled_publication():
    """When the next article scheduled for later becomes public (Unix time), or None (one indexed query)."""
    from django.db.models import Min

    from articles.models import Article

    now = timezone.now()
    first = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        first=Min("published_at")
    )["first"]
    return first.timestamp() if first else None


def _new_generation():
    return Generation(token=uuid.uuid4().hex[:16], bumped_at=timezone.now().timestamp(),
                      next_publication=next_scheduled_publication())


# The file store: parsed once per change of the file, then one stat() per request.
_file_lock = threading.Lock()
_file_seen = {}  # path -> ((inode, mtime_ns, size), Generation)


def _read_file(path):
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    seen = _file_seen.get(path)
    if seen and seen[0] == signature:
        return seen[1]
    try:
        generation = Generation.from_json(Path(path).read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with _file_lock:
        _file_seen[path] = (signature, generation)
    return generation


def _write_file(path, generation):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed over: readers see the old file or the new one, never half of one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(generation.to_json())
    os.replace(tmp, path)


def read_stored():
    """The stored generation, or None (nothing stored yet, or unreadable)."""
    if uses_shared_cache():
        raw = cache().get(GENERATION_KEY)
        return Generation.from_json(raw) if raw else None
    return _read_file(str(generation_file()))


def store(generation):
    if uses_shared_cache():
        cache().set(GENERATION_KEY, generation.to_json(), GENERATION_TIMEOUT)
    else:
        _write_file(generation_file(), generation)


def bump():
    """Start a new generation now: every cached page and answer stops being served."""
    generation = _new_generation()
    store(generation)
    return generation


def current(now=None):
    """The current generation; a new one when none is stored or a scheduled article has come out since."""
    now = timezone.now().timestamp() if now is None else now
    generation = read_stored()
    if generation is None or generation.expired(now):
        generation = bump()
    return generation


def _pending_on(conn):
    # Django keeps (savepoint ids, callback, robust) for each on_commit callback
    # and drops them on rollback, so this sees exactly what is still to run.
    return any(getattr(entry[1], "__name__", "") == "_bump_after_commit" for entry in getattr(conn, "run_on_commit", []))


def _bump_after_commit():
    bump()


def schedule_bump(using=None):
    """Bump once the current transaction commits (at once outside one); many changes in one transaction bump once.

    After the commit, not inside the transaction: a page rendered between the
    bump and the commit would otherwise be stored under the new generation with
    the old content.
    """
    conn = transaction.get_connection(using)
    if conn.in_atomic_block and _pending_on(conn):
        return
    # robust: a cache that cannot be written (Redis down) is logged, and never turns a saved edit into an error page.
    transaction.on_commit(_bump_after_commit, using=using, robust=True)


def entry_timeout(generation, now):
    """Seconds an entry stored now may live: PAGE_CACHE_TIMEOUT, and never past the next scheduled publication."""
    timeout = int(getattr(settings, "PAGE_CACHE_TIMEOUT", 600))
    if generation.next_publication is not None:
        timeout = min(timeout, int(generation.next_publication - now))
    return timeout


def as_datetime(timestamp):
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
