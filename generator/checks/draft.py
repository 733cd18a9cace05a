"""A draft taken apart for the check: its greeting, paragraphs, closing and sign-off, and how items are made."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from generator.checks.lexicon import lexicon
from generator.languages import DEFAULT, message

# A guide page, as docs/<page>.md names it; each situation file names its own.
GuidePage = str

# The guide's advice that holds for every situation: its page and the heading's anchor (as MkDocs writes it).
NOT_PUSHY: tuple[GuidePage, str] = ("not-pushy", "dont-be-pushy-or-overeager")
ONE_FOLLOW_UP: tuple[GuidePage, str] = ("not-pushy", "in-practice")


@dataclass(frozen=True)
class CheckItem:
    """One piece of the guide's advice, judged.

    Attributes:
        id: A stable name, such as "greeting" or "not-pushy".
        ok: True when the draft follows the advice.
        advice: What to fix, or why it passes, in a sentence or two.
        guide: The guide page that explains it.
        section: The heading's anchor on that page, for `<page>/#<section>` links.

    """

    id: str
    ok: bool
    advice: str
    guide: GuidePage
    section: str

    def to_dict(self) -> dict[str, object]:
        """The item as JSON-ready data: id, ok, advice, guide, section."""
        return {"id": self.id, "ok": self.ok, "advice": self.advice, "guide": self.guide, "section": self.section}


# Typographic quotes match as plain ones; the swap keeps every index, so hits quote the original.
PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Draft:
    """The draft as it will be sent, with the values it was written from."""

    template_id: str
    values: Mapping[str, object]
    subject: str
    body: str
    lang: str = "en"

    def value(self, field_id: str) -> str:
        """A field's value with its spaces collapsed; "" when not given."""
        raw = self.values.get(field_id)
        return " ".join(raw.split()) if isinstance(raw, str) else ""

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs, trimmed, empty ones left out."""
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def sign_off(self) -> tuple[str, str] | None:
        """The valediction and the name under it, if the body ends that way."""
        lines = [line.strip() for line in self.body.strip().splitlines() if line.strip()]
        if len(lines) >= 2 and lexicon(self.lang).valediction.fullmatch(lines[-2].rstrip(",.!")):
            return lines[-2], lines[-1]
        return None

    @property
    def closing(self) -> str:
        """The last paragraph before the sign-off: where the guide's examples thank them again."""
        paragraphs = self.paragraphs
        if self.sign_off is not None and paragraphs:
            last = paragraphs[-1]
            # The sign-off may share a paragraph with the closing, or stand alone.
            lines = last.splitlines()
            if len(lines) > 2:
                return "\n".join(lines[:-2])
            paragraphs = paragraphs[:-1]
        return paragraphs[-1] if paragraphs else ""


def item(item_id: str, ok: bool, advice: str, where: tuple[GuidePage, str]) -> CheckItem:
    """One judged item, linked to the guide's page and section `where`."""
    return CheckItem(item_id, ok, advice, where[0], where[1])


def quote(text: str, limit: int = 60, lang: str = DEFAULT) -> str:
    """`text` in the language's quotes ("“…”", "„…“"), shortened with an ellipsis past `limit` characters."""
    text = " ".join(text.split())
    return message(lang, "quote", text=text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def quoted(text: str, limit: int = 60) -> Callable[[str], str]:
    """`text` quoted as a message's slot: in the quotes of the language the message is said in."""
    return lambda lang: quote(text, limit, lang)


def name_for_example(draft: Draft) -> str:
    """The reader's name for advice that shows a form, or the language's example name."""
    from generator.catalog import get_template

    spec = get_template(draft.template_id, draft.lang).field("candidate_name")
    return draft.value("candidate_name") or (spec.example if spec else "")


_SENTENCE_MARK = re.compile(r"[.!?\n]")


class Sentences:
    """A text's sentences, found once: the sentence around any match is then a look-up, not a scan.

    Scanning left and right from each match for the nearest full stop is
    quadratic on a long text without one; this is one pass, then a binary
    search per match.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._marks = [found.start() for found in _SENTENCE_MARK.finditer(text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the sentence holding text[start:end] begins, and just past its closing mark."""
        before = bisect.bisect_left(self._marks, start)
        left = self._marks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self._marks, end)
        right = self._marks[after] + 1 if after < len(self._marks) else len(self.text)
        return left, right

    def around(self, start: int, end: int) -> str:
        """The sentence holding text[start:end], trimmed."""
        left, right = self.span(start, end)
        return self.text[left:right].strip()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding text[start:end]."""
    return Sentences(text).around(start, end)


def day_of(moment: date) -> date:
    """The day of a date or a date-time."""
    return moment.date() if isinstance(moment, datetime) else moment
