import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
# Web requests: no query may hold a worker past gunicorn's timeout (30 s).
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "20000")
application = get_wsgi_application()
