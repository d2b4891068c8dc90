import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
# Web requests: no query may hold a worker past gunicorn's timeout (30 s).
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "20000")

# Anonymous pages and API answers are served from the page cache ahead of
# Django's middleware (archive_site/pagecache; PAGE_CACHE=0 turns it off).
from archive_site.pagecache.wsgi import PageCacheMiddleware  # noqa: E402

application = PageCacheMiddleware(get_wsgi_application())
