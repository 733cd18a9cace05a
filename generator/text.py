"""The characters a value may hold, and the clean-up shared by the engine's outputs.

One rule for every field, in one place: a one-line field holds no line break
and no control character of any kind; a multi-line field holds line feeds and
tabs, and no other control character. What a value may not hold is refused
by name, so the preview, the copied text, the mailto: link, the .eml, the
.txt, the .ics and the command line all carry the same text.
"""

from __future__ import annotations

import re
import unicodedata

# Every character str.splitlines() breaks a line at: each would start a new
# line somewhere (a mail header, a terminal, a calendar line) and not elsewhere.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) and
# its line and paragraph separators; a multi-line value keeps LF and tab. A
# single character class: the search is one linear pass.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_REFUSED_ON_ONE_LINE = _CONTROLS
_REFUSED_IN_PARAGRAPHS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

# Names a reader may recognise; the rest are named by their code point alone.
_NAMES = {
    "\0": "NUL",
    "\a": "BELL",
    "\b": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def without_lone_surrogates(text: str) -> str:
    r"""The text with any lone surrogate as U+FFFD.

    A browser can send half of a surrogate pair (JSON "\\ud800"). No UTF-8
    output, a mailto link included, can carry it, so it shows as the
    replacement character instead of failing the whole email.
    """
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def refused_character(text: str, *, multi_line: bool) -> str | None:
    """The first character the value may not hold, or None.

    Args:
        text: The value, its line endings already made LF.
        multi_line: True for a field that holds paragraphs (it keeps LF and tab).

    """
    found = (_REFUSED_IN_PARAGRAPHS if multi_line else _REFUSED_ON_ONE_LINE).search(text)
    return found.group() if found else None


def describe_character(char: str) -> str:
    """A character named for a message: "U+001B ESCAPE", "U+2028 LINE SEPARATOR"."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}{' ' + name if name else ''}"


def printable(text: str) -> str:
    """The text with every control character written as an escape, for a terminal or a log.

    A value quoted back in a message must not move the cursor, clear the
    screen or start a line of its own.
    """
    return _CONTROLS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)
