"""A situation's etiquette rules, read once from its file's `[check]` data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.catalog import get_template
from generator.checks.draft import PLAIN_QUOTES
from generator.checks.lexicon import lexicon, phrase_pattern

_DASHES = "–—-"


@dataclass(frozen=True)
class Part:
    """A part of the email the guide asks for, found by a pattern, with the advice either way."""

    id: str
    pattern: re.Pattern[str]
    found: str
    missing: str
    in_closing: bool


@dataclass(frozen=True)
class SubjectRule:
    """The subject lines the guide recommends: forms over field names, and what to say of a miss."""

    forms: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    match: tuple[str, ...]
    advice: str
    ok: str
    mismatch: Mapping[str, str]
    today: Mapping[str, str]


@dataclass(frozen=True)
class Rules:
    """Everything the check needs of one situation."""

    where: tuple[str, str]
    words: tuple[int, int]
    example_words: int
    timing: Mapping[str, str]
    one_follow_up: bool
    specific: Mapping[str, str]
    subject: SubjectRule
    parts: tuple[Part, ...]


@cache
def rules_of(template_id: str, lang: str = "en") -> Rules:
    """The rules of the situation `template_id` in `lang` (UnknownTemplateError if there is none)."""
    template = get_template(template_id, lang)
    data = template.check
    guide_example = next((e for e in template.examples if e.guide), template.examples[0])
    low, high = data["words"]
    return Rules(
        where=(template.guide, data["section"]),
        words=(low, high),
        example_words=len(guide_example.body.split()),
        timing=data.get("timing", {}),
        one_follow_up=data.get("one_follow_up", False),
        specific=data.get("specific", {}),
        subject=_subject_rule(data["subject"]),
        parts=tuple(_part(part, lexicon(lang).phrases) for part in data["parts"]),
    )


def _subject_rule(data: Mapping[str, Any]) -> SubjectRule:
    forms = tuple(data["forms"])
    return SubjectRule(
        forms=forms,
        patterns=tuple(_form_pattern(form) for form in forms),
        match=tuple(data.get("match", ())),
        advice=data["advice"],
        ok=data["ok"],
        mismatch=data.get("mismatch", {}),
        today=data.get("today", {}),
    )


def _form_pattern(form: str) -> re.Pattern[str]:
    """A subject form as a pattern: its words as they are (any dash for a dash), each `{field}` a named group."""
    pieces: list[str] = []
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]*)\})?", form):
        pieces.append("".join(f"[{_DASHES}]" if c in _DASHES else re.escape(c) for c in literal))
        if name:
            pieces.append(".+" if name == "*" else f"(?P<{name}>.+)")
    return re.compile("".join(pieces), re.IGNORECASE)


def _part(data: Mapping[str, Any], phrases_of: Mapping[str, str]) -> Part:
    if "find" in data:
        pattern = phrases_of[data["find"]]
    else:
        pattern = phrase_pattern([w.translate(PLAIN_QUOTES) for w in data["words"]])
    return Part(
        id=data["id"],
        pattern=re.compile(pattern, re.IGNORECASE),
        found=data["found"],
        missing=data["missing"],
        in_closing=data.get("in_closing", False),
    )
