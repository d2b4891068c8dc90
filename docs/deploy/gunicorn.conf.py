"""gunicorn behind nginx (docs/DEPLOY.md). Every value can be overridden from the environment.

Sync workers are right here because nginx buffers whole requests and whole
answers: a worker is only ever busy with a request that has fully arrived, and
hands its answer to nginx at memory speed, so slow clients cost nginx a
connection, not a worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/archive/gunicorn.sock")
# (2 x cores) + 1, the gunicorn rule for sync workers; set GUNICORN_WORKERS for small machines.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is killed; the app's own limits stay below it
# (statement timeout 20 s, import preview 15 s, database connect 5 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so slow leaks cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The request line and headers nginx lets through (large_client_header_buffers 4 4k) fit these.
limit_request_line = 4094
limit_request_fields = 100
# Only nginx on this machine may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
wsgi_app = "archive_site.wsgi:application"
