"""Fingerprints of upstream code this site copies or relies on (docs/upstream.md).

A fingerprint is the SHA-256 of a function's or class's source without comments, blank lines
or indentation, so a reformatted docstring still changes it but a moved comment does not.
When an upgrade changes one, the test that holds it fails with what to re-read: compare the
new upstream code with ours, adapt ours if needed, then record the new fingerprint and the
version in docs/upstream.md.
"""

import hashlib
import inspect
import io
import tokenize


def normalised_source(obj):
    source = inspect.getsource(obj)
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    lines = {}
    for token in tokens:
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT):
            continue
        if token.type == tokenize.DEDENT or not token.string:
            continue
        lines.setdefault(token.start[0], []).append(token.string)
    return "\n".join(" ".join(parts) for _line, parts in sorted(lines.items()))


def fingerprint(obj):
    return hashlib.sha256(normalised_source(obj).encode()).hexdigest()


def assert_unchanged(obj, expected, ours):
    """``obj`` (upstream) still has the ``expected`` fingerprint; ``ours`` names what
    depends on it."""
    actual = fingerprint(obj)
    name = f"{obj.__module__}.{obj.__qualname__}"
    assert actual == expected, (
        f"{name} changed upstream (fingerprint {actual}). Re-read it against {ours}, adapt "
        "ours if needed, then update the fingerprint here and the entry in docs/upstream.md."
    )
