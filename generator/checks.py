"""The etiquette check: how a draft follows the guide, and whether now is the time to send it.

Each `CheckItem` is one piece of the guide's advice, judged on the subject and
body as they will be sent (what `render()` returns) and on the reader's values.
An item that cannot be judged without more input (the timing items without an
interview date and "now", the one-follow-up item without `already_followed_up`)
is left out of the list rather than passed: a tick should always mean "checked
and fine".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from generator.catalog import get_template
from generator.planner import PlanError, Timeline, format_date, format_time, parse_timeline, plan
from generator.render import FieldError, ValidationError, render_preview

GuidePage = Literal["thank-you", "follow-up", "not-pushy", "after-rejection"]

CHECK_KEYS = ("interview_date", "interview_time", "timeline", "now", "already_followed_up")
"""Keys `check_input` reads beside the template's fields; none of them is a template field.

- interview_date: "YYYY-MM-DD".
- interview_time: "HH:MM", local time.
- timeline: what they said about deciding: "", "YYYY-MM-DD", "10 days" or "2 weeks".
- now: when the email would be sent: "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD", local time.
- already_followed_up: true once a follow-up has been sent (JSON true/false, or "yes"/"no").

Empty strings and null count as not given.
"""

CHECK_KEY_LIMITS = {"interview_date": 40, "interview_time": 40, "timeline": 60, "now": 40, "already_followed_up": 10}
"""The most characters each of `CHECK_KEYS` takes, spaces around it included: refused before it is read."""

# Anchors of the guide's pages (docs/<page>.md headings, as MkDocs writes their ids).
_THANK_YOU: tuple[GuidePage, str] = ("thank-you", "structure-of-a-good-thank-you-email")
_THANK_YOU_TIMING: tuple[GuidePage, str] = ("thank-you", "send-a-thank-you-email-within-24-hours")
_FOLLOW_UP: tuple[GuidePage, str] = ("follow-up", "what-to-include-in-a-follow-up-reminder")
_FOLLOW_UP_TIMING: tuple[GuidePage, str] = ("follow-up", "timing-for-a-follow-up-reminder")
_NOT_PUSHY: tuple[GuidePage, str] = ("not-pushy", "dont-be-pushy-or-overeager")
_ONE_FOLLOW_UP: tuple[GuidePage, str] = ("not-pushy", "in-practice")
_REJECTION: tuple[GuidePage, str] = ("after-rejection", "reply-to-a-rejection")
_STRUCTURE: dict[str, tuple[GuidePage, str]] = {
    "thank-you": _THANK_YOU,
    "follow-up": _FOLLOW_UP,
    "rejection-reply": _REJECTION,
}

# The guide's examples, rendered from the catalog's example values (a test keeps these true).
EXAMPLE_WORDS = {"thank-you": 95, "follow-up": 83, "rejection-reply": 77}
# Word counts that read as neither curt nor rambling, around the examples.
WORD_BANDS: dict[str, tuple[int, int]] = {
    "thank-you": (60, 200),
    "follow-up": (50, 175),
    "rejection-reply": (40, 175),
}


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


def check(
    template_id: str,
    values: Mapping[str, object],
    subject: str,
    body: str,
    *,
    interview_date: date | None = None,
    interview_time: time | None = None,
    timeline: Timeline | str = "",
    now: date | None = None,
    already_followed_up: bool | None = None,
) -> list[CheckItem]:
    """Check a draft against the guide's advice.

    Args:
        template_id: The catalog id the draft was written from.
        values: The reader's field values, as given to `render()`.
        subject: The subject as it will be sent.
        body: The body as it will be sent.
        interview_date: The day of the interview; with `now`, the timing is checked.
        interview_time: When the interview started (local time), for the 24-hour deadline.
        timeline: What they said about deciding, for the follow-up's timing:
            a `Timeline` or its string form ("", "2026-12-04", "10 days", "2 weeks").
        now: When the email would be sent: a datetime (local, no time zone),
            or a date when only the day is known. Never read from the clock.
        already_followed_up: For the follow-up, whether one was already sent;
            None when not known.

    Returns:
        The items in a fixed order per template; items that need data not
        given are left out.

    Raises:
        UnknownTemplateError: no template has that id.
        PlanError: the timeline or a time cannot be used; `field` names it.

    """
    get_template(template_id)
    if isinstance(now, datetime) and now.tzinfo is not None:
        raise PlanError("now", "give now as local time without a time zone, such as 2026-03-03T17:30")
    draft = _Draft(template_id, values, subject, body)
    items = [
        _subject(draft, interview_date, now),
        _greeting(draft),
        *_by_template(draft),
        _sign_off(draft),
        _length(draft),
        _not_pushy(draft),
    ]
    if interview_date is not None and now is not None:
        if template_id == "thank-you":
            items += _thank_you_timing(draft, interview_date, interview_time, now)
        elif template_id == "follow-up":
            items.append(_follow_up_timing(interview_date, interview_time, timeline, now))
    if template_id == "follow-up" and already_followed_up is not None:
        items.append(_one_follow_up(already_followed_up))
    return items


def check_input(template_id: str, data: Mapping[str, object]) -> list[CheckItem]:
    """Render and check a draft from one JSON-style object, as the CLI and the page send it.

    Args:
        template_id: A catalog id.
        data: The template's field values, plus any of `CHECK_KEYS` (which
            are taken out before rendering).

    Returns:
        The items, as `check` gives them.

    Raises:
        UnknownTemplateError: no template has that id.
        ValidationError: a field or an extra key cannot be used; every problem
            is listed, each naming its field or key.

    """
    values, context, errors = split_check_input(data)
    preview = render_preview(template_id, values)
    errors = [*preview.errors, *errors]
    if errors:
        raise ValidationError(template_id, errors)
    try:
        return check(
            template_id,
            values,
            preview.email.subject,
            preview.email.body,
            interview_date=context.interview_date,
            interview_time=context.interview_time,
            timeline=context.timeline,
            now=context.now,
            already_followed_up=context.already_followed_up,
        )
    except PlanError as error:
        # Each input is fine alone, but not together: a decision date before the interview.
        raise ValidationError(template_id, [FieldError(error.field, str(error))]) from None


@dataclass(frozen=True)
class CheckContext:
    """The inputs beside the template's fields that `check` takes as keyword arguments."""

    interview_date: date | None = None
    interview_time: time | None = None
    timeline: Timeline = field(default_factory=Timeline)
    now: date | None = None
    already_followed_up: bool | None = None


def split_check_input(data: Mapping[str, object]) -> tuple[dict[str, object], CheckContext, list[FieldError]]:
    """Separate `CHECK_KEYS` from the field values and read them.

    Args:
        data: Field values and any of `CHECK_KEYS`, as strings (and a bool
            for `already_followed_up`); an empty string or None is not given.

    Returns:
        The field values for `render()`; the extra inputs, read; and a
        FieldError for each extra key that cannot be read, naming it and
        saying what to type.

    """
    values = {key: value for key, value in data.items() if key not in CHECK_KEYS}
    errors: list[FieldError] = []

    def read[T](key: str, reader: Callable[[object], T]) -> T | None:
        raw = data.get(key)
        if isinstance(raw, str) and len(raw) > CHECK_KEY_LIMITS[key]:
            errors.append(FieldError(key, f"{key} is too long: it takes at most {CHECK_KEY_LIMITS[key]} characters."))
            return None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            return reader(raw)
        except PlanError as error:
            errors.append(FieldError(key, str(error)))
            return None

    context = CheckContext(
        interview_date=read("interview_date", _read_date),
        interview_time=read("interview_time", _read_time),
        timeline=read("timeline", _read_timeline) or Timeline(),
        now=read("now", _read_now),
        already_followed_up=read("already_followed_up", _read_flag),
    )
    return values, context, errors


# --- Reading the extra inputs -------------------------------------------------------------------------


def _read_date(raw: object) -> date:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise PlanError("interview_date", "interview_date must be a date as YYYY-MM-DD, such as 2026-03-03.")


def _read_time(raw: object) -> time:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", raw.strip()):
        hours, minutes = (int(part) for part in raw.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise PlanError("interview_time", "interview_time must be a time as HH:MM on the 24-hour clock, such as 14:30.")


def _read_timeline(raw: object) -> Timeline:
    if not isinstance(raw, str):
        raise PlanError("timeline", 'timeline must be text, such as "", "2026-12-04", "10 days" or "2 weeks".')
    return parse_timeline(raw)


def _read_now(raw: object) -> date:
    help_text = "now must be a local date and time as YYYY-MM-DDTHH:MM, such as 2026-03-03T17:30, or a date."
    if not isinstance(raw, str):
        raise PlanError("now", help_text)
    text = raw.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise PlanError("now", help_text) from None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?", text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise PlanError("now", help_text)


def _read_flag(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in {"true", "yes", "1", "false", "no", "0"}:
        return raw.strip().lower() in {"true", "yes", "1"}
    raise PlanError("already_followed_up", "already_followed_up must be true or false.")


# --- The draft, taken apart ---------------------------------------------------------------------------

# Typographic quotes match as plain ones; the swap keeps every index, so hits quote the original.
_PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
# The greeting's word; what follows it is taken apart with str methods, not a
# pattern, which no run of spaces can make backtrack (see _greeting_parts).
_GREETING_WORD = re.compile(r"(?:dear|hello|hi|hey|good (?:morning|afternoon|evening))\b", re.IGNORECASE)
_VALEDICTION = re.compile(
    r"(?:(?:best|kind|warm|warmest|with best) )?regards|best(?: wishes)?|all the best|sincerely|"
    r"yours (?:sincerely|truly|faithfully)|(?:many |with )?thanks(?: again)?|thank you(?: again)?|"
    r"respectfully|cheers|with (?:gratitude|appreciation)",
    re.IGNORECASE,
)
_TITLES = {"mr", "ms", "mrs", "mx", "miss", "dr", "prof", "professor", "doctor"}
_GENERIC_ADDRESSEES = {
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
}


@dataclass(frozen=True)
class _Draft:
    template_id: str
    values: Mapping[str, object]
    subject: str
    body: str

    def value(self, field_id: str) -> str:
        raw = self.values.get(field_id)
        return " ".join(raw.split()) if isinstance(raw, str) else ""

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def sign_off(self) -> tuple[str, str] | None:
        """The valediction and the name under it, if the body ends that way."""
        lines = [line.strip() for line in self.body.strip().splitlines() if line.strip()]
        if len(lines) >= 2 and _VALEDICTION.fullmatch(lines[-2].rstrip(",.!")):
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


def _item(item_id: str, ok: bool, advice: str, where: tuple[GuidePage, str]) -> CheckItem:
    return CheckItem(item_id, ok, advice, where[0], where[1])


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def _name_for_example(draft: _Draft) -> str:
    return draft.value("candidate_name") or "Jane Doe"


# --- Subject and greeting -----------------------------------------------------------------------------

_DASH = "[–—-]"


def _subject(draft: _Draft, interview_date: date | None, now: date | None) -> CheckItem:
    subject = " ".join(draft.subject.split())
    name = _name_for_example(draft)
    where = _STRUCTURE[draft.template_id]
    if draft.template_id == "follow-up":
        position = draft.value("position") or "Marketing Coordinator"
        expected = f"Following Up on Interview for {position}"
        match = re.fullmatch(r"following up on interview for (.+)", subject, re.IGNORECASE)
        if match is None:
            return _item("subject", False, f"Use the guide’s subject line: {_quote(expected)}.", where)
        if draft.value("position") and match.group(1).casefold() != position.casefold():
            return _item("subject", False, f"Name the position you interviewed for: {_quote(expected)}.", where)
        return _item("subject", True, f"{_quote(subject)} is the guide’s subject line for a follow-up.", where)

    forms = (f"Thank you – {name}", f"Great speaking with you today – {name}")
    if draft.template_id == "rejection-reply":
        if re.fullmatch(rf"thank you {_DASH} .+|re: .+", subject, re.IGNORECASE):
            return _item("subject", True, f"{_quote(subject)} reads as a gracious reply.", where)
        return _item(
            "subject",
            False,
            f"Reply in their thread (“Re: …”) or use {_quote(forms[0])}, so it reads as thanks.",
            where,
        )

    match = re.fullmatch(rf"(thank you|great speaking with you today) {_DASH} (.+)", subject, re.IGNORECASE)
    if match is None:
        return _item(
            "subject", False, f"Use one of the guide’s subject lines: {_quote(forms[0])} or {_quote(forms[1])}.", where
        )
    if draft.value("candidate_name") and match.group(2).casefold() != name.casefold():
        return _item("subject", False, f"End the subject with your own name: {_quote(forms[0])}.", where)
    says_today = match.group(1).lower().startswith("great")
    not_today = draft.value("interview_day") == "yesterday" or (
        interview_date is not None and now is not None and _day(now) != interview_date
    )
    if says_today and not_today:
        return _item(
            "subject",
            False,
            f"The subject says “today”, but the interview was not today: use {_quote(forms[0])} instead.",
            where,
        )
    return _item("subject", True, f"{_quote(subject)} is one of the guide’s recommended subject lines.", where)


def _greeting_parts(line: str) -> tuple[str, str] | None:
    """The greeting's word and the name after it ("Dear", "Mr. Smith"), or None if the line greets no one.

    The name is what follows the word and any spaces or commas, less one
    closing mark (`,` `:` `!` `.`) and the spaces around it.
    """
    word = _GREETING_WORD.match(line)
    if word is None:
        return None
    name = line[word.end() :].lstrip(" \t,").rstrip(" \t")
    if name[-1:] in {",", ":", "!", "."}:
        name = name[:-1].rstrip(" \t")
    return word.group(), name.strip()


def _greeting(draft: _Draft) -> CheckItem:
    where = _STRUCTURE[draft.template_id]
    first_line = next((line.strip() for line in draft.body.splitlines() if line.strip()), "")
    parts = _greeting_parts(first_line)
    example = "“Dear Mr. Smith,”"
    if parts is None:
        return _item(
            "greeting", False, f"Open with a greeting that uses the interviewer’s name, such as {example}.", where
        )
    word, name = parts
    words = name.replace(".", ". ").split()
    has_title = bool(words) and words[0].rstrip(".").lower() in _TITLES
    if not name:
        return _item("greeting", False, f"Add the interviewer’s name after “{word}”, such as {example}.", where)
    if name.lower() in _GENERIC_ADDRESSEES:
        return _item(
            "greeting", False, f"Address the interviewer by name rather than {_quote(name)}, such as {example}.", where
        )
    if word.lower() == "hey":
        return _item("greeting", False, f"“Hey” is too casual for this email; {example} is the guide’s form.", where)
    if has_title and len(words) == 1:
        return _item("greeting", False, f"Add their surname after the title, such as “Dear {words[0]} Patel,”.", where)
    if name == name.lower() and name != name.upper():
        return _item(
            "greeting", False, "Write their name with capitals, as they write it, such as “Dear Mr. Smith,”.", where
        )
    greeting = _quote(first_line)
    if has_title:
        return _item("greeting", True, f"{greeting} uses their title and name. Double-check the spelling.", where)
    if len(words) == 1:
        advice = (
            f"{greeting} is fine if they introduced themselves by first name; otherwise use their title and "
            "surname, such as “Dear Ms. Patel,”. Double-check the spelling."
        )
    else:
        advice = (
            f"{greeting} works; if they use a title, “Dear Ms. Patel,” is the guide’s form. Double-check the spelling."
        )
    return _item("greeting", True, advice, where)


# --- The parts each template's guide asks for ---------------------------------------------------------

_ENTHUSIASM = (
    r"\b(?:enthusias\w*|excited|excitement|eager\w*|keen to|thrilled|delighted|passionate about|look(?:ing)? forward|"
    r"(?:very|still|remain|really|genuinely) interested|(?:strong|real|genuine|continued|keen) interest)\b"
)
_SKILLS = r"\b(?:skills?|experience|background|expertise|qualifications?|strengths?|abilit(?:y|ies))\b"
_MORE_INFO = (
    r"\b(?:(?:additional|more|further|other) (?:information|details|materials?|references?|examples?)|"
    r"anything else|reach out|any (?:other )?questions)\b"
)
_NEXT_STEPS = (
    r"\b(?:look(?:ing)? forward|next steps?|hear(?:ing)? from you|working (?:together|with you)|"
    r"(?:next|further) (?:conversations?|discussions?|rounds?))\b"
)
_THANKS = r"\b(?:thank(?:s| you)|grateful|appreciat(?:e|ed|ion) (?:your|the|you)\b)"
_STATUS = r"\b(?:follow(?:ing)? up|updates?|status|where things stand|next steps?|decision)\b"
_FUTURE = (
    r"\b(?:future (?:roles?|opportunit\w+|openings?|positions?|vacancies)|stay in touch|keep in touch|"
    r"keep me in mind|considered for)\b"
)


@dataclass(frozen=True)
class _Part:
    """A part of the email the guide asks for, found by a pattern."""

    id: str
    pattern: str
    found: str
    missing: str
    in_closing: bool = False


_PARTS: dict[str, tuple[_Part, ...]] = {
    "thank-you": (
        _Part("enthusiasm", _ENTHUSIASM, "Reiterates your enthusiasm", "Reiterate your enthusiasm for the role."),
        _Part("skills-fit", _SKILLS, "Says how you fit", "Briefly say how your skills align with the position."),
        _Part(
            "offer-more-info",
            _MORE_INFO,
            "Offers more information",
            "Offer to provide any additional information they need.",
        ),
        _Part(
            "next-steps",
            _NEXT_STEPS,
            "Open to next steps",
            "Close with openness to next steps, such as “I look forward to the possibility of working together.”",
        ),
        _Part("thanks", _THANKS, "Thanks them", "Thank them for their time and the opportunity to interview."),
    ),
    "follow-up": (
        _Part(
            "thanks",
            _THANKS,
            "Thanks them in closing",
            "Close by thanking them again for their time and consideration.",
            in_closing=True,
        ),
        _Part(
            "status-request",
            _STATUS,
            "Asks about the status",
            "Say politely that you’re following up on the status of your application.",
        ),
        _Part("enthusiasm", _ENTHUSIASM, "Reaffirms your interest", "Reaffirm your interest in the role."),
        _Part(
            "offer-more-info",
            _MORE_INFO,
            "Invites them to ask",
            "Invite them to reach out if they need anything else from you.",
        ),
    ),
    "rejection-reply": (
        _Part(
            "thanks",
            _THANKS,
            "Thanks them with grace",
            "Thank the interviewer for the opportunity.",
            in_closing=True,
        ),
        _Part(
            "future-roles",
            _FUTURE,
            "Keeps the door open",
            "Say you’re interested in future opportunities, to keep the door open.",
        ),
    ),
}


def _by_template(draft: _Draft) -> list[CheckItem]:
    where = _STRUCTURE[draft.template_id]
    items = [_specific_detail(draft)] if draft.template_id == "thank-you" else []
    for part in _PARTS[draft.template_id]:
        text = draft.closing if part.in_closing else draft.body
        match = re.search(part.pattern, text.translate(_PLAIN_QUOTES), re.IGNORECASE)
        if match is None:
            items.append(_item(part.id, False, part.missing, where))
        else:
            sentence = _quote(_sentence_around(text, match.start(), match.end()))
            items.append(_item(part.id, True, f"{part.found}: {sentence}", where))
    return items


_SENTENCE_MARK = re.compile(r"[.!?\n]")


class _Sentences:
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


def _sentence_around(text: str, start: int, end: int) -> str:
    return _Sentences(text).around(start, end)


# Words that say nothing about what was discussed: "the interview", "everything", "meeting you".
_FILLER_WORDS = """
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
_FILLER = frozenset(_FILLER_WORDS.split())


def _specific_detail(draft: _Draft) -> CheckItem:
    highlight = draft.value("highlight")
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", highlight.translate(_PLAIN_QUOTES).lower())
    telling = [w for w in words if w not in _FILLER]
    if not highlight:
        return _item(
            "specific-detail",
            False,
            "Mention something specific from the interview that you found valuable or interesting.",
            _THANK_YOU,
        )
    # "At least a few words", two of them about the conversation itself.
    if len(words) < 3 or len(telling) < 2:
        return _item(
            "specific-detail",
            False,
            f"{_quote(highlight)} could be said of any interview. Name something from the conversation itself: "
            "a project they described, a challenge the team faces, something you learned.",
            _THANK_YOU,
        )
    return _item("specific-detail", True, f"Specific: you mention {_quote(highlight)}.", _THANK_YOU)


def _sign_off(draft: _Draft) -> CheckItem:
    where = _STRUCTURE[draft.template_id]
    sign_off = draft.sign_off
    name = draft.value("candidate_name")
    if sign_off is None:
        return _item(
            "sign-off", False, f"End with “Best regards,” and your name on the next line ({name or 'Jane Doe'}).", where
        )
    if name and " ".join(sign_off[1].split()).casefold() != name.casefold():
        return _item("sign-off", False, f"Sign with your own name under the sign-off: {name}.", where)
    return _item("sign-off", True, f"Signed off with {_quote(sign_off[0])} and your name.", where)


def _length(draft: _Draft) -> CheckItem:
    low, high = WORD_BANDS[draft.template_id]
    count = len(draft.body.split())
    where = _STRUCTURE[draft.template_id]
    if count < low:
        return _item(
            "length",
            False,
            f"At {count} words it may read as rushed; the guide’s example has {EXAMPLE_WORDS[draft.template_id]}. "
            "A sentence on something specific, or on why you fit the role, makes it warmer.",
            where,
        )
    if count > high:
        return _item(
            "length",
            False,
            f"At {count} words it’s long for a busy reader; keep it to three short paragraphs, under {high} words.",
            where,
        )
    return _item("length", True, f"{count} words: short enough to read at a glance.", where)


# --- Pushy signs --------------------------------------------------------------------------------------

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
_HINTS = {
    "demand": "ask rather than demand, as the guide does: “I would appreciate any updates you’re able to share”",
    "ultimatum": "leave out conditions and deadlines: the decision and its timing are theirs",
    "urgency": "leave out urgency: they will answer when they can",
    "guilt": "leave out how long you have waited",
    "channels": "keep to one channel, this email, rather than calls and LinkedIn as well",
    "exclamation": "one exclamation mark at most",
    "capitals": "write words in normal case: capitals read as shouting",
}


def _not_pushy(draft: _Draft) -> CheckItem:
    text = f"{draft.subject}\n{draft.body}"
    plain = text.translate(_PLAIN_QUOTES)
    sentences = _Sentences(plain)
    # Each sentence is searched for the reader's own availability once, however many matches it holds.
    excused: dict[tuple[re.Pattern[str], tuple[int, int]], bool] = {}
    # Dicts as ordered sets: each phrase once, in the order first found, each look-up O(1).
    hits: dict[str, dict[str, None]] = {}
    for pushy in _PUSHY:
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
        return _item("not-pushy", True, "Patient and polite: no demands, urgency, guilt or shouting.", _NOT_PUSHY)
    parts = [f"{_quoted_few(list(found))}: {_HINTS[kind]}" for kind, found in hits.items()]
    return _item("not-pushy", False, "This could read as pushy. " + "; ".join(parts) + ".", _NOT_PUSHY)


def _quoted_few(phrases: list[str], shown: int = 3) -> str:
    """The first few phrases quoted, and how many more there are: advice to read, not a list to scroll."""
    quoted = ", ".join(_quote(phrase, 40) for phrase in phrases[:shown])
    more = len(phrases) - shown
    return f"{quoted} and {more:,} more" if more > 0 else quoted


def _typed_names(draft: _Draft) -> set[str]:
    return {word for field in ("position", "company") for word in re.findall(r"[^\W\d_]+", draft.value(field))}


def _capitals(text: str, *, allowed: set[str]) -> list[str]:
    found: dict[str, None] = {}  # an ordered set
    for word in re.findall(r"[^\W\d_]{4,}", text):
        # ASAP is reported as urgency already.
        if word.isupper() and word not in _ACRONYMS and word not in allowed and word != "ASAP":
            found[word] = None
    return list(found)


# --- Timing -------------------------------------------------------------------------------------------


def _default(template_id: str, field_id: str) -> str:
    spec = get_template(template_id).field(field_id)
    return spec.example if spec else ""


def _day(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _thank_you_timing(draft: _Draft, interview_date: date, interview_time: time | None, now: date) -> list[CheckItem]:
    the_plan = plan(interview_date, interview_time)
    deadline = the_plan.thank_you_deadline
    today = _day(now)
    started = datetime.combine(interview_date, interview_time or time(0, 0))
    if today < interview_date or (isinstance(now, datetime) and interview_time is not None and now < started):
        return [
            _item(
                "thank-you-timing",
                False,
                "The interview hasn’t happened yet: send your thank-you after it, ideally the same day.",
                _THANK_YOU_TIMING,
            )
        ]
    by = format_time(deadline.time()) if the_plan.thank_you_deadline_exact else "the end of the day"
    late = now > deadline if isinstance(now, datetime) else today > deadline.date()
    if today == interview_date:
        timing = _item("thank-you-timing", True, "Sending it the same day as the interview: ideal.", _THANK_YOU_TIMING)
    elif not late:
        timing = _item(
            "thank-you-timing",
            True,
            f"Within 24 hours of the interview: send it by {by} on {format_date(deadline.date())}.",
            _THANK_YOU_TIMING,
        )
    else:
        timing = _item(
            "thank-you-timing",
            False,
            "It’s more than 24 hours since the interview. A late thank-you still beats none: send it today, "
            "and make sure it says when you spoke.",
            _THANK_YOU_TIMING,
        )

    # Left out, the field takes its default, as render() fills it.
    said = draft.value("interview_day") or _default("thank-you", "interview_day")
    elapsed = (today - interview_date).days
    actual = {0: "today", 1: "yesterday"}.get(elapsed)
    if actual == said:
        day = _item("interview-day", True, f"“{said}” matches the interview date.", _THANK_YOU_TIMING)
    elif actual is not None:
        day = _item(
            "interview-day",
            False,
            f"The email says “{said}”, but the interview was {actual}: choose “{actual.capitalize()}”.",
            _THANK_YOU_TIMING,
        )
    else:
        day = _item(
            "interview-day",
            False,
            f"The email says “{said}”, but the interview was on {format_date(interview_date)}: "
            "edit the sentence to say when you spoke.",
            _THANK_YOU_TIMING,
        )
    return [timing, day]


def _follow_up_timing(
    interview_date: date, interview_time: time | None, timeline: Timeline | str, now: date
) -> CheckItem:
    the_plan = plan(interview_date, interview_time, timeline)
    today = _day(now)
    start = the_plan.follow_up_date
    if the_plan.decision_date is not None:
        reason = f"their timeline runs to {format_date(the_plan.decision_date)}"
    else:
        reason = "the guide suggests waiting about a week to ten days after the interview"
    if today < start:
        return _item(
            "follow-up-timing",
            False,
            f"Too early: {reason}. Wait until {format_date(start)} before following up.",
            _FOLLOW_UP_TIMING,
        )
    if today >= the_plan.stop_waiting:
        return _item(
            "follow-up-timing",
            True,
            "It has been a while: one polite follow-up is still fine. "
            "If there is no reply, move on to other applications.",
            _FOLLOW_UP_TIMING,
        )
    return _item("follow-up-timing", True, f"Good timing: {reason}, and that has passed.", _FOLLOW_UP_TIMING)


def _one_follow_up(already_followed_up: bool) -> CheckItem:
    if already_followed_up:
        return _item(
            "one-follow-up",
            False,
            "You have already followed up once. One gentle follow-up is usually enough unless they asked for more: "
            "wait for their reply, and keep your search going.",
            _ONE_FOLLOW_UP,
        )
    return _item("one-follow-up", True, "This is your one follow-up, as the guide advises.", _ONE_FOLLOW_UP)
