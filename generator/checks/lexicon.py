"""The words the check listens for, per language: greetings, titles, sign-offs, filler, phrases, pushiness.

English's are the patterns written here and in generator.checks.phrases and
generator.checks.pushy; every other language's come from its file,
`generator/languages/<lang>.toml` (`[check]`, `[phrases]`, `[pushy]`), as
plain phrases (a trailing `*` for any ending) or simple patterns. Built once
per language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.checks.phrases import PHRASES
from generator.languages import DEFAULT, language

_ENGLISH_GREETING = r"(?:dear|hello|hi|hey|good (?:morning|afternoon|evening))\b"
_ENGLISH_TITLES = ("mr", "ms", "mrs", "mx", "miss", "dr", "prof", "professor", "doctor")
_ENGLISH_GENERIC = (
    "hiring manager",
    "hiring team",
    "recruiter",
    "recruitment team",
    "team",
    "all",
    "sir",
    "madam",
    "sir or madam",
    "sir/madam",
    "sirs",
    "there",
    "interviewer",
    "[interviewer]",
)
_ENGLISH_VALEDICTION = (
    r"(?:(?:best|kind|warm|warmest|with best) )?regards|best(?: wishes)?|all the best|sincerely|"
    r"yours (?:sincerely|truly|faithfully)|(?:many |with )?thanks(?: again)?|thank you(?: again)?|"
    r"respectfully|cheers|with (?:gratitude|appreciation)"
)
# Words that say nothing about what was discussed: "the interview", "everything", "meeting you".
_ENGLISH_FILLER = """
    a an the and or but of to in on at for with about from by as into over than so very really much more most
    i me my we us our you your it its this that these those there here all any some each every just also too
    is was are were be been being am has have had do did
    their them they his her he she who what how which when where why
    learning hearing talking speaking meeting discussing chatting getting knowing having seeing
    learn hear talk speak meet discuss chat get know see
    learned heard talked spoke met discussed chatted got knew saw
    time today yesterday great good nice lovely wonderful fantastic amazing awesome interesting fun
    everything anything something nothing things thing stuff lot lots bit whole overall
    interview interviews interviewing conversation conversations chat chats discussion discussions
    call calls session process opportunity role position job company team organization organisation
    people person everyone everybody
"""


@dataclass(frozen=True)
class Lexicon:
    """One language's words for the check, compiled."""

    # The greeting's opening words, matched at the start of the first line; what follows is the name.
    greeting_word: re.Pattern[str]
    # Greetings too casual for this email ("hey").
    casual_greetings: frozenset[str]
    # Greetings complete without a name ("Madame,"), where the language writes them so.
    bare_greetings: frozenset[str]
    titles: frozenset[str]
    generic_addressees: frozenset[str]
    valediction: re.Pattern[str]
    filler: frozenset[str]
    phrases: Mapping[str, str]


@cache
def lexicon(lang: str = DEFAULT) -> Lexicon:
    """The check's words in `lang` (UnknownLanguageError if the guide is not written in it)."""
    if lang == DEFAULT:
        return Lexicon(
            greeting_word=re.compile(_ENGLISH_GREETING, re.IGNORECASE),
            casual_greetings=frozenset({"hey"}),
            bare_greetings=frozenset(),
            titles=frozenset(_ENGLISH_TITLES),
            generic_addressees=frozenset(_ENGLISH_GENERIC),
            valediction=re.compile(_ENGLISH_VALEDICTION, re.IGNORECASE),
            filler=frozenset(_ENGLISH_FILLER.split()),
            phrases=PHRASES,
        )
    data = language(lang)
    words: Mapping[str, Any] = data["check"]
    return Lexicon(
        # Longest first, so "sehr geehrte" is the word rather than a shorter one it starts with.
        # The casual ones too, so "Hey Herr Weber," is told it is too casual rather than that it greets no one.
        greeting_word=re.compile(
            rf"(?:{_alternatives([*words['greeting_words'], *words['casual_greetings']])})(?!\w)", re.IGNORECASE
        ),
        casual_greetings=frozenset(w.casefold() for w in words["casual_greetings"]),
        bare_greetings=frozenset(w.casefold() for w in words.get("bare_greetings", ())),
        titles=frozenset(w.casefold().rstrip(".") for w in words["titles"]),
        generic_addressees=frozenset(w.casefold() for w in words["generic_addressees"]),
        valediction=re.compile(_alternatives(words["sign_offs"]), re.IGNORECASE),
        filler=frozenset(words["filler"].casefold().split()),
        phrases={name: phrase_pattern(phrases) for name, phrases in data["phrases"].items()},
    )


def phrase_pattern(phrases: list[str]) -> str:
    """Plain phrases as one pattern of whole words: spaces match any run of spaces, a final `*` any ending."""
    return rf"(?<!\w)(?:{_alternatives(phrases)})(?!\w)"


def _alternatives(phrases: list[str]) -> str:
    pieces = []
    for phrase in sorted(phrases, key=len, reverse=True):
        stem, wildcard = (phrase[:-1], True) if phrase.endswith("*") else (phrase, False)
        pieces.append(re.escape(stem.strip()).replace(r"\ ", r"\s+") + (r"\w*" if wildcard else ""))
    return "|".join(pieces)
