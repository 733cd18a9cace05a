"""An RFC 5545 calendar (text/calendar) of the plan's thank-you and follow-up days."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from generator.languages import DEFAULT, Phrase, message
from generator.planner import Plan
from generator.text import without_lone_surrogates

PRODID = "-//Follow Up Politely//Follow-up planner//EN"
UID_DOMAIN = "follow-up-politely"
MEDIA_TYPE = "text/calendar; charset=utf-8"

# RFC 5545 section 3.1: a content line is at most 75 octets, without its CRLF.
_MAX_OCTETS = 75
_CRLF = "\r\n"
# RFC 5545 section 3.3.11: only these four are escaped in TEXT.
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
# CONTROL (section 3.1) may not appear in a value; \n is escaped above and HTAB is allowed.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])

# Reminders land in the evening of the interview day (people are rarely
# interviewed after 17:00, so it falls after most interviews) and in the
# morning of the first day to follow up.
_THANK_YOU_ALARM = time(18, 0)
_FOLLOW_UP_ALARM = timedelta(hours=9)


@dataclass(frozen=True)
class Event:
    """An all-day event with one display alarm.

    Attributes:
        start: The first day.
        end: The day after the last day (DTEND is exclusive), later than `start`.
        summary: The title calendars show.
        description: The notes; any text, escaped when written.
        alarm: When the reminder fires, from the start of the first day (midnight, local time).
        alarm_text: What the reminder says.

    """

    start: date
    end: date
    summary: str
    description: str
    alarm: timedelta
    alarm_text: str

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"an event must end after it starts: {self.start} to {self.end}")


def plan_events(plan: Plan, *, position: str = "", lang: str = DEFAULT) -> tuple[Event, Event]:
    """The two days of the plan worth a reminder: the thank-you and the follow-up.

    Args:
        plan: The plan from `generator.planner.plan`.
        position: The job title, to tell one interview's events from another's; may be "".
        lang: The language the events' titles, notes and reminders are in.

    Returns:
        The thank-you event (the interview day to the deadline's day, with a
        reminder that evening, or an hour after the interview if that is
        later) and the follow-up event (the follow-up window, with a reminder
        at 9:00 on its first day; its notes say when to move on).

    """
    title = " ".join(position.split())

    def summary(plain: str, with_title: str) -> str:
        # With a job title, a title of its own: the language may not put it at the end.
        return message(lang, with_title, position=title) if title else message(lang, plain)

    deadline = plan.thank_you_deadline
    if plan.thank_you_deadline_exact:
        by = Phrase("calendar.by_time", day=deadline.date(), time=deadline.time())
    else:
        by = Phrase("calendar.by_day", day=deadline.date())
    thank_you = Event(
        start=plan.thank_you_ideal,
        end=deadline.date() + timedelta(days=1),
        summary=summary("calendar.thank_you", "calendar.thank_you_for"),
        description=message(lang, "calendar.thank_you_notes", by=by),
        alarm=_thank_you_alarm(plan),
        alarm_text=message(lang, "calendar.thank_you_alarm"),
    )

    if plan.decision_date is not None:
        window = Phrase("calendar.timeline_passed", day=plan.decision_date)
    else:
        window = Phrase("calendar.window", first=plan.follow_up_date, last=plan.follow_up_window_end)
    follow_up = Event(
        start=plan.follow_up_date,
        end=plan.follow_up_window_end + timedelta(days=1),
        summary=summary("calendar.follow_up", "calendar.follow_up_for"),
        description=message(lang, "calendar.follow_up_notes", window=window, day=plan.stop_waiting),
        alarm=_FOLLOW_UP_ALARM,
        alarm_text=message(lang, "calendar.follow_up_alarm"),
    )
    return thank_you, follow_up


def plan_ics(plan: Plan, *, dtstamp: datetime, position: str = "", lang: str = DEFAULT) -> str:
    """The plan's thank-you and follow-up as a calendar file's text.

    Args:
        plan: The plan from `generator.planner.plan`.
        dtstamp: When the file is made; a time-zone-aware datetime, passed
            in so the same plan always gives the same file.
        position: The job title for the events' titles; may be "".
        lang: The language of the events' words.

    Returns:
        The calendar, CRLF line ends and lines folded; encode it as UTF-8.

    """
    return calendar_ics(plan_events(plan, position=position, lang=lang), dtstamp=dtstamp)


def calendar_ics(events: Sequence[Event], *, dtstamp: datetime) -> str:
    """A VCALENDAR holding these all-day events, per RFC 5545.

    Args:
        events: The events, in order.
        dtstamp: When the file is made, written as DTSTAMP in UTC; must be
            time-zone aware.

    Returns:
        The calendar text: every line ends in CRLF and is folded at 75 UTF-8
        octets. Each UID is a hash of its event, so the same event always
        gets the same UID and a calendar that imports it twice keeps one.

    Raises:
        ValueError: `dtstamp` has no time zone.

    """
    if dtstamp.tzinfo is None or dtstamp.utcoffset() is None:
        raise ValueError("dtstamp must be time-zone aware, such as datetime.now(UTC)")
    stamp = _utc_stamp(dtstamp.astimezone(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        body = [
            f"DTSTART;VALUE=DATE:{_date(event.start)}",
            f"DTEND;VALUE=DATE:{_date(event.end)}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            # A reminder, not an appointment: it must not mark the day as busy.
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{_duration(event.alarm)}",
            f"DESCRIPTION:{escape_text(event.alarm_text)}",
            "END:VALARM",
        ]
        # DTSTAMP is left out of the hash, so the UID depends on the event alone.
        digest = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()[:32]
        lines += ["BEGIN:VEVENT", f"UID:{digest}@{UID_DOMAIN}", f"DTSTAMP:{stamp}", *body, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + _CRLF for line in lines)


def escape_text(text: str) -> str:
    r"""A TEXT value as RFC 5545 section 3.3.11 writes it.

    Backslash, semicolon and comma get a backslash; every line break (CRLF,
    CR or LF) becomes `\n`. Control characters other than tab cannot appear
    in a content line and are dropped; a lone surrogate, which has no UTF-8
    form, becomes U+FFFD.
    """
    text = without_lone_surrogates(text).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return text.translate(_TEXT_ESCAPES)


def fold_line(line: str) -> str:
    """One content line folded per RFC 5545 section 3.1.

    Each physical line holds at most 75 octets of UTF-8: the first 75 of
    text, each continuation a space and up to 74 more. A break never falls
    inside a character's bytes, so every piece is valid UTF-8 on its own.
    Unfolding (dropping each CRLF and the one space after it) gives the line back.
    """
    data = line.encode("utf-8")
    if len(data) <= _MAX_OCTETS:
        return line
    pieces: list[str] = []
    start, room = 0, _MAX_OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        # Back up off UTF-8 continuation bytes (10xxxxxx) to a character's first byte.
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, room = end, _MAX_OCTETS - 1
    return (_CRLF + " ").join(pieces)


def _thank_you_alarm(plan: Plan) -> timedelta:
    evening = timedelta(hours=_THANK_YOU_ALARM.hour, minutes=_THANK_YOU_ALARM.minute)
    if plan.interview_time is None:
        return evening
    # An hour after a late interview still comes well before the 24-hour deadline.
    after = timedelta(hours=plan.interview_time.hour + 1, minutes=plan.interview_time.minute)
    return max(evening, after)


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _utc_stamp(moment: datetime) -> str:
    # Formatted by hand: strftime's %Y does not pad years before 1000 on every platform.
    return f"{_date(moment.date())}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"


def _duration(delta: timedelta) -> str:
    """A DURATION value (RFC 5545 section 3.3.6), such as PT18H, -PT15M or PT25H30M."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    if not (hours or minutes or seconds):
        return "PT0S"
    # The grammar chains H, M and S: a later part needs the ones between, so PT1H0M5S, not PT1H5S.
    text = f"{hours}H" if hours else ""
    if minutes or (hours and seconds):
        text += f"{minutes}M"
    if seconds:
        text += f"{seconds}S"
    return f"{sign}PT{text}"
