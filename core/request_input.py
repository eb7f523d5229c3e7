"""Reading input from requests (paths, query strings, headers, forms) without surprises.

Control characters: no address, slug or search of the site holds one, and PostgreSQL
refuses a NUL anywhere in a query, so a value holding one is refused before it reaches the
database (core.middleware.RequestInputMiddleware, page routing).

Whole numbers: ``int()`` is too lenient for them: it takes "١٠٠" as 100, "1_000" and "+3",
while ``str.isdigit()`` also admits "²" and "①", which ``int()`` then refuses (a 500), and a
string of over 4,300 digits makes ``int()`` raise. Here a number is ASCII digits only, few enough
to fit the databases' 64-bit integers, within the bounds the caller gives; anything else is
no number at all (None), which each caller turns into its own answer (a 400, a default).
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# C0 control characters and DEL, tab and line breaks aside (a pasted search may hold them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every 18-digit number fits a signed 64-bit integer (below 2**63, about 9.2e18).
MAX_DIGITS = 18
DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
LARGEST = 10**MAX_DIGITS - 1


def has_control_characters(text):
    return CONTROL_CHARACTERS.search(text) is not None


def whole_number(raw, *, minimum=0, maximum=LARGEST):
    """``raw`` as an int when it is plain ASCII digits between ``minimum`` and ``maximum``
    (leading zeros allowed), else None. Never raises, whatever ``raw`` is."""
    if not isinstance(raw, str) or not DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if minimum <= number <= maximum else None


class WholeNumberField(forms.IntegerField):
    """``forms.IntegerField`` reading only what ``whole_number`` takes: "١٠٠" and "1e3" are
    invalid, not 100 and an error page."""

    default_error_messages = {"invalid": _("Enter a whole number.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value).strip())
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
