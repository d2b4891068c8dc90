"""How the site talks to its database when the database is slow or gone (see docs/DEPLOY.md).

- A connect timeout: a database that never answers fails a request in
  DB_CONNECT_TIMEOUT seconds (then 503 with Retry-After), instead of holding a
  worker until gunicorn kills it.
- A statement timeout for the web server: no query holds a worker longer than
  DB_STATEMENT_TIMEOUT_MS. The WSGI entry point turns it on; commands (migrate,
  imports, backups) run without it unless the environment sets it.
- Health checks of persistent connections: after a database restart the
  first request on each worker reconnects instead of failing.
"""

import os


def harden(database, environ=os.environ):
    """`database` (one DATABASES entry) with timeouts and health checks from the environment."""
    database["CONN_HEALTH_CHECKS"] = True
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        options.setdefault("connect_timeout", int(environ.get("DB_CONNECT_TIMEOUT", "5")))
        statement_ms = int(environ.get("DB_STATEMENT_TIMEOUT_MS", "0") or 0)
        if statement_ms > 0:
            existing = options.get("options", "")
            options["options"] = f"{existing} -c statement_timeout={statement_ms}".strip()
    return database
