"""What the reader gives beside a template's fields, read once for the check and the planner alike.

The interview's date and time, what they said about deciding (a timeline),
when the email would be sent ("now"), and whether a follow-up went already:
each read here from its small text form, and refused with a message that
names it and says what to type, in the reader's language (`PlanError.said`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Literal

from generator.languages import DEFAULT, Phrase, language, message
from generator.render import FieldError

TimelineUnit = Literal["day", "business_day", "week"]

# Long enough for any hiring process; a longer wait is far likelier a typo (2062 for 2026).
MAX_WAIT_DAYS = 365
_MAX_COUNT: dict[TimelineUnit, int] = {
    "day": MAX_WAIT_DAYS,
    "business_day": MAX_WAIT_DAYS * 5 // 7,
    "week": MAX_WAIT_DAYS // 7,
}
# How a unit is written back (str(Timeline)), singular and plural: the words parse_timeline reads in any language.
_UNIT_WORDS: dict[TimelineUnit, tuple[str, str]] = {
    "day": ("day", "days"),
    "business_day": ("business day", "business days"),
    "week": ("week", "weeks"),
}

_TIMELINE_HELP = Phrase("timeline.help")
# ASCII digits only: int() would also accept "١٠", which no one means here.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A count and its unit, after at most one word ("in 10 days", "innerhalb 2 Wochen", "en 10 días"); a unit
# may be two words ("10 business days", "10 jours ouvrés").
_WAIT = re.compile(r"(?:[^\W\d_]+\s+)?([0-9]{1,4})\s*([^\W\d_]+(?:\s[^\W\d_]+)?)")


class PlanError(ValueError):
    """An input the plan cannot use; `field` names it and the message says what to type.

    The message is a key of the languages' `[messages]` and its slots: `str()`
    says it in English, `said(lang)` in the reader's language. It is raised
    where no language is known (a Timeline made directly), and said where one is.
    """

    def __init__(self, field: str, key: str, /, **slots: object) -> None:
        super().__init__(message(DEFAULT, key, **slots))
        self.field = field
        self.key = key
        self.slots = slots

    def said(self, lang: str) -> str:
        """The message in `lang`."""
        return message(lang, self.key, **self.slots)


class TimelineError(PlanError):
    """The interviewer's timeline was not understood; the message says what to type."""

    def __init__(self, key: str, /, **slots: object) -> None:
        super().__init__("timeline", key, **slots)


@dataclass(frozen=True)
class Timeline:
    """What the interviewer said about when they would decide.

    Either nothing (the default), a date (`by`), or a wait counted from the
    interview day (`count` days, business days or weeks). `str()` gives the
    form `parse_timeline` reads back: "", "2026-12-04", "10 days",
    "5 business days", "2 weeks".
    """

    by: date | None = None
    count: int = 0
    unit: TimelineUnit = "day"

    def __post_init__(self) -> None:
        if self.by is not None and self.count:
            raise TimelineError("timeline.both", help=_TIMELINE_HELP)
        if self.unit not in _MAX_COUNT:
            raise TimelineError("timeline.unit", help=_TIMELINE_HELP)
        # A bool is an int too, and True days is surely a slip.
        if isinstance(self.count, bool) or not 0 <= self.count <= _MAX_COUNT[self.unit]:
            key = {"day": "timeline.range_days", "business_day": "timeline.range_business_days"}.get(
                self.unit, "timeline.range_weeks"
            )
            raise TimelineError(key, most=_MAX_COUNT[self.unit], help=_TIMELINE_HELP)

    @property
    def given(self) -> bool:
        """True when the interviewer gave a timeline at all."""
        return self.by is not None or self.count > 0

    def decision_date(self, interview_date: date) -> date | None:
        """The day their timeline runs out, or None when they gave none."""
        if self.by is not None:
            return self.by
        if self.count and self.unit == "business_day":
            return _business_days_after(interview_date, self.count)
        if self.count:
            return interview_date + timedelta(days=self.count * (7 if self.unit == "week" else 1))
        return None

    def __str__(self) -> str:
        if self.by is not None:
            return self.by.isoformat()
        if self.count:
            singular, plural = _UNIT_WORDS[self.unit]
            return f"{self.count} {singular if self.count == 1 else plural}"
        return ""


def parse_timeline(text: str, lang: str = DEFAULT) -> Timeline:
    """Read the interviewer's timeline from its small string form.

    Args:
        text: "" (or "none") for no timeline; a date as YYYY-MM-DD ("they said
            they'd decide by 2026-12-04"); or a wait from the interview day,
            "10 days", "5 business days" (Monday to Friday) or "2 weeks" ("in 1
            week" and "3 day" are read too), or in the words of `lang`'s
            `[timeline]` ("10 Tage", "5 días hábiles", "2 semanas").
        lang: The language the reader may have written the unit in.

    Returns:
        The timeline.

    Raises:
        TimelineError: the text is none of these; the message says what to type.

    """
    cleaned = " ".join(text.split())
    if not cleaned or cleaned.lower() == "none":
        return Timeline()
    if _ISO_DATE.fullmatch(cleaned):
        try:
            return Timeline(by=date.fromisoformat(cleaned))
        except ValueError:
            raise TimelineError("timeline.not_a_date", text=repr(cleaned), help=_TIMELINE_HELP) from None
    wait = _WAIT.fullmatch(cleaned)
    unit_of = _units(lang)
    said = wait.group(2).casefold() if wait else ""
    if wait and said in unit_of:
        count = int(wait.group(1))
        unit: TimelineUnit = unit_of[said]
        if count == 0:
            raise TimelineError("timeline.zero_weeks" if unit == "week" else "timeline.zero_days", help=_TIMELINE_HELP)
        return Timeline(count=count, unit=unit)
    raise TimelineError("timeline.unknown", text=repr(cleaned), help=_TIMELINE_HELP)


# Each [timeline] list of a language file, and the unit its words name.
_UNIT_KEYS: tuple[tuple[str, TimelineUnit], ...] = (
    ("days", "day"),
    ("business_days", "business_day"),
    ("weeks", "week"),
)


@cache
def _units(lang: str) -> dict[str, TimelineUnit]:
    """The words for a day, a business day and a week that a timeline may use: English's, and the language's."""
    words: dict[str, TimelineUnit] = {}
    for code in dict.fromkeys([DEFAULT, lang]):
        timeline = language(code).get("timeline", {})
        for key, unit in _UNIT_KEYS:
            words |= {" ".join(word.casefold().split()): unit for word in timeline.get(key, [])}
    return words


def _business_days_after(day: date, count: int) -> date:
    """The day `count` working days (Monday to Friday) after `day`: 5 after a Friday is the next Friday."""
    # After a Saturday or a Sunday as after the Friday before: its working days are the same ones.
    day -= timedelta(days=max(0, day.weekday() - 4))
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    while rest:
        day += timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day


CHECK_KEYS = ("interview_date", "interview_time", "timeline", "now", "already_followed_up", "followed_up_on")
"""Keys `check_input` reads beside the template's fields; none of them is a template field.

- interview_date: "YYYY-MM-DD".
- interview_time: "HH:MM", local time.
- timeline: what they said about deciding: "", "YYYY-MM-DD", "10 days" or "2 weeks".
- now: when the email would be sent: "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD", local time.
- already_followed_up: true once a follow-up has been sent (JSON true/false, or "yes"/"no").
- followed_up_on: the day that follow-up was sent, "YYYY-MM-DD"; a last check-in counts from it.

Empty strings and null count as not given.
"""


CHECK_KEY_LIMITS = {
    "interview_date": 40,
    "interview_time": 40,
    "timeline": 60,
    "now": 40,
    "already_followed_up": 10,
    "followed_up_on": 40,
}
"""The most characters each of `CHECK_KEYS` takes, spaces around it included: refused before it is read."""


@dataclass(frozen=True)
class CheckContext:
    """The inputs beside the template's fields that `check` takes as keyword arguments."""

    interview_date: date | None = None
    interview_time: time | None = None
    timeline: Timeline = field(default_factory=Timeline)
    now: date | None = None
    already_followed_up: bool | None = None
    followed_up_on: date | None = None


def split_check_input(
    data: Mapping[str, object], lang: str = DEFAULT
) -> tuple[dict[str, object], CheckContext, list[FieldError]]:
    """Separate `CHECK_KEYS` from the field values and read them.

    Args:
        data: Field values and any of `CHECK_KEYS`, as strings (and a bool
            for `already_followed_up`); an empty string or None is not given.
        lang: The language the errors are said in, and a timeline may be written in.

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
            errors.append(FieldError(key, message(lang, "inputs.too_long", key=key, most=CHECK_KEY_LIMITS[key])))
            return None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            return reader(raw)
        except PlanError as error:
            errors.append(FieldError(key, error.said(lang)))
            return None

    context = CheckContext(
        interview_date=read("interview_date", _read_date),
        interview_time=read("interview_time", _read_time),
        timeline=read("timeline", lambda raw: _read_timeline(raw, lang)) or Timeline(),
        now=read("now", _read_now),
        already_followed_up=read("already_followed_up", _read_flag),
        followed_up_on=read("followed_up_on", _read_follow_up_date),
    )
    return values, context, errors


# --- Reading the extra inputs -------------------------------------------------------------------------


def _read_date(raw: object, key: str = "interview_date") -> date:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise PlanError(key, "inputs.date", key=key)


def _read_follow_up_date(raw: object) -> date:
    return _read_date(raw, "followed_up_on")


def _read_time(raw: object) -> time:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", raw.strip()):
        hours, minutes = (int(part) for part in raw.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise PlanError("interview_time", "inputs.time")


def _read_timeline(raw: object, lang: str = DEFAULT) -> Timeline:
    if not isinstance(raw, str):
        raise PlanError("timeline", "inputs.timeline")
    return parse_timeline(raw, lang)


def _read_now(raw: object) -> date:
    if not isinstance(raw, str):
        raise PlanError("now", "inputs.now")
    text = raw.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise PlanError("now", "inputs.now") from None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?", text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise PlanError("now", "inputs.now")


def _read_flag(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in {"true", "yes", "1", "false", "no", "0"}:
        return raw.strip().lower() in {"true", "yes", "1"}
    raise PlanError("already_followed_up", "inputs.flag")
