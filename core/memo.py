"""A memo that lives for one request: lookups that many parts of one page need are made once.

Below both users: ``core.cache`` keeps the content version here, and ``core.request_memo``
keeps its lookups (which use ``core.cache``) here too.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Opens a fresh memo for each request and drops it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def memoize(key, compute):
    """``compute()`` once per request; outside a request (commands, tests calling code
    directly) every call computes afresh."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@contextmanager
def thread_scope(local, name):
    """Gives ``local.<name>`` (a ``threading.local``) a dict for the block, the enclosing
    block's when nested, and puts back what was there after it: memos that hold only
    inside one operation of one thread (an import)."""
    previous = getattr(local, name, None)
    setattr(local, name, {} if previous is None else previous)
    try:
        yield
    finally:
        setattr(local, name, previous)
