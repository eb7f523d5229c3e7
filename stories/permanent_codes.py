"""Permanent codes of reports: short, easy to read aloud and to copy by hand.

Upper-case letters and digits without the look-alikes 0/O, 1/I/L, so a code read from
paper is never ambiguous; codes are matched case-insensitively. ``ReportPage`` gives each
report its code; ``downloads`` serves the permalinks /r/<code>/.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
# 31**6 is about 890 million codes: a clash is rare, and each one is simply drawn again.


def random_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code):
    return code.upper()
