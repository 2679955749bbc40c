"""One settings module, configured by environment variables (see .env.example).

Nothing set: SQLite in var/, DEBUG off, a secret generated once into var/secret_key.
Production: DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, HTTPS=1.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# pytest imports this module itself; tests swap storage and hashers for speed.
TESTING = "pytest" in sys.modules


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := env_str("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "schreibwerkstatt.core.third_party.AxesConfig",
    "csp",
    "django_tasks",
    "schreibwerkstatt.core.third_party.TasksDatabaseConfig",
    "schreibwerkstatt.core",
    "schreibwerkstatt.accounts",
    # Low, so every app that tells people something can call inbox.services.notify.
    "schreibwerkstatt.inbox",
    "schreibwerkstatt.municipalities",
    "schreibwerkstatt.glossary",
    "schreibwerkstatt.history",
    "schreibwerkstatt.process",
    "schreibwerkstatt.strategies",
    "schreibwerkstatt.comments",
    "schreibwerkstatt.inventory",
    "schreibwerkstatt.documents",
    "schreibwerkstatt.boards",
    "schreibwerkstatt.advising",
    "schreibwerkstatt.discussions",
    "schreibwerkstatt.exports",
    "schreibwerkstatt.revisions",
    "schreibwerkstatt.jobs",
    "schreibwerkstatt.exchange",
    "schreibwerkstatt.transparency",
    "schreibwerkstatt.monitoring",
    "schreibwerkstatt.personal",
    "schreibwerkstatt.roadmap",
    "schreibwerkstatt.guides",
    "schreibwerkstatt.workshops",
    "schreibwerkstatt.audit",
    # Above the strategies, revisions and monitoring it counts: the statewide picture.
    "schreibwerkstatt.statewide",
    "schreibwerkstatt.library",
    # Above every app whose data it reaches: the download and erasure of personal data.
    "schreibwerkstatt.privacy",
    "schreibwerkstatt.search",
    # The visitors' start page and the page in Leichte Sprache (guides, FAQ, glossary).
    "schreibwerkstatt.public",
    "schreibwerkstatt.demo",  # last: it uses every other app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "schreibwerkstatt.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "schreibwerkstatt.accounts.middleware.NoStoreForLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "schreibwerkstatt.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# Background tasks (django-tasks, database backend): the worker is
# `schreibwerkstatt worker`, started by `make run`. Tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Periodic jobs the worker enqueues: (dotted path of a django-tasks task, seconds).
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("schreibwerkstatt.jobs.tasks.clean_up_jobs", 60 * 60),
    # Reminders decide themselves what is due and record what they sent (personal/reminders.py).
    ("schreibwerkstatt.personal.tasks.send_reminders", 60 * 60),
    ("schreibwerkstatt.personal.tasks.send_weekly_digests", 60 * 60),
    # The weekly digest of notifications (inbox/digest.py), Mondays, once per person and week.
    ("schreibwerkstatt.inbox.tasks.send_digests", 60 * 60),
    # Records in the audit log that a support access ran out (municipalities/services.py).
    ("schreibwerkstatt.municipalities.tasks.record_expired_support_accesses", 10 * 60),
    # Deletes audit events and login records past their retention period (audit/retention.py).
    ("schreibwerkstatt.audit.tasks.apply_retention_periods", 60 * 60),
    # Reminders of workshop sessions: a day and an hour before (workshops/reminders.py), so
    # every five minutes; and new public series to the visitors who asked for them.
    ("schreibwerkstatt.workshops.tasks.send_session_reminders", 5 * 60),
    ("schreibwerkstatt.workshops.tasks.announce_new_series", 10 * 60),
]
# Retention periods in days (docs/datenschutz.md): the audit log, login records of
# django-axes (successful and failed logins), and the files of exports and imports.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
LOGIN_LOG_RETENTION_DAYS = env_int("LOGIN_LOG_RETENTION_DAYS", 90)
JOB_RETENTION_DAYS = env_int("JOB_RETENTION_DAYS", 7)
# A running job whose worker shows no sign of life for this long counts as abandoned and is
# retried once or marked failed (jobs/lease.py); the worker's heartbeat comes every ninth.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 45)

ROOT_URLCONF = "schreibwerkstatt.urls"
WSGI_APPLICATION = "schreibwerkstatt.wsgi.application"
ASGI_APPLICATION = "schreibwerkstatt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schreibwerkstatt.municipalities.context_processors.municipalities",
                "schreibwerkstatt.process.context_processors.cycle",
                "schreibwerkstatt.inbox.context_processors.inbox",
            ],
            # `{% url %}` remembers its answers; see core/templatetags/memo_url.py.
            "builtins": ["schreibwerkstatt.core.templatetags.memo_url"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while the demo loader or a worker writes. A write waits for
    # the one before it up to `timeout` seconds (Python's default, 5, ended busy moments, such
    # as 200 people voting on one board of the embedded default, in "database is locked"
    # and a 500).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis is a fast copy, never the record: while it is away reads miss and writes are
    # dropped (core/cache.py), and sessions live on in the database (cached_db). Short
    # timeouts so an unreachable Redis costs a request at most a fraction of a second.
    REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 500) / 1000
    CACHES = {
        "default": {
            "BACKEND": "schreibwerkstatt.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sw",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Channels' layer carries live updates (boards) between the processes serving WebSockets.
# With Redis: publish/subscribe, which broadcast to 200 sockets over two processes in p95
# 48 ms (the older RedisChannelLayer took 469 ms; docs/decisions.md). Without Redis: in one
# process only, so `make run` then serves with a single worker (Channels' in-memory layer,
# cleaning up at most once a second: core/channel_layers.py).
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "sw"},
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"}
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
INVITATION_MAX_AGE_DAYS = 7

# Login rate limiting (django-axes). The client address is REMOTE_ADDR only, so a
# spoofed X-Forwarded-For changes nothing. Behind a reverse proxy set
# TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
# A lockout holds for one account from one client address only, so nobody can lock a
# person out by failing on purpose from elsewhere; the holder also gets an unlock link by
# mail (accounts/services.py). Trying many accounts from one address is slowed by the
# login view's per-address limit (accounts/views.py, LOGIN_FAILURES_PER_ADDRESS).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "schreibwerkstatt.accounts.security.login_username"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "schreibwerkstatt.accounts.security.client_ip"
# Who must set up a second factor (TOTP) before using anything else: "operators" (staff
# superusers), "coordinators", both comma-separated, or empty (the default, for the demo).
REQUIRE_2FA_FOR = env_list("REQUIRE_2FA_FOR", "")
if unknown := set(REQUIRE_2FA_FOR) - {"operators", "coordinators"}:
    raise ImproperlyConfigured(f"REQUIRE_2FA_FOR: unknown group(s) {sorted(unknown)}")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Security headers. HTTPS=1 is production behind TLS.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script, no inline style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic's target; the tests that start real servers collect into their own folder.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files of background jobs (uploads, exports): outside MEDIA_ROOT, never served directly;
    # only jobs.views.download hands them out, after the permission check. Web and worker
    # must share this directory (or use a shared storage backend here).
    "jobs": (
        {"BACKEND": "django.core.files.storage.InMemoryStorage"}
        if TESTING
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": Path(env_str("JOBS_ROOT", str(VAR_DIR / "jobs"))),
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The priority list is one form for all measures: 500 measures (an import's limit) with a
# few criteria are thousands of inputs; the size limit above still caps the request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
LOGO_MAX_BYTES = 1024 * 1024

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Without a mail server the mails land as files in var/mail (the demo's outbox).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Schreibwerkstatt <noreply@schreibwerkstatt.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the site at; links in e-mails and calendar entries start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
