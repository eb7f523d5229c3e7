"""At most a few proposals per hour from one address, counted in Django's cache.

The count is kept in the shared cache (the database cache, or Redis with ``REDIS_URL``), so
all the processes of the site see the same number. While Redis does not answer nothing is
counted and proposals go through (fail open): the cache backend logs that Redis is down
(core/cache_backends.py), and no reader is refused for an outage of ours. Only the
address and a count are kept, for an hour at most. The window starts with the first
proposal and lasts an hour.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache

PROPOSALS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60
# One IPv6 host usually holds a whole /64, and changes address within it at will.
IPV6_PREFIX = 64


def client_address(request):
    """The reader's address.

    With no proxy in front (``TRUSTED_PROXY_COUNT`` = 0) it is REMOTE_ADDR, and
    ``X-Forwarded-For`` is ignored: anyone can send it. Behind n trusted reverse proxies,
    each one appends the address it received the request from, so the reader's address is
    the n-th entry from the right; entries further left came with the request and may be
    made up. When the header is missing, too short or not an address, REMOTE_ADDR is used.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote_addr


def _rate_key(request):
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return f"proposals:rate:{address}"
    if parsed.version == 6:
        network = ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False)
        return f"proposals:rate:{network}"
    return f"proposals:rate:{parsed}"


def limit_reached(request):
    return cache.get(_rate_key(request), 0) >= PROPOSALS_PER_WINDOW


def count_proposal(request):
    """Count one proposal from this address; the first one opens the hour's window."""
    key = _rate_key(request)
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)
