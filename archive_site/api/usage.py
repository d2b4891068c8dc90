"""Per-key request counts, kept in memory and written in batches: no database write on the request path.

Each process adds up requests per (key, Tehran day) and writes them in one
transaction at most every USAGE_FLUSH_SECONDS (or at USAGE_FLUSH_REQUESTS
requests), in a background thread; what is left is written when the process
exits. The admin's daily counts may lag by those seconds.
"""

import atexit
import datetime as dt
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

_lock = threading.Lock()
_pending = Counter()
_last_used = {}
_last_flush = time.monotonic()


def count(key, now=None):
    """Count one request for `key`; starts a background flush when one is due."""
    global _last_flush
    now = now or timezone.now()
    with _lock:
        _pending[(key.pk, timezone.localdate(now))] += 1
        _last_used[key.pk] = now
        due = (
            time.monotonic() - _last_flush >= getattr(settings, "USAGE_FLUSH_SECONDS", 10)
            or sum(_pending.values()) >= getattr(settings, "USAGE_FLUSH_REQUESTS", 500)
        )
        if due:
            _last_flush = time.monotonic()
    if due and getattr(settings, "USAGE_FLUSH_IN_BACKGROUND", True):
        threading.Thread(target=_flush_in_thread, daemon=True).start()
    elif due:
        flush()


def _flush_in_thread():
    try:
        flush()
    finally:
        connection.close()


def flush():
    """Write the counted requests; returns how many were written."""
    from archive_site.models import APIKey, APIKeyUsage

    with _lock:
        batch, used = dict(_pending), dict(_last_used)
        _pending.clear()
        _last_used.clear()
    if not batch:
        return 0
    # A key deleted since its requests were counted has nowhere to keep them.
    live = set(APIKey.objects.filter(pk__in={key_id for key_id, _ in batch}).values_list("pk", flat=True))
    batch = {(key_id, day): n for (key_id, day), n in batch.items() if key_id in live}
    with transaction.atomic():
        for (key_id, day), requests in batch.items():
            if not APIKeyUsage.objects.filter(key_id=key_id, day=day).update(requests=F("requests") + requests):
                try:
                    with transaction.atomic():
                        APIKeyUsage.objects.create(key_id=key_id, day=day, requests=requests)
                except IntegrityError:  # another process created the day's row first
                    APIKeyUsage.objects.filter(key_id=key_id, day=day).update(requests=F("requests") + requests)
        for key_id, moment in used.items():
            APIKey.objects.filter(pk=key_id).filter(
                last_used_at__isnull=True
            ).update(last_used_at=moment) or APIKey.objects.filter(
                pk=key_id, last_used_at__lt=moment - dt.timedelta(seconds=1)
            ).update(last_used_at=moment)
    return sum(batch.values())


def _flush_at_exit():
    try:
        flush()
    except Exception:  # the database may be gone already at interpreter exit
        pass


atexit.register(_flush_at_exit)
