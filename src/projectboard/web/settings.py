"""Django settings, from the environment.

``PROJECTBOARD_DEBUG=1`` turns on debug mode (and a development secret key);
``PROJECTBOARD_SECRET_KEY`` is required otherwise. The database is SQLite in WAL mode at
``var/projectboard.sqlite3`` (under the working directory, or ``PROJECTBOARD_DATA_DIR``)
unless ``DATABASE_URL`` names another, such as PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

DEBUG = os.environ.get("PROJECTBOARD_DEBUG", "") == "1"

# Django refuses to sign anything with an empty key, so a server without
# PROJECTBOARD_SECRET_KEY fails on the first request that needs one.
SECRET_KEY = os.environ.get(
    "PROJECTBOARD_SECRET_KEY", "dev-only-insecure-key-projectboard" if DEBUG else ""
)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "PROJECTBOARD_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else ""
    ).split(",")
    if h.strip()
]

DATA_DIR = Path(os.environ.get("PROJECTBOARD_DATA_DIR", Path.cwd() / "var"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "projectboard.web.accounts",
    "projectboard.web.projects",
    "projectboard.web.pid",
    "projectboard.web.api",
    "projectboard.web.returns",
    "projectboard.web.risks",
    "projectboard.web.board",
    "projectboard.web.highlights",
    "projectboard.web.business",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "projectboard.web.urls"
WSGI_APPLICATION = "projectboard.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
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

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "projectboard.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
                # lock at the start of a transaction instead of failing half way through.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
STATIC_URL = "static/"
# htmx comes from npm (package.json pins it); ``make demo`` runs ``npm ci``, and a deployment
# runs ``collectstatic`` into STATIC_ROOT for the web server to serve.
NODE_MODULES = Path(os.environ.get("PROJECTBOARD_NODE_MODULES", Path.cwd() / "node_modules"))
STATICFILES_DIRS = [("htmx", NODE_MODULES / "htmx.org" / "dist")]
STATIC_ROOT = DATA_DIR / "static"
LOGIN_REDIRECT_URL = "project-list"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (accounts/throttle.py): after this many failed logins for one username
# (case-insensitive), or for one client address, within the window (seconds), further
# attempts are refused with HTTP 429 without checking the password.
PROJECTBOARD_LOGIN_MAX_FAILURES = 5
PROJECTBOARD_LOGIN_MAX_FAILURES_PER_IP = 20
PROJECTBOARD_LOGIN_FAILURE_WINDOW = 15 * 60
# Behind reverse proxies: how many proxies in front of the server append to X-Forwarded-For
# (0: ignore the header, which a client can forge, and count REMOTE_ADDR).
PROJECTBOARD_TRUSTED_PROXIES = int(os.environ.get("PROJECTBOARD_TRUSTED_PROXIES", "0"))

# The throttle counts failures in this cache. Local memory is per process: with several
# server processes (or servers) each keeps its own counts, so use a shared cache such as
# the database cache ("django.core.cache.backends.db.DatabaseCache", after
# ``manage.py createcachetable``) there.
# PROJECTBOARD_SHARED_CACHE=1 selects the database cache (run ``createcachetable`` once).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "projectboard_cache",
        }
        if os.environ.get("PROJECTBOARD_SHARED_CACHE") == "1"
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "projectboard",
        }
    )
}

# Sessions last a working day and end when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# E-mail (reminders for RAG returns): the console in debug mode (the demo), otherwise SMTP as
# the environment says.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "projectboard@localhost")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
