import os

from .base import *  # noqa: F403
from .base import env_bool, env_list
from .caches import page_cache_seconds_from_env

DEBUG = env_bool("DEBUG", True)
# Only for local development: a fixed key is harmless when the site is bound to 127.0.0.1.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The shared cache of base (the database's, or Redis), not a per-process one: what a
# command (load_demo, import_stories, the worker) publishes shows at once on runserver.
# Templates and code change under runserver without a publish: whole pages are kept only
# when PAGE_CACHE says so.
PAGE_CACHE_SECONDS = page_cache_seconds_from_env(os.environ, default="off")
