"""Permanent codes of reports: short, easy to read aloud and to copy by hand.

Upper-case letters and digits without the look-alikes 0/O, 1/I/L, so a code read from
paper is never ambiguous; codes are matched case-insensitively.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
# 31**6 is about 890 million codes: a clash is rare, and each one is simply drawn again.


def random_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code):
    return code.upper()


def assign_permanent_code(report):
    """Gives ``report`` the code of its translation group, or a new one.

    Every language version of a report shares one code. A copy of a report (a new
    translation group) that arrived with someone else's code gets a fresh one.
    """
    from stories.models import ReportPage

    group_codes = set(
        ReportPage.objects.filter(translation_key=report.translation_key)
        .exclude(permanent_code="")
        .values_list("permanent_code", flat=True)
    )
    if report.permanent_code and report.permanent_code in group_codes:
        return
    if group_codes:
        report.permanent_code = sorted(group_codes)[0]
        return
    if report.permanent_code and not code_is_taken(report.permanent_code, report):
        return
    code = random_code()
    while code_is_taken(code, report):
        code = random_code()
    report.permanent_code = code


def code_is_taken(code, report):
    from stories.models import ReportPage

    return (
        ReportPage.objects.filter(permanent_code=code)
        .exclude(translation_key=report.translation_key)
        .exists()
    )
