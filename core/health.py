"""``GET /healthz/`` for load balancers, orchestrators and monitors, and the page readers get
when the database cannot be reached.

``/healthz/`` is answered by a middleware listed first, before anything that could redirect
(https, language prefix), set a cookie (session, CSRF, language) or mark the answer
cacheable: 200 ``{"database": "ok", "cache": "ok"}`` when a query and a cache round trip
work, else 503 with the part that failed, always ``Cache-Control: no-store``. Any host name
is accepted there, as load balancers often call it by address.

``/healthz/serving/`` asks only what a proxy choosing a backend needs to know: can this
server give readers pages? That needs the database, not the cache (pages render uncached
while Redis is away), so a Redis outage does not take every backend out of a proxy's pool.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz/"
SERVING_PATH = "/healthz/serving/"
OK = "ok"
UNAVAILABLE = "unavailable"


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return UNAVAILABLE
    return OK


def cache_status():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, OK, timeout=10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return UNAVAILABLE
    if answer != OK:
        # A cache that swallows its errors answers None: it is not working either.
        logger.warning("Health check: the cache did not give back what was stored")
        return UNAVAILABLE
    return OK


def healthz(request, checks_cache=True):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"error": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
    else:
        checks = {"database": database_status()}
        if checks_cache:
            checks["cache"] = cache_status()
        healthy = all(status == OK for status in checks.values())
        response = JsonResponse(checks, status=200 if healthy else 503)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    if request.method == "HEAD":
        response.content = b""
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz/`` and ``/healthz/serving/`` before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        if request.path_info == SERVING_PATH:
            return healthz(request, checks_cache=False)
        return self.get_response(request)
