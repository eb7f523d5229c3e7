"""At most a few proposals per hour from one address, counted in Django's cache.

The count is kept in the shared cache (the database cache, or Redis with ``REDIS_URL``), so
all the processes of the site see the same number. While Redis does not answer nothing is
counted and proposals go through (fail open): the cache backend logs that Redis is down
(core/cache_backends.py), and no reader is refused for an outage of ours. Only the
address and a count are kept, for an hour at most. The window starts with the first
proposal and lasts an hour.
"""

import ipaddress

from django.core.cache import cache

from core.addresses import client_address

PROPOSALS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60
# One IPv6 host usually holds a whole /64, and changes address within it at will.
IPV6_PREFIX = 64


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
