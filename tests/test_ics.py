"""Calendar files of the plan, per RFC 5545, read back with the `icalendar` package."""

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ics import Event, calendar_ics, escape_text, fold_line, plan_events, plan_ics
from generator.planner import plan

PROPERTIES = settings(derandomize=True, database=None, deadline=None, max_examples=300)

STAMP = datetime(2026, 3, 3, 12, 0, 0, tzinfo=UTC)
D = date.fromisoformat


def _parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text.encode("utf-8"))


def _events(text: str) -> list[icalendar.Event]:
    return list(_parse(text).walk("VEVENT"))


def _unfold(text: str) -> str:
    """RFC 5545 section 3.1: drop each CRLF followed by one space or tab."""
    return re.sub(r"\r\n[ \t]", "", text)


def _expected_text(text: str) -> str:
    r"""What a TEXT value reads back as: line breaks as \n, controls but tab dropped, lone surrogates as U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _one_event(summary: str = "s", description: str = "d", alarm_text: str = "a") -> Event:
    return Event(D("2026-03-03"), D("2026-03-04"), summary, description, timedelta(hours=9), alarm_text)


# --- The calendar -------------------------------------------------------------------------------------


def test_calendar_has_the_required_properties() -> None:
    """VERSION 2.0, a PRODID, the Gregorian scale and METHOD:PUBLISH, read back by icalendar."""
    calendar = _parse(plan_ics(plan(D("2026-03-03")), dtstamp=STAMP))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Follow Up Politely//Follow-up planner//EN"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"


@pytest.mark.parametrize(
    ("interview", "at", "timeline", "thank_you", "follow_up"),
    [
        ("2026-03-03", None, "", ("2026-03-03", "2026-03-05"), ("2026-03-10", "2026-03-14")),
        ("2026-03-03", time(14, 30), "2026-03-13", ("2026-03-03", "2026-03-05"), ("2026-03-16", "2026-03-17")),
        ("2026-12-31", None, "", ("2026-12-31", "2027-01-02"), ("2027-01-07", "2027-01-09")),
        ("2028-02-28", time(9, 0), "1 day", ("2028-02-28", "2028-03-01"), ("2028-03-01", "2028-03-02")),
        ("2028-02-19", None, "", ("2028-02-19", "2028-02-21"), ("2028-02-28", "2028-03-01")),
    ],
)
def test_events_cover_the_thank_you_and_follow_up_days(
    interview: str,
    at: time | None,
    timeline: str,
    thank_you: tuple[str, str],
    follow_up: tuple[str, str],
) -> None:
    """All-day events: the thank-you from the interview day to the deadline's day, then the follow-up window.

    DTEND is exclusive, so it is the day after the last day.
    """
    events = _events(plan_ics(plan(D(interview), at, timeline), dtstamp=STAMP))
    spans = [(e["DTSTART"].dt, e["DTEND"].dt) for e in events]
    assert spans == [(D(thank_you[0]), D(thank_you[1])), (D(follow_up[0]), D(follow_up[1]))]
    for start, end in spans:
        assert type(start) is date
        assert type(end) is date


def test_events_say_what_to_do_and_when_to_move_on() -> None:
    """The titles name the email and the position; the notes give the deadline and the day to move on."""
    thank_you, follow_up = _events(plan_ics(plan(D("2026-03-03"), time(10, 0)), dtstamp=STAMP, position="Analyst"))
    assert thank_you["SUMMARY"] == "Send your thank-you email (Analyst)"
    assert "Wednesday, March 4, 2026 at 10:00" in thank_you["DESCRIPTION"]
    assert "\n" in thank_you["DESCRIPTION"]
    assert follow_up["SUMMARY"] == "Follow up on your interview (Analyst)"
    assert "Friday, March 27, 2026" in follow_up["DESCRIPTION"]


@pytest.mark.parametrize(
    ("at", "thank_you_alarm"),
    [
        (None, timedelta(hours=18)),
        (time(10, 0), timedelta(hours=18)),
        (time(17, 0), timedelta(hours=18)),
        (time(19, 30), timedelta(hours=20, minutes=30)),
        (time(23, 45), timedelta(hours=24, minutes=45)),
    ],
)
def test_each_event_has_a_display_alarm(at: time | None, thank_you_alarm: timedelta) -> None:
    """One VALARM each: the thank-you at 18:00 or an hour after a later interview, the follow-up at 9:00."""
    events = _events(plan_ics(plan(D("2026-03-03"), at), dtstamp=STAMP))
    triggers = []
    for event in events:
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0]["DESCRIPTION"]
        triggers.append(alarms[0]["TRIGGER"].dt)
    assert triggers == [thank_you_alarm, timedelta(hours=9)]


def test_uids_are_stable_per_event_and_distinct() -> None:
    """A UID is a hash of its event @follow-up-politely: the same plan gives the same UIDs, whatever DTSTAMP."""
    text = plan_ics(plan(D("2026-03-03")), dtstamp=STAMP)
    later = plan_ics(plan(D("2026-03-03")), dtstamp=STAMP + timedelta(days=1))
    uids = [str(e["UID"]) for e in _events(text)]
    assert len(set(uids)) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}@follow-up-politely", uid) for uid in uids)
    assert uids == [str(e["UID"]) for e in _events(later)]
    assert uids != [str(e["UID"]) for e in _events(plan_ics(plan(D("2026-03-04")), dtstamp=STAMP))]


def test_same_input_gives_the_same_file() -> None:
    """No clock and no randomness: the output is a function of the plan, the position and the stamp."""
    args = (plan(D("2028-02-29"), time(8, 0), "2 weeks"),)
    assert plan_ics(*args, dtstamp=STAMP, position="X") == plan_ics(*args, dtstamp=STAMP, position="X")


@pytest.mark.parametrize(
    ("stamp", "written"),
    [
        (STAMP, "20260303T120000Z"),
        (datetime(2026, 3, 3, 7, 5, 9, tzinfo=timezone(timedelta(hours=-5))), "20260303T120509Z"),
        (datetime(2027, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))), "20261231T233000Z"),
    ],
)
def test_dtstamp_is_written_in_utc(stamp: datetime, written: str) -> None:
    """DTSTAMP is the given moment in UTC as YYYYMMDDTHHMMSSZ."""
    text = plan_ics(plan(D("2026-03-03")), dtstamp=stamp)
    assert text.count(f"\r\nDTSTAMP:{written}\r\n") == 2
    assert all(e["DTSTAMP"].dt == stamp for e in _events(text))


def test_naive_dtstamp_is_refused() -> None:
    """A DTSTAMP without a time zone would be a guess, so it is a ValueError."""
    with pytest.raises(ValueError, match="time-zone aware"):
        plan_ics(plan(D("2026-03-03")), dtstamp=datetime(2026, 3, 3, 12))


def test_event_must_end_after_it_starts() -> None:
    """An Event whose DTEND is not after DTSTART is refused."""
    with pytest.raises(ValueError, match="must end after"):
        Event(D("2026-03-03"), D("2026-03-03"), "s", "d", timedelta(0), "a")


@pytest.mark.parametrize(
    ("alarm", "written"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(hours=9), "PT9H"),
        (timedelta(minutes=-15), "-PT15M"),
        (timedelta(hours=18, minutes=30), "PT18H30M"),
        (timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (timedelta(days=1, hours=1), "PT25H"),
        (timedelta(days=-1), "-PT24H"),
    ],
)
def test_trigger_durations_follow_the_grammar(alarm: timedelta, written: str) -> None:
    """TRIGGER is an RFC 5545 duration (H, M, S chained in order) that icalendar reads back exactly."""
    event = Event(D("2026-03-03"), D("2026-03-04"), "s", "d", alarm, "a")
    text = calendar_ics([event], dtstamp=STAMP)
    assert f"\r\nTRIGGER:{written}\r\n" in text
    assert _events(text)[0].walk("VALARM")[0]["TRIGGER"].dt == alarm


# --- Lines: CRLF, folding, escaping -------------------------------------------------------------------


def _assert_well_formed(text: str) -> None:
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    for line in lines:
        assert "\r" not in line
        assert "\n" not in line
        assert len(line.encode("utf-8")) <= 75, line


@pytest.mark.parametrize(
    "position",
    [
        "",
        "Analyst",
        pytest.param("Zoë 👩‍💻 שלום " * 20, id="mixed-scripts"),
        pytest.param("a,b;c\\d" * 50, id="escapes"),
    ],
)
def test_every_line_ends_in_crlf_and_fits_in_75_octets(position: str) -> None:
    """Each physical line ends in CRLF, holds no other CR or LF, and is at most 75 UTF-8 octets."""
    _assert_well_formed(plan_ics(plan(D("2026-03-03")), dtstamp=STAMP, position=position))


HOSTILE = [
    "commas, semicolons; and a backslash \\ too",
    "a\\,b\\;c\\nd\\\\",  # text that looks already escaped
    "line one\nline two\r\nline three\rline four",
    "\n\nleading and trailing line breaks\n\n",
    "emoji 👩‍💻👍🏽 and flags 🇺🇦",
    "שלום עולם and مرحبا with \u202eoverride\u202c",
    "Zoe\u0308 combining marks",
    "NUL\0 and BEL\a and ESC\x1b and DEL\x7f are dropped; tab\tstays",
    "lone \ud800 surrogate",
    "BEGIN:VEVENT\nEND:VCALENDAR",  # must stay text
    pytest.param("é" * 200, id="two-octet-chars"),  # across every fold
    pytest.param("€" * 200, id="three-octet-chars"),
    pytest.param("𝄞" * 200, id="four-octet-chars"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_exactly(text: str) -> None:
    """SUMMARY, DESCRIPTION and the alarm's DESCRIPTION read back as the text (controls but tab dropped)."""
    calendar_text = calendar_ics([_one_event(text, text, text)], dtstamp=STAMP)
    _assert_well_formed(calendar_text)
    [event] = _events(calendar_text)
    expected = _expected_text(text)
    assert str(event["SUMMARY"]) == expected
    assert str(event["DESCRIPTION"]) == expected
    assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == expected


def test_hostile_position_cannot_add_a_property_or_component() -> None:
    """A position holding a line break and calendar syntax stays inside the SUMMARY."""
    text = plan_ics(plan(D("2026-03-03")), dtstamp=STAMP, position="x\r\nBEGIN:VALARM\nATTENDEE:mailto:a@b.c")
    calendar = _parse(text)
    assert len(list(calendar.walk("VEVENT"))) == 2
    assert len(list(calendar.walk("VALARM"))) == 2
    lines = _unfold(text).split("\r\n")
    assert not any(line.startswith("ATTENDEE") for line in lines)
    assert sum(line == "BEGIN:VALARM" for line in lines) == 2
    assert str(_events(text)[0]["SUMMARY"]) == "Send your thank-you email (x BEGIN:VALARM ATTENDEE:mailto:a@b.c)"


def test_100_kb_description_folds_and_reads_back() -> None:
    """A 100 KB description of mixed scripts and escapes is folded into short lines and reads back whole."""
    text = ("Zoë, 👩‍💻; שלום \\ 李小龍\n" * 5000)[:100_000]
    calendar_text = calendar_ics([_one_event(description=text)], dtstamp=STAMP)
    _assert_well_formed(calendar_text)
    assert str(_events(calendar_text)[0]["DESCRIPTION"]) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("a:b", "a:b"),  # colons are not escaped in TEXT
        ('a"b', 'a"b'),
        ("a\0b", "ab"),
    ],
)
def test_escape_text_escapes_what_rfc_5545_lists(text: str, escaped: str) -> None:
    """Backslash, semicolon, comma and line breaks are escaped; nothing else."""
    assert escape_text(text) == escaped


def test_short_lines_are_not_folded() -> None:
    """A line of 75 octets stays whole; one more octet folds it."""
    assert fold_line("x" * 75) == "x" * 75
    assert fold_line("x" * 76) == "x" * 75 + "\r\n x"


def test_fold_never_splits_a_character() -> None:
    """A four-octet character that would straddle octet 75 moves whole to the next line."""
    folded = fold_line("x" * 73 + "𝄞" + "y")
    assert folded == "x" * 73 + "\r\n 𝄞y"


@PROPERTIES
@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=400))
def test_folding_round_trips_any_line(line: str) -> None:
    """Unfolding a folded line gives it back exactly, and every piece is at most 75 octets of whole characters."""
    folded = fold_line(line)
    assert _unfold(folded) == line
    for piece in folded.split("\r\n"):
        assert len(piece.encode("utf-8")) <= 75


@PROPERTIES
@given(st.text(max_size=300))
def test_any_text_reads_back_through_icalendar(text: str) -> None:
    """Whatever the text, icalendar reads the SUMMARY and DESCRIPTION back as written."""
    calendar_text = calendar_ics([_one_event(text, text)], dtstamp=STAMP)
    _assert_well_formed(calendar_text)
    [event] = _events(calendar_text)
    assert str(event["SUMMARY"]) == _expected_text(text)
    assert str(event["DESCRIPTION"]) == _expected_text(text)


def test_plan_events_are_the_calendars_events() -> None:
    """plan_ics is calendar_ics of plan_events, for a UI that wants to show the events first."""
    the_plan = plan(D("2026-03-03"))
    assert plan_ics(the_plan, dtstamp=STAMP) == calendar_ics(plan_events(the_plan), dtstamp=STAMP)
