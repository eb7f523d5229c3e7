"""A Redis cache that the site can do without.

``ResilientRedisCache`` is Django's ``RedisCache`` with three changes:

- short socket timeouts (``socket_connect_timeout``, ``socket_timeout`` in ``OPTIONS``,
  from ``REDIS_CONNECT_TIMEOUT`` and ``REDIS_TIMEOUT``) and no retries, so a Redis that
  accepts connections and never answers costs one timeout, not Redis's default seconds;
- a Redis that is down, hanging or refusing a command never raises: reads answer a miss
  (the default), writes are dropped, ``incr`` raises ``ValueError`` as for a missing key.
  Pages then render uncached;
- a circuit breaker per process and per Redis address (shared by both aliases and every
  thread): after a failure nothing is sent to Redis for ``RETRY_SECONDS``; then one caller
  pings it, and caching resumes when it answers. So an outage costs at most one timeout per
  process every ``RETRY_SECONDS``, not one per call.

A warning is logged when Redis stops answering (at most once a minute per process) and
when it answers again. On recovery ``reachable_again`` is sent: ``stories`` bumps the
content version then, since a publish made during the outage could not bump it.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Sent (sender=ResilientRedisCache, location=...) when Redis answers again after a failure.
reachable_again = Signal()

DEFAULT_CONNECT_TIMEOUT = 0.1
DEFAULT_TIMEOUT_SECONDS = 0.2
DEFAULT_RETRY_SECONDS = 5.0
# At most one "Redis does not answer" warning per process and address in this time.
WARNING_INTERVAL_SECONDS = 60.0

# Errors that say Redis cannot be reached or did not answer in time: they open the circuit.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

_MISSING = object()


def describe(location):
    """host:port/db of a Redis URL, without its user or password, for the logs."""
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path or ''}"


class CircuitBreaker:
    """Whether calls to one Redis address go through, shared by a process's threads."""

    def __init__(self, location, retry_seconds):
        self.location = location
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._failing = False
        self._retry_at = 0.0
        self._last_warning = None

    @property
    def failing(self):
        return self._failing

    def ask(self):
        """ "call" while Redis answers; "skip" while the circuit is open; once its pause is
        over, "probe" for one caller (the others go on skipping while it tries)."""
        if not self._failing:
            return "call"
        with self._lock:
            now = time.monotonic()
            if not self._failing:
                return "call"
            if now < self._retry_at:
                return "skip"
            self._retry_at = now + self.retry_seconds
            return "probe"

    def failure(self, error):
        with self._lock:
            now = time.monotonic()
            self._failing = True
            self._retry_at = now + self.retry_seconds
            warn = (
                self._last_warning is None or now - self._last_warning >= WARNING_INTERVAL_SECONDS
            )
            if warn:
                self._last_warning = now
        if warn:
            logger.warning(
                "Redis cache at %s does not answer (%s: %s); pages are served uncached, "
                "and Redis is tried again every %s s.",
                describe(self.location),
                type(error).__name__,
                error,
                self.retry_seconds,
            )

    def success(self):
        with self._lock:
            recovered, self._failing = self._failing, False
        if recovered:
            logger.warning("Redis cache at %s answers again.", describe(self.location))
            reachable_again.send(sender=ResilientRedisCache, location=self.location)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, retry_seconds):
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = CircuitBreaker(location, retry_seconds)
        return breaker


def reset_breakers():
    """Forget every failure seen so far (tests that start a scenario afresh)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._retry_seconds = retry_seconds
        self._location = self._servers[0]

    @property
    def breaker(self):
        # Looked up on each call, so that reset_breakers() reaches existing instances.
        return breaker_for(self._location, self._retry_seconds)

    def _guarded(self, fallback, method, *args, **kwargs):
        breaker = self.breaker
        decision = breaker.ask()
        if decision == "skip":
            return fallback
        try:
            if decision == "probe":
                # Reachable again: tell the receivers before this call is answered.
                self._cache.get_client(write=True).ping()
                breaker.success()
            result = method(*args, **kwargs)
        except UNREACHABLE as error:
            breaker.failure(error)
            return fallback
        except RedisError as error:
            # Redis answered with an error (out of memory, read-only replica...): this call
            # fails, the next ones still go to Redis.
            logger.warning(
                "Redis cache at %s refused a command (%s); served uncached.",
                describe(self._location),
                error,
            )
            return fallback
        if breaker.failing:
            breaker.success()
        return result

    def ping(self):
        """Whether Redis answers now, asked even while the circuit is open (health checks:
        the other methods answer a miss rather than fail)."""
        try:
            self._cache.get_client(write=True).ping()
        except (*UNREACHABLE, RedisError) as error:
            self.breaker.failure(error)
            return False
        self.breaker.success()
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(_MISSING, super().incr, key, delta, version)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found: the Redis cache does not answer.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored: all of them when Redis does not answer.
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)
