"""The page shown when django-axes refuses a sign-in: too many failures for the account or
from the address (the settings are in site_cms/settings/base.py, "Password guessing").

axes' own answer is a bare line of text; this one is the admin's sign-in page, in the
editor's language, saying for how long and who can lift the lock, with status 429 and
``Retry-After``.
"""

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render


def lockout_response(request, original_response, credentials):
    """``AXES_LOCKOUT_CALLABLE``: called by axes' middleware for a refused sign-in."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = render(
        request,
        "core/login_locked_out.html",
        {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
