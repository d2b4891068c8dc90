"""Settings of the press archive, read from the environment (see README.md)."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Under pytest: a fixed key and plain static storage.
TESTING = "pytest" in sys.modules or bool(os.environ.get("ARCHIVE_TESTING"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    elif not os.environ.get("DATABASE_URL"):
        # The embedded default (a local SQLite archive): keep a random key in a
        # file beside the database so commands work from a fresh clone.
        key_file = BASE_DIR / ".secret_key"
        if not key_file.exists():
            import secrets

            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text().strip()
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off and DATABASE_URL names a database.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks_db",  # Partner API 1.1: the task queue of webhooks and exports
    "corsheaders",  # Partner API 1.1: CORS on /api/
    "archive_site",
    "articles",
    "people",
    "platforms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive_site.api.middleware.ApiGZipMiddleware",  # Partner API 1.1: gzip for JSON under /api/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # Partner API 1.1 (before anything that answers)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "archive_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Editors and an import may write at the same time: wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Hardening: connect and statement timeouts, health checks (archive_site/dbsettings.py).
from archive_site.dbsettings import harden  # noqa: E402

harden(DATABASES["default"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
# Persian the project completes or corrects in Django's and libraries' own
# strings (missing translations, ZWNJ): scripts/make_fa_locale.py, `make locale`.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and DEBUG serve static files straight from the finders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Tests write key usage themselves (usage.flush()), in their own thread: a background writer could race
# a test's teardown, and a flush falling due inside a test would add queries to it.
USAGE_FLUSH_IN_BACKGROUND = not TESTING
if TESTING:
    USAGE_FLUSH_SECONDS = USAGE_FLUSH_REQUESTS = 10**9
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "archive"}
}

# The page cache ahead of Django's handler (archive_site/pagecache, docs/performance.md):
# anonymous GET/HEAD answers kept in the cache above, keyed on a content generation.
# Off by default with DEBUG: a template being edited would otherwise be served from the cache.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", not DEBUG)
# Longest life of an entry, in seconds (never past the next scheduled publication).
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
# The deploy, part of every cached page and block's key (empty: a digest of the static files' manifest).
PAGE_CACHE_RELEASE = os.environ.get("RELEASE", "")
# Where the generation is kept when the cache is in-process (default: the system's temp folder).
PAGE_CACHE_GENERATION_FILE = os.environ.get("PAGE_CACHE_GENERATION_FILE", "")
# Blocks and values computed from content alone (a sidebar, a count, a chart), kept per content
# generation (archive_site/pagecache/memo.py); also with the page cache off. Off by default with DEBUG.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE", not DEBUG)

# Security: each setting a deployment may need to change comes from the
# environment under the setting's own name, and is secure when unset.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Everything the site needs is its own: scripts, styles and fonts from 'self'.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The public site's own address, used in feeds, sitemaps and API links when no
# request is at hand.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "آرشیو خبری ایسکانیوز")

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The wire import takes at most this many bytes per file.
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(2 * 1024 * 1024)))

# Signed preview links for articles not yet public (docs/newsroom.md), in seconds.
PREVIEW_LINK_MAX_AGE = int(os.environ.get("PREVIEW_LINK_MAX_AGE", str(24 * 60 * 60)))

# Partner API.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "60/min")
API_KEY_RATE = os.environ.get("API_KEY_RATE", "1000/min")
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "100"))
# Characters of article text (body, lead, statements; the body twice with jsonld)
# one list page may carry: past it the page ends early and `next` goes on
# (articles/api.py:text_cost). About 4 MB of UTF-8 Persian.
API_PAGE_TEXT_BUDGET = int(os.environ.get("API_PAGE_TEXT_BUDGET", "2000000"))
# The change feed holds back entries younger than this, so a transaction that commits late cannot slip behind a cursor.
API_CHANGES_SETTLE_SECONDS = int(os.environ.get("API_CHANGES_SETTLE_SECONDS", "5"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE, "api_key": API_KEY_RATE},
    # Hardening: the partner key is the API's only authentication (no Basic:
    # a password oracle without CSRF); the docs add staff sessions themselves.
    "DEFAULT_AUTHENTICATION_CLASSES": ["archive_site.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["archive_site.api.throttling.AnonRateThrottle", "archive_site.api.throttling.ApiKeyRateThrottle"],
}
# How many proxies in front of the site append to X-Forwarded-For (nginx in
# docs/DEPLOY.md: 1). 0 trusts no header: the client is REMOTE_ADDR.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Press archive partner API",
    "DESCRIPTION": "Read-only API over the archive's public articles, press conferences, people, organizations and platforms.",
    "VERSION": "1.2.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "people.models.Organization.Kind",
        "PlatformKindEnum": "platforms.models.Platform.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Partner API 1.1 (docs/partner-api.md): the task worker, webhooks, exports, CORS.
# Tasks are rows in the database (django-tasks-db); `manage.py run_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_TICK_SECONDS = float(os.environ.get("WORKER_TICK_SECONDS", "5"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
# Loopback and private addresses are refused as webhook targets unless allowed (tests, a private deployment).
WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", False)
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR", str(BASE_DIR / "exports")))
EXPORTS_KEEP_DAYS = int(os.environ.get("EXPORTS_KEEP_DAYS", "7"))
# Browsers may read the API from any origin (GET and HEAD; no cookies: keys go in Authorization).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "if-none-match", "if-modified-since", "accept", "accept-language"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Hardening (issue 7; docs/DEPLOY.md) ---------------------------------------
import datetime as _dt  # noqa: E402

INSTALLED_APPS += ["axes"]
# Sign-in attempts are counted per address before anything else runs (no
# session, no hashing); Permissions-Policy on every answer; axes last, to turn
# its lockout signal into the Persian page.
MIDDLEWARE.insert(1, "archive_site.middleware.LoginRateLimitMiddleware")
MIDDLEWARE.insert(2, "archive_site.middleware.PermissionsPolicyMiddleware")
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# axes first: a locked-out user or address is refused before the password is hashed.
AUTHENTICATION_BACKENDS = ["archive_site.auth_backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_RATE = os.environ.get("LOGIN_RATE", "10/min")
LOGIN_RATE_LIMITED_PATHS = {"/admin/login/"}
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = _dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Locked by user name (guessing one editor's password from many addresses) and
# by address (one address trying many names), each on its own.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ONLY_ADMIN_SITE = True
AXES_CLIENT_IP_CALLABLE = "archive_site.api.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "archive_site.errors.login_locked_out"
CSRF_FAILURE_VIEW = "archive_site.errors.csrf_failure"
# Forms post only to the site itself (an injected form cannot send elsewhere).
SECURE_CSP["form-action"] = ["'self'"]
# Admin import preview (articles/admin_import.py): per upload at most this many
# bytes of wire copy and seconds of work; and Django's own file-count limit
# matching the form's.
IMPORT_PREVIEW_MAX_BYTES = int(os.environ.get("IMPORT_PREVIEW_MAX_BYTES", str(4 * 1024 * 1024)))
IMPORT_PREVIEW_SECONDS = int(os.environ.get("IMPORT_PREVIEW_SECONDS", "15"))
DATA_UPLOAD_MAX_NUMBER_FILES = 200
# Canonical URLs, feeds and the sitemap need the public address. Unset in
# production, it is the first ALLOWED_HOSTS name over HTTPS, never 127.0.0.1.
# Whether SITE_URL was left to a default (`check --deploy` says so: archive_site.checks).
SITE_URL_GUESSED = not os.environ.get("SITE_URL")
if not os.environ.get("SITE_URL") and not DEBUG and ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*":
    SITE_URL = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
# Uploaded files (kept with the data by `manage.py backup`).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / "media")
MEDIA_URL = "/media/"
