"""Signs that a draft could read as pushy: demands, ultimatums, urgency, guilt, other channels, shouting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.checks.draft import NOT_PUSHY, PLAIN_QUOTES, CheckItem, Draft, Sentences, item, quote
from generator.languages import DEFAULT, Phrase, language, message

# Four-letter-plus capitals that are names, not shouting. Others the reader typed
# in the position or company (an employer's own acronym) are allowed too.
_ACRONYMS = frozenset(
    {"NASA", "HTML", "JSON", "HTTP", "HTTPS", "REST", "GDPR", "HIPAA", "CERN", "NATO", "UNICEF", "IKEA"}
)
_OWN_AVAILABILITY = re.compile(
    r"\b(?:start|starting|available|availability|begin|join|relocate|notice)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class _Pushy:
    kind: str
    pattern: re.Pattern[str]
    # A sentence this matches is about the reader's own availability ("I can start immediately").
    unless: re.Pattern[str] | None = None


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_ANSWER = r"(?:answer|response|reply|decision|update)"
_WHEN = r"(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end|eod|[0-9])"
_REPLIED = r"(?:replied|reply|responded|respond|answered|answer|got back|gotten back|get back|called back|call back)"
_PUSHY = (
    _Pushy(
        "demand",
        _any(
            r"\bi need to know\b",
            rf"\bi (?:need|expect|demand|want) (?:an?|your|a final) {_ANSWER}\b",
            r"\byou (?:must|need to|have to) (?:reply|respond|answer|tell|let me know|get back|decide|call)\b",
            rf"\b(?:reply|respond|answer|decide|get back to me|let me know) (?:by|before|no later than) {_WHEN}",
        ),
    ),
    _Pushy(
        "ultimatum",
        _any(
            r"\bor (?:else|i will|i'll)\b",
            r"\botherwise,? i(?:'ll| will| am going to| shall)\b",
            r"\bif i don't hear (?:back )?(?:from you )?(?:by|before|within|soon)\b",
            r"\b(?:final|last) (?:chance|notice|warning|reminder)\b",
        ),
    ),
    _Pushy("urgency", _any(r"\basap\b", r"\bas soon as possible\b")),
    _Pushy("urgency", _any(r"\bimmediately\b", r"\bright away\b"), unless=_OWN_AVAILABILITY),
    _Pushy(
        "urgency",
        _any(r"\burgently\b", r"\b(?:it's|it is|this is) urgent\b", rf"\burgent (?:{_ANSWER}|matter|request)\b"),
    ),
    _Pushy(
        "guilt",
        _any(
            r"\bi(?:'ve| have) been waiting\b",
            r"\bi(?:'m| am) still waiting\b",
            rf"\byou (?:never|still haven't|still have not|haven't|have not|didn't|did not) {_REPLIED}\b",
            r"\bstill (?:haven't|have not|hasn't|has not) (?:heard|had)\b",
            r"\bstill no (?:reply|response|answer|word|news)\b",
            r"\b(?:why|how come) (?:haven't|have not|didn't|did not) you\b",
            r"\bignor(?:ed|ing) (?:me|my)\b",
        ),
    ),
    _Pushy(
        "channels",
        _any(
            r"\bi (?:also |have |already |just )*(?:called|phoned|rang|texted)\b",
            r"\b(?:left|sent) (?:you )?an? (?:voicemail|voice mail|voice message|text message|text)\b",
            r"\b(?:messaged|contacted|connected with|reached out to|wrote to|pinged|followed) you on "
            r"(?:linkedin|twitter|whatsapp|facebook|instagram)\b",
        ),
    ),
    # Two or more in a row: "!!", "?!", "??".
    _Pushy("exclamation", re.compile(r"[!?]{2,}")),
)


@cache
def _pushy_of(lang: str) -> tuple[_Pushy, ...]:
    """The signs in `lang`: English's above, another language's from its file's `[pushy]`."""
    if lang == DEFAULT:
        return _PUSHY
    data = language(lang)["pushy"]
    own = re.compile(data["own_availability"], re.IGNORECASE)
    signs = [_Pushy(kind, _any(*data[kind])) for kind in ("demand", "ultimatum", "urgency", "guilt", "channels")]
    signs.insert(3, _Pushy("urgency", _any(*data["urgency_unless_own"]), unless=own))
    return (*signs, _PUSHY[-1])


# Each kind's hint, a message (the keys written out, so a test finds each one named).
_HINTS = {
    "demand": "pushy.demand",
    "ultimatum": "pushy.ultimatum",
    "urgency": "pushy.urgency",
    "guilt": "pushy.guilt",
    "channels": "pushy.channels",
    "exclamation": "pushy.exclamation",
    "capitals": "pushy.capitals",
}


def not_pushy_item(draft: Draft) -> CheckItem:
    """Whether anything in the subject or body could read as pushy, quoting what and saying why."""
    text = f"{draft.subject}\n{draft.body}"
    plain = text.translate(PLAIN_QUOTES)
    sentences = Sentences(plain)
    # Each sentence is searched for the reader's own availability once, however many matches it holds.
    excused: dict[tuple[re.Pattern[str], tuple[int, int]], bool] = {}
    # Dicts as ordered sets: each phrase once, in the order first found, each look-up O(1).
    hits: dict[str, dict[str, None]] = {}
    for pushy in _pushy_of(draft.lang):
        for match in pushy.pattern.finditer(plain):
            if pushy.unless is not None:
                span = sentences.span(match.start(), match.end())
                key = (pushy.unless, span)
                if key not in excused:
                    excused[key] = pushy.unless.search(plain, *span) is not None
                if excused[key]:
                    continue
            hits.setdefault(pushy.kind, {})[text[match.start() : match.end()]] = None
    shouted = _capitals(text, allowed=_typed_names(draft))
    if shouted:
        hits["capitals"] = dict.fromkeys(shouted)
    if not hits:
        return item("not-pushy", True, message(draft.lang, "pushy.ok"), NOT_PUSHY)

    def signs(lang: str) -> str:
        # Said in the language of the sentence around them: its quotes, its hints.
        found = [(_quoted_few(list(phrases), lang), Phrase(_HINTS[kind])) for kind, phrases in hits.items()]
        separator = message(lang, "pushy.separator")
        return separator.join(message(lang, "pushy.sign", phrases=quoted, hint=hint) for quoted, hint in found)

    return item("not-pushy", False, message(draft.lang, "pushy.flagged", signs=signs), NOT_PUSHY)


def _quoted_few(phrases: list[str], lang: str, shown: int = 3) -> str:
    """The first few phrases quoted, and how many more there are: advice to read, not a list to scroll."""
    quoted = ", ".join(quote(phrase, 40, lang) for phrase in phrases[:shown])
    more = len(phrases) - shown
    return message(lang, "pushy.more", phrases=quoted, more=more) if more > 0 else quoted


def _typed_names(draft: Draft) -> set[str]:
    return {word for field in ("position", "company") for word in re.findall(r"[^\W\d_]+", draft.value(field))}


def _capitals(text: str, *, allowed: set[str]) -> list[str]:
    found: dict[str, None] = {}  # an ordered set
    for word in re.findall(r"[^\W\d_]{4,}", text):
        # ASAP is reported as urgency already.
        if word.isupper() and word not in _ACRONYMS and word not in allowed and word != "ASAP":
            found[word] = None
    return list(found)
