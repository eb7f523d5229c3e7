"""Production settings for the throwaway local demo started by scripts/demo_site.py.

Everything production does stays on (DEBUG off, compressed and hashed static files served by
WhiteNoise, the Content-Security-Policy); only what a plain-http server on 127.0.0.1 needs
is changed. SECRET_KEY, ALLOWED_HOSTS and SECURE_SSL_REDIRECT come from the environment that
demo_site.py sets.
"""

from site_cms.settings.production import *  # noqa: F403
from site_cms.settings.production import MIDDLEWARE

# The demo is served over plain http, where secure-only cookies would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# In production the front web server compresses HTML. Here Django does it, so page weights
# match what a phone downloads. It sits after WhiteNoise, which answers static files with
# its own pre-compressed copies before this middleware is reached.
_after_whitenoise = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_whitenoise],
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[_after_whitenoise:],
]

# No worker runs beside the demo server: Wagtail's index updates (and any other task) are
# done at once, as in development, so the demo's search finds its pages.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
