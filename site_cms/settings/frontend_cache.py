"""Which caching proxies and CDNs are purged when content changes, chosen from the environment.

- ``FRONTEND_CACHE_PURGE_URLS``: comma-separated addresses of the Varnish servers, which take
  HTTP ``PURGE`` requests sent straight to them (deploy/varnish/default.vcl refuses one that
  came through another proxy), e.g. ``http://127.0.0.1:6081,http://10.0.0.5:6081``.
- ``CLOUDFLARE_API_TOKEN`` with ``CLOUDFLARE_ZONE_ID``: Cloudflare's purge API (an API token
  with the "Cache Purge" permission on the zone).
- ``CLOUDFRONT_DISTRIBUTION_ID``: a CloudFront invalidation; boto3 finds the AWS keys in the
  usual variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``) or the instance role.
- ``FRONTEND_CACHE_PURGE_TIMEOUT``: seconds each purge request may take (default 3).

Any combination may be set; none means no purging. The backends are Wagtail's, wrapped by
``purging.backends`` so that they give up quickly and log a warning instead of raising: a
proxy that is down never stops an editor from publishing.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

HTTP_BACKEND = "purging.backends.HTTPBackend"
CLOUDFLARE_BACKEND = "purging.backends.CloudflareBackend"
CLOUDFRONT_BACKEND = "purging.backends.CloudfrontBackend"
DEFAULT_TIMEOUT = 3.0


def purge_timeout_from_env(environ):
    raw = environ.get("FRONTEND_CACHE_PURGE_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        timeout = float(raw)
    except ValueError:
        timeout = 0
    if not 0 < timeout <= 60:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_PURGE_TIMEOUT must be a number of seconds up to 60, not {raw!r}."
        )
    return timeout


def frontend_cache_from_env(environ):
    """The value of ``WAGTAILFRONTENDCACHE`` for these environment variables."""
    timeout = purge_timeout_from_env(environ)
    backends = {}

    locations = [
        item.strip()
        for item in environ.get("FRONTEND_CACHE_PURGE_URLS", "").split(",")
        if item.strip()
    ]
    for number, location in enumerate(locations, start=1):
        parts = urlsplit(location)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_PURGE_URLS must list http(s) addresses, not {location!r}."
            )
        backends[f"proxy{number}"] = {
            "BACKEND": HTTP_BACKEND,
            "LOCATION": location.rstrip("/"),
            "TIMEOUT": timeout,
        }

    token = environ.get("CLOUDFLARE_API_TOKEN", "").strip()
    zone = environ.get("CLOUDFLARE_ZONE_ID", "").strip()
    if bool(token) != bool(zone):
        raise ImproperlyConfigured(
            "Set both CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONE_ID, or neither."
        )
    if token:
        backends["cloudflare"] = {
            "BACKEND": CLOUDFLARE_BACKEND,
            "BEARER_TOKEN": token,
            "ZONEID": zone,
            "TIMEOUT": timeout,
        }

    distribution = environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip()
    if distribution:
        backends["cloudfront"] = {
            "BACKEND": CLOUDFRONT_BACKEND,
            "DISTRIBUTION_ID": distribution,
            "TIMEOUT": timeout,
        }
    return backends


def shared_cache_seconds_from_env(environ, purged):
    """How long shared caches (the proxy, the CDN) may keep a public page: until purged,
    up to ``FRONTEND_CACHE_SECONDS`` (one day by default), when something purges them;
    otherwise not at all without asking the site again (a conditional request, answered
    304 when nothing changed), since nothing would tell them of a publish."""
    if not purged:
        return 0
    raw = environ.get("FRONTEND_CACHE_SECONDS", "86400").strip()
    if not raw.isdigit():
        raise ImproperlyConfigured(f"FRONTEND_CACHE_SECONDS must be whole seconds, not {raw!r}.")
    return int(raw)
