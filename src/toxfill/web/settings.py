"""Settings, read from the environment by small typed readers that fail loudly.

TOXFILL_DEBUG          "1" for development (never in production)
TOXFILL_SECRET_KEY     the secret key (sessions, signed addresses; the key sealing the clinics'
                       signing keys is derived from it); else read from TOXFILL_SECRET_KEY_FILE
                       (a container secret, e.g. /run/secrets/toxfill-secret-key), else from
                       the systemd credential toxfill-secret-key ($CREDENTIALS_DIRECTORY), else
                       from $TOXFILL_DATA_DIR/secret-key (made by `toxfill serve`)
TOXFILL_SECRET_KEY_FALLBACKS  comma-separated earlier secret keys, still accepted after a
                       rotation (Django's SECRET_KEY_FALLBACKS; they open sealed signing keys);
                       also one a line from TOXFILL_SECRET_KEY_FALLBACKS_FILE, else from the
                       systemd credential toxfill-secret-key-fallbacks
TOXFILL_DATA_DIR       where the SQLite database, secret key and static files live (./var)
TOXFILL_ALLOWED_HOSTS  comma-separated host names (127.0.0.1,localhost)
TOXFILL_EMERGENCY_COUNTRY  whose emergency number the pages show first: us (911), uk (999),
                       eu (112) or au (000); a person can choose another (us)
DATABASE_URL           e.g. postgresql://postgres@127.0.0.1:5432/toxfill (default: SQLite)
TOXFILL_DB_POOL_SIZE   PostgreSQL connections per worker process (default 4; 0: no pool)
TOXFILL_REPLICA_URL    a streaming replica of DATABASE_URL's PostgreSQL, e.g.
                       postgresql://toxfill@db2:5432/toxfill?sslmode=verify-full: requests that
                       only read, from members who have not just written, read it (db_router)
TOXFILL_REPLICA_MAX_LAG_SECONDS  further behind the primary than this, the replica is not
                       read (5)
TOXFILL_READ_YOUR_WRITES_SECONDS  after a write, that member's reads go to the primary this
                       long (default: the replica's max lag + 5; must be more than it)
TOXFILL_PHOTOS_S3_BUCKET   keep clinical photos in this private S3 bucket (default: the data dir);
                       with TOXFILL_PHOTOS_S3_ENDPOINT_URL (MinIO, other S3-compatible stores),
                       TOXFILL_PHOTOS_S3_REGION, TOXFILL_PHOTOS_S3_ENCRYPTION (aes256, aws:kms,
                       none) and TOXFILL_PHOTOS_S3_ACL (private, none); credentials come from
                       boto3's own chain (AWS_ACCESS_KEY_ID..., AWS_PROFILE, an instance role)
TOXFILL_REDIS_URL      e.g. redis://127.0.0.1:6379/0: the reminder queue and the rate-limit counts
                       in Redis (default: SQLite for the queue, the database cache for the counts)
TOXFILL_TRUSTED_PROXIES  comma-separated addresses or networks of the reverse proxies whose
                       X-Forwarded-For is believed (127.0.0.1,::1; empty: none)
TOXFILL_LOGIN_CONCURRENT_CHECKS  password checks one server process runs at once (4)
TOXFILL_EMAIL_HOST     the mail server (unset: email is printed); with TOXFILL_EMAIL_SECURITY
                       (starttls, tls, none), _PORT, _USER, _PASSWORD(_FILE), _FROM
                       (web/email_config.py)
TOXFILL_LOG_FORMAT     text (the default: lines as gunicorn writes them) or json (one JSON object
                       a line, for a log processor; web/log_format.py)
TOXFILL_LOG_SYSLOG     every log line to syslog too: unix:///dev/log, or udp:// or tcp:// to a
                       relay on this machine (web/log_shipping.py)
TOXFILL_ALLOW_UNENCRYPTED_NETWORK  "1": plain connections to other machines (PostgreSQL, Redis,
                       syslog, a node's HTTP) are taken, the operator trusting a private network;
                       otherwise refused (web/connection_tls.py)
TOXFILL_BREACHED_PASSWORDS  file:<Pwned Passwords SHA-1 file> or range:<its k-anonymity API>:
                       new passwords found in breaches are refused (clinic/breached_passwords.py)
TOXFILL_WORKER         0: `toxfill serve` starts no reminder worker (it runs as its own service,
                       or on one other node: several nodes sharing TOXFILL_REDIS_URL run one)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.client_address import trusted_proxies
from toxfill.web.clinic.breached_passwords import configured_corpus
from toxfill.web.connection_tls import check_https, check_postgresql, check_redis
from toxfill.web.email_config import email_settings
from toxfill.web.environment import (
    data_dir,
    env_bool,
    env_choice,
    env_int,
    env_list,
    read_secret_key,
    secret_key_fallbacks,
    secret_key_file,
)
from toxfill.web.log_format import logging_config
from toxfill.web.log_lines import log_format
from toxfill.web.log_shipping import syslog_target


def secret_key(debug: bool) -> str:
    if key := os.environ.get("TOXFILL_SECRET_KEY"):
        return key
    key_file = secret_key_file()
    if key_file.is_file():
        return read_secret_key(key_file)
    if debug:
        return "insecure-development-key-only-for-TOXFILL_DEBUG"
    raise ImproperlyConfigured(
        f"TOXFILL_SECRET_KEY is not set and {key_file} does not exist; "
        "`toxfill serve` creates the file, or set TOXFILL_DEBUG=1 for development"
    )


DEBUG = env_bool("TOXFILL_DEBUG")
DATA_DIR = data_dir()
SECRET_KEY = secret_key(DEBUG)
SECRET_KEY_FALLBACKS = secret_key_fallbacks()
ALLOWED_HOSTS = env_list("TOXFILL_ALLOWED_HOSTS", "127.0.0.1,localhost")
# The reverse proxy on this machine (README, "Serving in production"); see client_address.py.
TRUSTED_PROXIES = trusted_proxies(env_list("TOXFILL_TRUSTED_PROXIES", "127.0.0.1,::1"))
EMERGENCY_COUNTRY = env_choice("TOXFILL_EMERGENCY_COUNTRY", "us", ("us", "uk", "eu", "au"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI's files from this site (no CDN) for /api/v1/docs
    "toxfill.web.guide",
    "simple_history",
    "axes",
    # Two-factor sign-in: authenticator-app codes (TOTP) from django-otp; passkeys through
    # python-fido2 (clinic/passkeys.py), recovery codes of our own (stored as digests).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "toxfill.web.clinic",
    "huey.contrib.djhuey",  # scheduled follow-up reminders (clinic/tasks.py)
    "toxfill.web.patient_link",
]

MIDDLEWARE = [
    "toxfill.web.log_format.RequestId",  # first: every answer and its log lines carry the ID
    "django.middleware.security.SecurityMiddleware",
    "toxfill.web.headers.PrivacyHeadersMiddleware",
    "toxfill.web.headers.ContentSecurityPolicy",  # django-csp's, the site's policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a cookie, a query or a form: PostgreSQL cannot take a NUL.
    "toxfill.web.nul_characters.RefuseNulCharacters",
    # Before the sessions, so that it sees the session cookie a sign-in sets (db_router).
    "toxfill.web.db_router.ReadYourWrites",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the sessions, before CommonMiddleware: the language a public page is written in.
    "toxfill.web.language.PublicLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toxfill.web.clinic.idle_sign_out.SignOutWhenIdle",  # before anything reads request.user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # after the others: it answers a locked-out login
]

ROOT_URLCONF = "toxfill.web.urls"
WSGI_APPLICATION = "toxfill.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toxfill.web.guide.emergency.emergency",
            ],
        },
    },
]


DEFAULT_POOL_SIZE = 4  # connections per worker process: bench/RESULTS.md, the connections drill
POOL_TIMEOUT = 20  # seconds a request waits for a free connection


def database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "toxfill.sqlite3",
            # WAL lets readers and a writer work at once; IMMEDIATE avoids lock upgrades failing.
            # Every page that shows a patient writes the access log, so reads queue for the one
            # writer too: they wait for it as long as PostgreSQL's requests wait for a connection,
            # not sqlite3's 5 s, which a busy clinic's charting outlasted ("database is locked",
            # bench/RESULTS.md, the load of a chain).
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": POOL_TIMEOUT,
            },
        }
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgresql:// or sqlite://, not {url.split(':')[0]!r}"
        )
    if url.startswith("sqlite://"):
        return dict(dj_database_url.parse(url))
    check_postgresql("DATABASE_URL", url)
    return postgresql(url, env_int("TOXFILL_DB_POOL_SIZE", DEFAULT_POOL_SIZE, 0, 100))


def postgresql(url: str, pool_size: int) -> dict[str, object]:
    """PostgreSQL through a pool of at most `pool_size` connections in each worker process
    (psycopg's pool, which Django manages): a request borrows one and gives it back, so the
    server sees at most workers x pool_size connections however many visitors come, and a
    visitor over that waits for a free one instead of failing. 0 turns the pool off: one
    connection per request, for a pooler in front of PostgreSQL (PgBouncer)."""
    settings: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if pool_size:
        options = dict(settings.get("OPTIONS") or {})
        # A request waits for a free connection less long than a worker may take (30 s).
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": POOL_TIMEOUT}
        settings["OPTIONS"] = options
    return settings


def read_replica(primary: dict[str, object]) -> dict[str, object] | None:
    """The "replica" database: a streaming replica of the PostgreSQL primary, which
    toxfill.web.db_router reads for requests that only read; None without TOXFILL_REPLICA_URL."""
    url = os.environ.get("TOXFILL_REPLICA_URL", "").strip()
    if not url:
        return None
    if not url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"TOXFILL_REPLICA_URL must start with postgresql://, not {url.split(':')[0]!r}"
        )
    if not str(primary["ENGINE"]).endswith("postgresql"):
        raise ImproperlyConfigured(
            "TOXFILL_REPLICA_URL is a replica of a PostgreSQL primary: set DATABASE_URL to "
            "that primary (postgresql://...) as well"
        )
    check_postgresql("TOXFILL_REPLICA_URL", url)
    replica = postgresql(url, env_int("TOXFILL_DB_POOL_SIZE", DEFAULT_POOL_SIZE, 0, 100))
    # Under test, the primary's test database is read through this alias (Django's mirror).
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def read_your_writes_seconds(max_lag: int) -> int:
    """How long a member's reads stay on the primary after they write: longer than the
    replica may lag, or the member could read the replica before their write reached it."""
    seconds = env_int("TOXFILL_READ_YOUR_WRITES_SECONDS", max_lag + 5, 1, 3600)
    if seconds <= max_lag:
        raise ImproperlyConfigured(
            f"TOXFILL_READ_YOUR_WRITES_SECONDS ({seconds}) must be more than "
            f"TOXFILL_REPLICA_MAX_LAG_SECONDS ({max_lag}), or a member may not see their write"
        )
    return seconds


DATABASES = {"default": database()}
if (replica := read_replica(DATABASES["default"])) is not None:
    DATABASES["replica"] = replica
    DATABASE_ROUTERS = ["toxfill.web.db_router.PrimaryReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("TOXFILL_REPLICA_MAX_LAG_SECONDS", 5, 0, 300)
READ_YOUR_WRITES_SECONDS = read_your_writes_seconds(REPLICA_MAX_LAG_SECONDS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The public pages in English or Spanish (web/language.py); catalogs under web/locale, the
# compiled .mo committed beside its .po (tests/web/test_catalogs.py keeps them in step).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
LANGUAGE_COOKIE_NAME = "toxfill_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [Path(__file__).parent / "static"]


def photo_storage(data: Path) -> dict[str, object]:
    """The "photos" storage: a folder of the data dir, or a private S3-compatible bucket when
    TOXFILL_PHOTOS_S3_BUCKET is set. Either way no photo has a public URL: the clinic
    workspace streams each one through the storage to a role that may see it."""
    bucket = os.environ.get("TOXFILL_PHOTOS_S3_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            # Readable by toxfill's own user only: photos are clinical records.
            "OPTIONS": {
                "location": data / "photos",
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    encryption = env_choice("TOXFILL_PHOTOS_S3_ENCRYPTION", "aes256", ("aes256", "aws:kms", "none"))
    acl = env_choice("TOXFILL_PHOTOS_S3_ACL", "private", ("private", "none"))
    # No keys here: boto3 finds them itself (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
    # an instance or task role), so no secret passes through Django's settings.
    endpoint = os.environ.get("TOXFILL_PHOTOS_S3_ENDPOINT_URL") or None
    if endpoint:
        check_https("TOXFILL_PHOTOS_S3_ENDPOINT_URL", endpoint)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("TOXFILL_PHOTOS_S3_REGION") or None,
            "location": "photos",
            # "none" for a bucket with ACLs disabled (AWS's default): private by its policy.
            "default_acl": "private" if acl == "private" else None,
            "querystring_auth": True,  # a URL, if anything ever asks for one, is signed
            "signature_version": "s3v4",  # what every region and MinIO accept (not SigV2)
            "file_overwrite": False,  # names are random already; never replace a photo
            # Encrypted at rest by S3 (SSE-S3 or the account's KMS key); MinIO needs a KMS for it.
            "object_parameters": {
                "aes256": {"ServerSideEncryption": "AES256"},
                "aws:kms": {"ServerSideEncryption": "aws:kms"},
                "none": {},
            }[encryption],
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "toxfill.web.static_files.StaticFiles"},  # whitenoise's
    # Clinical photos: never under STATIC_ROOT or any public URL, served only by the clinic
    # workspace to roles that may see them.
    "photos": photo_storage(DATA_DIR),
}
WHITENOISE_USE_FINDERS = True
# Source maps serve only a developer's browser tools; compressing the API docs' maps at
# brotli's best level was most of a first start's half minute.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# The one limit on a photo's file: the action refuses a larger one in the form's words, and the
# server's body limit (toxfill.web.asgi) is this plus room for the form's other fields.
PHOTO_MAX_BYTES = 10 * 1024 * 1024

# Production is HTTPS behind a reverse proxy (README); TOXFILL_HTTPS=0 only for `make run`,
# which serves plain http on 127.0.0.1. `manage.py check --deploy` has nothing to report.
HTTPS = env_bool("TOXFILL_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
# No inline script or style anywhere (templates load files from /static/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# A request body (an API document, a form) of at most 64 KB: a bigger one is refused unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_DOCUMENT_BYTES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Clinic sign-in (C6): argon2 for passwords, django-axes against guessing, short sessions.
# TOXFILL_DEMO=1 (`make run`) loads the demo clinic; its printed logins work only then.
DEMO = env_bool("TOXFILL_DEMO")
PASSWORD_HASHERS = [
    # Argon2id sized for a server (OWASP: 19 MiB, 2 passes, 1 lane), not Django's 100 MiB;
    # older argon2 hashes still verify, and are re-hashed at this size on the next sign-in.
    "toxfill.web.clinic.auth.ServerArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before argon2
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "toxfill.web.clinic.passwords.ContextWordsValidator"},
    {"NAME": "toxfill.web.clinic.breached_passwords.BreachedPasswordValidator"},
]
# Passwords found in data breaches, from the corpus TOXFILL_BREACHED_PASSWORDS names
# (clinic/breached_passwords.py): a Pwned Passwords file, or its k-anonymity range API.
BREACHED_PASSWORDS = configured_corpus()
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "toxfill.web.clinic.auth.ClinicBackend",
]
# Failures are counted in the database, so every worker and node sees one count. Five wrong
# passwords for one username from one address pause that pair; twenty from one address, for
# any usernames, pause the address (clinic.auth.LoginFailures: a clinic behind one NAT
# address has room for its staff's typos, a guesser trying many usernames does not).
AXES_HANDLER = "toxfill.web.clinic.auth.LoginFailures"
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# The visitor behind a trusted reverse proxy, not the proxy (toxfill.web.client_address).
AXES_CLIENT_IP_CALLABLE = "toxfill.web.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password checks (about 20 MiB each) at once in one server process; more wait briefly, then
# are answered 429 with Retry-After.
LOGIN_CONCURRENT_CHECKS = env_int("TOXFILL_LOGIN_CONCURRENT_CHECKS", 4, 1, 64)
# The second step of signing in (clinic/second_factor.py): an authenticator app names the site
# so; a wrong code waits 1, 2, 4... seconds before the next is checked (django-otp's throttle,
# on top of django-axes' pauses, which count wrong codes as wrong passwords).
OTP_TOTP_ISSUER = "toxfill"
OTP_TOTP_THROTTLE_FACTOR = 1
# What django-axes keeps of a failed attempt's form: never a code typed at the second step.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
# Signed out after this long without a request (clinic/idle_sign_out.py): HIPAA's automatic
# logoff. A clinic whose screens sit in a locked office may allow more, up to a working day.
TOXFILL_IDLE_MINUTES = env_int("TOXFILL_IDLE_MINUTES", 30, 1, 8 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Follow-up reminders (C6): emailed this many days before due, by Huey's consumer, which
# `toxfill serve` runs beside gunicorn (gunicorn_conf.py; TOXFILL_WORKER=0: run
# `toxfill-manage run_huey` yourself, once). Email goes through Django's backend: the console
# unless TOXFILL_EMAIL_HOST is set.
TOXFILL_REMINDER_DAYS = env_int("TOXFILL_REMINDER_DAYS", 3, 0, 60)


def task_queue(data: Path) -> dict[str, object]:
    """Huey's settings: its queue in SQLite in the data dir (nothing more to run), or in
    Redis when TOXFILL_REDIS_URL is set."""
    url = os.environ.get("TOXFILL_REDIS_URL", "").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "TOXFILL_REDIS_URL must start with redis://, rediss:// or unix://, "
            f"not {url.split(':')[0]!r}"  # the rest may hold a password
        )
    if url:
        check_redis("TOXFILL_REDIS_URL", url)
    storage: dict[str, object] = (
        {"huey_class": "huey.RedisHuey", "url": url}
        if url
        else {"huey_class": "huey.SqliteHuey", "filename": str(data / "tasks.sqlite3")}
    )
    return {
        **storage,
        "name": "toxfill",
        "immediate": False,
        # An idle consumer looks for work at least every second, so it stops within a second.
        "consumer": {"workers": 1, "worker_type": "thread", "max_delay": 1.0},
    }


HUEY = task_queue(DATA_DIR)


def shared_cache(redis_url: object) -> dict[str, object]:
    """Where limits that must hold across workers and nodes are counted (the patient link's
    rate limits), and who just wrote is marked (db_router's read-your-writes): Redis when
    TOXFILL_REDIS_URL is set, else a table of the database (`toxfill serve` creates it).
    Never per process: two workers would double every limit."""
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "toxfill",
        }
    return {"BACKEND": "toxfill.web.cache.CountingDatabaseCache", "LOCATION": "toxfill_cache"}


CACHES = {
    "default": shared_cache(HUEY.get("url")),
    # The public pages' {% cache %} fragments (the knowledge base rendered once): the same in
    # every process, so each keeps its own in memory (warmed by toxfill.web.warm).
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Email over TLS unless to a relay on this machine (web/email_config.py): TOXFILL_EMAIL_HOST,
# TOXFILL_EMAIL_SECURITY, TOXFILL_EMAIL_PORT, TOXFILL_EMAIL_USER, TOXFILL_EMAIL_PASSWORD(_FILE).
globals().update(email_settings())

# The server's log as text lines, or JSON lines with TOXFILL_LOG_FORMAT=json (web/log_format.py).
# Every line to syslog as well with TOXFILL_LOG_SYSLOG (web/log_shipping.py).
LOGGING = logging_config(log_format(), syslog_target())
