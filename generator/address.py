"""What the engine takes for an email address: one definition for the preview, the mailto: link and the .eml.

Deliberately simple, and checked without a regular expression (one pass, no
backtracking): one `@`, a local part and a domain, the domain of dot-separated
labels, and none of the characters that would let a second address or a
header in (`,` `;` `<` `>` and the like). The mail program is the real judge
of whether the address exists. Addresses are plain ASCII: the .eml draft is
7-bit, and an address with accents needs a mail server that accepts it
(SMTPUTF8), which many do not.
"""

from __future__ import annotations

MAX_LENGTH = 254
"""RFC 5321's longest path, less its angle brackets: the longest address a mail server takes."""

ADVICE = "one email address, like name@example.com, in plain letters (no accents, spaces or commas)"

# Beside the space: separators of a list of addresses, quoting, comments and brackets.
_NOT_IN_AN_ADDRESS = frozenset(' ,;<>()[]"\\:')


def is_address(text: str) -> bool:
    """Whether `text`, as it stands (not trimmed), is one plain email address."""
    if not text or len(text) > MAX_LENGTH or not text.isascii() or not text.isprintable():
        return False
    local, at, domain = text.partition("@")
    if not at or not local or "@" in domain:
        return False
    if not _NOT_IN_AN_ADDRESS.isdisjoint(text):
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(labels)
