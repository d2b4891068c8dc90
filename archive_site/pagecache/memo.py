"""Values and blocks of a page kept for one content generation: `remember(name, compute)`.

What a page computes from content alone (a shared block of HTML, a count, a
chart's months, the archive's first and last day) is kept in the cache under
the current content generation (`generation.py`), so it is computed once per
change of content instead of once per request, and is never stale: every save,
delete or link change starts a new generation, and so does the next scheduled
publication (an entry never outlives it). A page rendered with the page cache
off still reuses these. `name` must say everything the value depends on (the
entity's id, the filters), never anything of the request.

Inside a transaction the value is computed afresh: changes not yet committed
have not moved the generation on. Off with FRAGMENT_CACHE=0, and by default
with DEBUG (templates and code change under the developer's hands).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.db import connection

from archive_site.pagecache import generation as generations

_MISSING = object()
logger = logging.getLogger(__name__)


def enabled():
    return getattr(settings, "FRAGMENT_CACHE_ENABLED", True) and not connection.in_atomic_block


def remember(name, compute):
    """compute(), or its value kept from an earlier call in this content generation."""
    if not enabled():
        return compute()
    digest = hashlib.blake2b(name.encode(), digest_size=12).hexdigest()
    try:
        generation = generations.current()
        cache = generations.cache()
        key = f"pagecache:memo:{generations.release()}:{generation.token}:{digest}"
        value = cache.get(key, _MISSING)
    except Exception:  # the cache (Redis) is down: a cache outage costs speed, never the page
        logger.warning("kept values: cache unavailable", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        timeout = generations.entry_timeout(generation, time.time())
        try:
            if timeout > 0:
                cache.set(key, value, timeout)
        except Exception:
            logger.warning("kept values: could not store %s", name, exc_info=True)
    return value
