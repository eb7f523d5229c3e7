"""Numbers of key figures as a reader says them: "36,5 milioni di euro", "€36.5 million"."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, ngettext

MILLION = Decimal(1_000_000)


def _localised_amount(value, max_decimals=2):
    """``value`` as the active language writes an amount: thousands grouped, its decimal
    mark, at most ``max_decimals`` decimals and no trailing zeros ("1.234,5")."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-max_decimals)).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _count(value):
    """The number that picks the plural form: 1.5 years is plural, not "1 year"."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else 2


UNIT_PHRASES = {
    "eur": lambda amount, value: gettext("%(amount)s euro") % {"amount": amount},
    "projects": lambda amount, value: (
        ngettext("%(amount)s project", "%(amount)s projects", _count(value)) % {"amount": amount}
    ),
    "ideas": lambda amount, value: (
        ngettext("%(amount)s project idea", "%(amount)s project ideas", _count(value))
        % {"amount": amount}
    ),
    "cities": lambda amount, value: (
        ngettext("%(amount)s city", "%(amount)s cities", _count(value)) % {"amount": amount}
    ),
    "municipalities": lambda amount, value: (
        ngettext("%(amount)s municipality", "%(amount)s municipalities", _count(value))
        % {"amount": amount}
    ),
    "inhabitants": lambda amount, value: (
        ngettext("%(amount)s inhabitant", "%(amount)s inhabitants", _count(value))
        % {"amount": amount}
    ),
    "years": lambda amount, value: (
        ngettext("%(amount)s year", "%(amount)s years", _count(value)) % {"amount": amount}
    ),
    "partners": lambda amount, value: (
        ngettext("%(amount)s partner", "%(amount)s partners", _count(value)) % {"amount": amount}
    ),
}


def format_figure(value, unit):
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if unit == "eur" and abs(value) >= MILLION:
        millions = (value / MILLION).quantize(Decimal("0.1")).normalize()
        return gettext("%(amount)s million euro") % {"amount": _localised_amount(millions, 1)}
    amount = _localised_amount(value)
    phrase = UNIT_PHRASES.get(unit)
    return phrase(amount, value) if phrase else amount


# Django's Italian catalogue capitalises month names ("31 Dicembre 2014"), where Italian
# writes them in lower case. Naming them here brings them into this project's catalogue,
# which takes precedence over Django's (LOCALE_PATHS).
MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
