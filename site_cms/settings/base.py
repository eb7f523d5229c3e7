"""Settings shared by every environment. Anything environment-specific comes from
environment variables, read here or in the dev/production/test modules."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .caches import caches_from_env, page_cache_entries_from_env, page_cache_seconds_from_env
from .email import email_settings_from_env
from .frontend_cache import frontend_cache_from_env, shared_cache_seconds_from_env
from .log_config import logging_from_env
from .machine_translation import machine_translator_from_env
from .media_storage import media_origin, media_storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The site's apps in their dependency order, bottom up (pyproject.toml, [tool.importlinter]).
INSTALLED_APPS = [
    "core",
    "backups",
    "stories",
    "downloads",
    "home",
    "proposals",
    "navigation",
    "seo",
    "search",
    "embeds",
    "opendata",
    "editorial",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    # After frontend_cache: it replaces that app's queued purges with its own (see purging.apps).
    "purging",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "wagtail.api.v2",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    # /healthz/ first: no redirect, cookie or cache header reaches it (core/health.py).
    "core.health.HealthCheckMiddleware",
    # A body over REQUEST_BODY_MAX_SIZE is refused (413) before anything reads it.
    "core.upload_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path, query, cookies or form: input no page can take is a
    # 400 here, not a 500 wherever it would have failed (core/middleware.py).
    "core.middleware.RequestInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every page, so a browser's revalidation of a public page costs a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.memo.RequestMemoMiddleware",
    # The open data files of the current content version, as WhiteNoise serves static files:
    # a repeated download skips everything below (opendata/middleware.py).
    "opendata.middleware.DataFileMiddleware",
    # Whole public pages from the shared cache: a hit skips everything below (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    # A page's cached pieces read in one round trip on its first view under a new content
    # version, from what the same address read last time (core/cache.py).
    "core.cache.PrefetchPiecesMiddleware",
    "core.middleware.PublicCacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.admin_language.PermalinkAwareLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Wagtail's site of the request, found once per content version and host (after
    # CommonMiddleware, which refuses a host that is not allowed: core/site_lookup.py).
    "core.site_lookup.SiteLookupMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in refused for a lockout into the lockout page (core/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.fragment_cache",
            ],
        },
    },
]

WSGI_APPLICATION = "site_cms.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (postgres://...) selects PostgreSQL.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the busy timeout makes a second
    # writer wait instead of failing at once with "database is locked". Connections are
    # kept between requests, as with PostgreSQL: opening one (and its PRAGMAs) cost 1.7 ms,
    # ten times what a page answered from the page cache costs otherwise. Outside a
    # transaction a kept connection holds no lock, and a restore writes into the same file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with the health check skipped on a connection that served a request
    # a moment ago (core/postgresql/base.py): one round trip less on every busy request.
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    # A database host that does not answer fails the request (a 503 page) within seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password guessing on the admin's sign-in (django-axes): after LOGIN_FAILURE_LIMIT failures
# within LOGIN_LOCKOUT_MINUTES, the account is locked, and so is the address they came from
# (each rule on its own: one address trying many accounts is stopped too), until
# LOGIN_LOCKOUT_MINUTES have passed since the last failure or a superuser unlocks it in the
# admin (Settings > Sign-in lockouts, core/wagtail_hooks.py). The failures are rows in the
# database, so every process of every machine sees the same lockout. axes' check comes first;
# its AxesBackend (rather than the standalone one) also answers get_user and permissions as
# ModelBackend, because Wagtail's page test helpers sign in with the first backend listed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# Tries while locked out do not push the end of the lockout further: an attacker who keeps
# trying cannot keep an editor out for longer than LOGIN_LOCKOUT_MINUTES after the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the address's failures: one valid account must not reset the
# count of an address that is guessing the passwords of others.
AXES_RESET_ON_SUCCESS = False
# Only failures are kept (the lockout needs nothing else); the admin has no Django admin
# site for axes' own pages.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Italian is the source language, English the translation.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Image files straight from MEDIA_ROOT with DEBUG off, for a machine with no web server in
# front (`make serve` turns it on); documents never (site_cms/urls.py).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Files readers send (story proposals): never under MEDIA_URL, only through an admin view
# that checks permissions (proposals.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# The open data files (/data/…), written once per content version on each machine and served
# from here (opendata/files.py): a cache, safe to delete. By default in the temporary folder,
# which every deployment's user may write (systemd's units and the container too).
DATA_FILES_ROOT = Path(
    os.environ.get(
        "DATA_FILES_ROOT", Path(tempfile.gettempdir()) / f"welfare-data-files-{os.getuid()}"
    )
)
# The worker writes them after a publish, for SITE_BASE_URL. Off on a worker that shares no
# disk with a web server (deploy/compose.yaml): its files would serve no one.
DATA_FILES_AFTER_PUBLISH = env_bool("DATA_FILES_AFTER_PUBLISH", True)
# A web worker writes a missing file in a thread and answers with the earlier one meanwhile:
# at 10,000 stories a file takes longer than GUNICORN_TIMEOUT. Off in tests (at once).
DATA_FILES_IN_BACKGROUND = env_bool("DATA_FILES_IN_BACKGROUND", True)

# Images, documents and proposals' files: on the local disk, or in an S3-compatible bucket
# when AWS_STORAGE_BUCKET_NAME is set (site_cms/settings/media_storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "proposals.storage.PrivateMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if S3_MEDIA := media_storages_from_env(os.environ):
    STORAGES.update(default=S3_MEDIA["default"], private=S3_MEDIA["private"])
    MEDIA_URL = S3_MEDIA["media_url"]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Every request body, files included, is capped before it is read (core/upload_limits.py);
# each form's own limit on a file sits below it, so that its message is the one readers see.
REQUEST_BODY_MAX_SIZE = 12 * 1024 * 1024
UPLOADED_FILE_MAX_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.upload_limits.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A form sent with an expired token comes back with what was typed (core/views.py).
CSRF_FAILURE_VIEW = "proposals.csrf.csrf_failure"
# How many reverse proxies in front of the site append to X-Forwarded-For: the story
# proposals' rate limit and the sign-in lockout read the reader's address there
# (core.addresses.client_address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

WAGTAIL_SITE_NAME = _("Welfare stories")
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Wagtail's index ("default") has one text search configuration for both languages:
# "simple" (no stemming) serves the admin evenly. The public search has its own ("site",
# search/backend.py): each page's words stemmed with its language's Snowball rules, in
# PostgreSQL's GIN-indexed tsvector or SQLite's FTS5; being a backend, Wagtail's signals,
# tasks and update_index keep it current.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    "site": {"BACKEND": "search.backend"},
}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# Documents go out through Wagtail's view (never from the media folder), where
# downloads.views.serve_document checks the report's status, adds ranges and counts.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "downloads.forms.PDFDocumentForm"
# Redirects are still created on slug changes and moves, by editorial.redirects, which
# leaves out addresses that were never published (a new translation's first slug).
WAGTAILREDIRECTS_AUTO_CREATE = False
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOADED_FILE_MAX_SIZE
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOADED_FILE_MAX_SIZE
# An image of more pixels is refused at upload: decoding one takes about 4 bytes a pixel
# (an 11000 x 11000 PNG of 353 KB took a worker from 160 MB to about 1 GB). Pillow refuses
# to open a larger one anywhere (core/apps.py), so a decompression bomb fails early.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The admin asks nothing of third parties: no avatars from gravatar.com (a hash of each
# editor's e-mail) and no release check against releases.wagtail.io.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses are ASCII: titles with accents are transliterated (editorial/slug_hooks.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Machine translation pre-fills the translation editor (DEEPL_API_KEY or LIBRETRANSLATE_URL);
# off when neither is set. See site_cms/settings/machine_translation.py.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env(os.environ)

# Public pages run under this policy: no inline script or style, nothing from third parties.
# Images may come from the media bucket or its CDN (site_cms/settings/media_storage.py).
IMAGE_SOURCES = " ".join(filter(None, ["'self'", "data:", media_origin(MEDIA_URL)]))
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src {IMAGE_SOURCES}; script-src 'self'; style-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
# The Wagtail admin, once signed in: the public policy plus what Wagtail 8 needs, found by
# loading its pages in Chromium (tests/browser/test_admin_csp.py). Its widgets start with
# inline scripts (choosers, inline panels, date pickers: 27 on a story's editor, two in the
# explorer, an inline event handler on an image's page) and its editor sets inline styles,
# so both need 'unsafe-inline'; image previews of files not yet uploaded are blob:. Nothing
# needs 'unsafe-eval' or a third party. Before signing in (the sign-in, lockout and password
# reset pages) the admin has no such script and runs under the public policy.
ADMIN_CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src {IMAGE_SOURCES} blob:; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
# The admin's addresses: their own policy above, and never kept by a cache.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
# Browser features no page of the site uses, refused to it and to anything it frames.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
# Other sites may not load the site's responses into their pages (Spectre-type leaks, hot
# linking), except those made for it, which say so themselves: embed cards, PDFs, open data
# and the API (core.middleware.shared_with_other_sites).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# "default" keeps fragments of public pages, the content version (core/cache.py) and the
# proposal rate limit; "renditions" lets Wagtail find image renditions without a query;
# "pages" keeps whole public pages, apart so that they never push the others out. All are
# shared by every process: Redis with REDIS_URL, else the database (settings/caches.py).
CACHES = caches_from_env(os.environ)
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600"))
# Whole public pages for anonymous readers (core/page_cache.py): seconds, 0 when
# PAGE_CACHE=off; at most PAGE_CACHE_ENTRIES of them in the "pages" cache. Each process also
# keeps those it has read in memory, up to this size.
PAGE_CACHE_SECONDS = page_cache_seconds_from_env(os.environ)
PAGE_CACHE_ENTRIES = page_cache_entries_from_env(os.environ)
PAGE_CACHE_MEMORY_BYTES = 32 * 1024 * 1024

# The caching proxy (Varnish, nginx) and CDN (Cloudflare, CloudFront) purged after every
# publish, unpublish, move or delete (purging/); none when no variable is set. See
# site_cms/settings/frontend_cache.py.
WAGTAILFRONTENDCACHE = frontend_cache_from_env(os.environ)
# Our addresses have translated segments: purging.public_urls names each language's itself.
WAGTAILFRONTENDCACHE_LANGUAGES = []
# How long a shared cache may keep a public page (s-maxage): until purged, at most a day,
# when something purges it; 0 (always revalidate) otherwise.
FRONTEND_CACHE_SECONDS = shared_cache_seconds_from_env(
    os.environ, purged=bool(WAGTAILFRONTENDCACHE)
)

# SMTP when EMAIL_HOST is set, else EMAIL_BACKEND (console): site_cms/settings/email.py.
_email_settings = email_settings_from_env(os.environ)
globals().update(_email_settings)
# Shown on the accessibility statement for readers' reports.
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", _email_settings["DEFAULT_FROM_EMAIL"])

# Background work Wagtail and the site queue (search and reference index updates, proposal
# e-mails): run at once, in the request, in development and tests; production stores them
# in the database for `manage.py run_worker` (site_cms/settings/production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# One line per event on standard output (site_cms/settings/log_config.py).
LOGGING = logging_from_env(os.environ)
