"""The follow-up planner: the thank-you deadline, the follow-up window and when to move on."""

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.inputs import PlanError, Timeline, TimelineError, parse_timeline
from generator.planner import Plan, format_date, is_business_day, plan

# Fixed seed and no example database: the same cases every run, and nothing written to the repo.
PROPERTIES = settings(derandomize=True, database=None, deadline=None, max_examples=300)

D = date.fromisoformat


# --- Reading the timeline -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Timeline()),
        ("   ", Timeline()),
        ("none", Timeline()),
        ("None", Timeline()),
        ("2026-12-04", Timeline(by=D("2026-12-04"))),
        (" 2028-02-29 ", Timeline(by=D("2028-02-29"))),
        ("10 days", Timeline(count=10, unit="day")),
        ("1 day", Timeline(count=1, unit="day")),
        ("10days", Timeline(count=10, unit="day")),
        ("10 DAYS", Timeline(count=10, unit="day")),
        ("in 10 days", Timeline(count=10, unit="day")),
        ("2 weeks", Timeline(count=2, unit="week")),
        ("1 week", Timeline(count=1, unit="week")),
        ("in  3   weeks", Timeline(count=3, unit="week")),
        ("365 days", Timeline(count=365, unit="day")),
        ("52 weeks", Timeline(count=52, unit="week")),
        ("5 business days", Timeline(count=5, unit="business_day")),
        ("1 working day", Timeline(count=1, unit="business_day")),
        ("in 10  Business Days", Timeline(count=10, unit="business_day")),
        ("260 business days", Timeline(count=260, unit="business_day")),
    ],
)
def test_reads_each_form_of_timeline(text: str, expected: Timeline) -> None:
    """Nothing, a YYYY-MM-DD date, or "N days" / "N weeks" (with an optional "in") are understood."""
    assert parse_timeline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "soon",
        "next week",
        "tomorrow",
        "10",
        "days",
        "0 days",
        "-3 days",
        "1.5 weeks",
        "10 months",
        "366 days",
        "53 weeks",
        "261 business days",
        "10 business",
        "10 days business",
        "١٠ days",  # Arabic-Indic digits: int() would take them, a reader would not mean them
        "2026-13-01",
        "2026-02-30",
        "2027-02-29",  # not a leap year
        "2026/12/04",
        "12/04/2026",
        "20261204",
        "2026-12-04T10:00",
    ],
)
def test_unreadable_timeline_says_what_to_type(text: str) -> None:
    """Anything else is a TimelineError (a ValueError) whose message shows the forms to type."""
    with pytest.raises(TimelineError) as raised:
        parse_timeline(text)
    assert isinstance(raised.value, ValueError)
    assert raised.value.field == "timeline"
    message = str(raised.value)
    assert "2026-12-04" in message or "“10 days”" in message
    assert "10 days" in message


def test_timeline_cannot_hold_a_date_and_a_wait() -> None:
    """A Timeline is a date or a wait, never both."""
    with pytest.raises(TimelineError):
        Timeline(by=D("2026-12-04"), count=3)


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        (Timeline(), ""),
        (Timeline(by=D("2026-12-04")), "2026-12-04"),
        (Timeline(count=1), "1 day"),
        (Timeline(count=10), "10 days"),
        (Timeline(count=1, unit="week"), "1 week"),
        (Timeline(count=2, unit="week"), "2 weeks"),
        (Timeline(count=1, unit="business_day"), "1 business day"),
        (Timeline(count=5, unit="business_day"), "5 business days"),
    ],
)
def test_timeline_writes_its_string_form(timeline: Timeline, expected: str) -> None:
    """str() gives the small string form, with singular units for one."""
    assert str(timeline) == expected


_timelines = st.one_of(
    st.just(Timeline()),
    st.dates(min_value=D("1900-01-01"), max_value=D("9999-12-31")).map(lambda day: Timeline(by=day)),
    st.integers(1, 365).map(lambda n: Timeline(count=n, unit="day")),
    st.integers(1, 52).map(lambda n: Timeline(count=n, unit="week")),
    st.integers(1, 260).map(lambda n: Timeline(count=n, unit="business_day")),
)


@pytest.mark.parametrize(
    ("interview", "count", "decision"),
    [
        ("2026-12-07", 1, "2026-12-08"),  # Monday: Tuesday
        ("2026-12-04", 1, "2026-12-07"),  # Friday: the weekend skipped
        ("2026-12-04", 5, "2026-12-11"),  # Friday: a week on
        ("2026-12-05", 1, "2026-12-07"),  # an interview on a Saturday: Monday is the first
        ("2026-12-05", 5, "2026-12-11"),  # a Saturday: five working days end on Friday
        ("2026-12-06", 10, "2026-12-18"),  # a Sunday, two weeks of them
        ("2026-12-07", 10, "2026-12-21"),
        ("2026-12-09", 7, "2026-12-18"),
    ],
)
def test_a_wait_in_business_days_counts_monday_to_friday(interview: str, count: int, decision: str) -> None:
    assert Timeline(count=count, unit="business_day").decision_date(D(interview)) == D(decision)


def test_a_plan_says_a_wait_in_business_days_as_given() -> None:
    """The plan names the wait as the interviewer gave it, in each language's words."""
    for lang, words in [("en", "5 business days"), ("de", "5 Werktagen"), ("fr", "5 jours ouvrés")]:
        advice = " ".join(step.advice for step in plan(D("2026-12-04"), timeline="5 business days", lang=lang).steps)
        assert words in advice, (lang, advice)


@PROPERTIES
@given(_timelines)
def test_string_form_reads_back(timeline: Timeline) -> None:
    """parse_timeline(str(timeline)) gives the same timeline back."""
    assert parse_timeline(str(timeline)) == timeline


# --- The thank-you ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interview", "at", "deadline"),
    [
        ("2026-03-03", time(10, 0), datetime(2026, 3, 4, 10, 0)),
        ("2026-03-06", time(23, 30), datetime(2026, 3, 7, 23, 30)),  # Friday to Saturday: the weekend counts
        ("2026-01-31", time(16, 45), datetime(2026, 2, 1, 16, 45)),  # month end
        ("2026-12-31", time(15, 0), datetime(2027, 1, 1, 15, 0)),  # year end
        ("2028-02-28", time(9, 30), datetime(2028, 2, 29, 9, 30)),  # into the leap day
        ("2028-02-29", time(9, 30), datetime(2028, 3, 1, 9, 30)),  # out of it
        ("2027-02-28", time(9, 30), datetime(2027, 3, 1, 9, 30)),  # no leap day in 2027
    ],
)
def test_thank_you_is_due_24_hours_after_a_known_time(interview: str, at: time, deadline: datetime) -> None:
    """With the interview's time, the deadline is 24 hours later to the minute, weekends included."""
    result = plan(D(interview), at)
    assert result.thank_you_deadline == deadline
    assert result.thank_you_deadline_exact is True
    assert result.thank_you_ideal == D(interview)


@pytest.mark.parametrize(
    ("interview", "deadline"),
    [
        ("2026-03-03", datetime(2026, 3, 4, 23, 59)),
        ("2026-01-31", datetime(2026, 2, 1, 23, 59)),
        ("2026-12-31", datetime(2027, 1, 1, 23, 59)),
        ("2028-02-28", datetime(2028, 2, 29, 23, 59)),
        ("2028-02-29", datetime(2028, 3, 1, 23, 59)),
    ],
)
def test_thank_you_without_a_time_is_due_at_the_end_of_the_next_day(interview: str, deadline: datetime) -> None:
    """Without the time, the deadline is 23:59 the next day, marked as not exact; ideally it is the same day."""
    result = plan(D(interview))
    assert result.thank_you_deadline == deadline
    assert result.thank_you_deadline_exact is False
    assert result.thank_you_ideal == D(interview)


# --- The follow-up ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interview", "start", "end", "stop"),
    [
        ("2026-03-03", "2026-03-10", "2026-03-13", "2026-03-27"),  # Tuesday: the window is Tuesday to Friday
        ("2026-01-28", "2026-02-04", "2026-02-06", "2026-02-20"),  # day 10 is a Saturday: the end moves back
        ("2026-02-26", "2026-03-05", "2026-03-06", "2026-03-20"),  # across February's end
        ("2026-12-24", "2026-12-31", "2027-01-01", "2027-01-15"),  # across the year's end
        ("2026-12-31", "2027-01-07", "2027-01-08", "2027-01-22"),
        ("2026-10-31", "2026-11-09", "2026-11-10", "2026-11-24"),  # Saturday interview: day 7 is too, start moves on
        ("2028-02-19", "2028-02-28", "2028-02-29", "2028-03-14"),  # window ends on the leap day
        ("2028-02-22", "2028-02-29", "2028-03-03", "2028-03-17"),  # window starts on the leap day
        ("2028-02-29", "2028-03-07", "2028-03-10", "2028-03-24"),  # interview on the leap day
    ],
)
def test_without_a_timeline_follow_up_in_7_to_10_days_on_business_days(
    interview: str, start: str, end: str, stop: str
) -> None:
    """No timeline: the window runs from the first business day from day 7 to the last one up to day 10."""
    result = plan(D(interview))
    assert (result.follow_up_date, result.follow_up_window_end, result.stop_waiting) == (D(start), D(end), D(stop))
    assert result.decision_date is None


@pytest.mark.parametrize(
    ("interview", "timeline", "decision", "follow_up", "stop"),
    [
        ("2026-03-03", "2026-03-11", "2026-03-11", "2026-03-12", "2026-03-26"),  # Wednesday: the next day
        ("2026-03-03", "2026-03-13", "2026-03-13", "2026-03-16", "2026-03-30"),  # Friday: the Monday after
        ("2026-03-03", "2026-03-14", "2026-03-14", "2026-03-16", "2026-03-30"),  # Saturday: the Monday after
        # "By the end of today": not on the thank-you's last day (the 4th), the day after it.
        ("2026-03-03", "2026-03-03", "2026-03-03", "2026-03-05", "2026-03-19"),
        ("2026-03-03", "1 day", "2026-03-04", "2026-03-05", "2026-03-19"),
        ("2026-03-06", "2026-03-06", "2026-03-06", "2026-03-09", "2026-03-23"),  # Friday: deadline Saturday
        ("2026-12-20", "2026-12-31", "2026-12-31", "2027-01-01", "2027-01-15"),  # year end; no holidays known
        ("2028-02-20", "2028-02-28", "2028-02-28", "2028-02-29", "2028-03-14"),  # onto the leap day
        ("2028-02-20", "2028-02-29", "2028-02-29", "2028-03-01", "2028-03-15"),  # off the leap day
        ("2026-03-03", "10 days", "2026-03-13", "2026-03-16", "2026-03-30"),
        ("2026-03-03", "2 weeks", "2026-03-17", "2026-03-18", "2026-04-01"),
        ("2026-12-22", "1 week", "2026-12-29", "2026-12-30", "2027-01-13"),
        ("2026-12-30", "2 days", "2027-01-01", "2027-01-04", "2027-01-18"),  # Friday, January 1: Monday the 4th
        ("2028-02-22", "6 days", "2028-02-28", "2028-02-29", "2028-03-14"),
        ("2026-01-30", "4 weeks", "2026-02-27", "2026-03-02", "2026-03-16"),
    ],
)
def test_with_a_timeline_follow_up_the_next_business_day_after_it(
    interview: str, timeline: str, decision: str, follow_up: str, stop: str
) -> None:
    """A date or a wait: follow up on the first business day after it passes, and only then."""
    result = plan(D(interview), None, timeline)
    assert result.decision_date == D(decision)
    assert result.follow_up_date == D(follow_up)
    assert result.follow_up_window_end == result.follow_up_date
    assert result.stop_waiting == D(stop)


def test_accepts_a_timeline_object_as_well_as_its_string() -> None:
    """plan() takes a Timeline or its string form alike."""
    assert plan(D("2026-03-03"), None, Timeline(count=2, unit="week")) == plan(D("2026-03-03"), None, "2 weeks")


@pytest.mark.parametrize(
    ("timeline", "words"),
    [("2026-03-02", "before the interview"), ("2027-03-04", "more than a year")],
)
def test_decision_date_must_fall_within_a_year_from_the_interview(timeline: str, words: str) -> None:
    """A decision date before the interview, or more than a year on (a mistyped year), is a TimelineError."""
    with pytest.raises(TimelineError) as raised:
        plan(D("2026-03-03"), None, timeline)
    assert words in str(raised.value)
    assert raised.value.field == "timeline"


def test_interview_time_must_be_local() -> None:
    """A time with a time zone is refused, naming interview_time: the plan is in the reader's wall-clock time."""
    with pytest.raises(PlanError) as raised:
        plan(D("2026-03-03"), time(10, 0, tzinfo=UTC))
    assert raised.value.field == "interview_time"


def test_dates_at_the_end_of_the_calendar_are_refused_with_a_message() -> None:
    """An interview near 9999-12-31 is a PlanError naming interview_date, not an OverflowError."""
    with pytest.raises(PlanError) as raised:
        plan(D("9999-12-30"))
    assert raised.value.field == "interview_date"


# --- Stopping, steps, and properties of every plan ----------------------------------------------------


def test_steps_explain_each_day_in_order() -> None:
    """The steps are the interview, the deadline, their date, the follow-up and moving on, in date order."""
    result = plan(D("2026-03-03"), time(14, 30), "2026-03-13")
    assert [(s.day, s.label) for s in result.steps] == [
        (D("2026-03-03"), "Interview"),
        (D("2026-03-04"), "Thank-you deadline"),
        (D("2026-03-13"), "Their decision date"),
        (D("2026-03-16"), "Follow up"),
        (D("2026-03-30"), "Move on"),
    ]
    advice = {s.label: s.advice for s in result.steps}
    assert "ideally the same day" in advice["Interview"]
    assert "by 14:30" in advice["Thank-you deadline"]
    assert "Friday, March 13, 2026" in advice["Their decision date"]
    assert "one polite follow-up" in advice["Follow up"]
    assert "One follow-up is enough" in advice["Move on"]


def test_window_step_names_its_first_and_last_day() -> None:
    """Without a timeline the follow-up step gives the window's two days in words."""
    result = plan(D("2026-03-03"))
    step = next(s for s in result.steps if s.label == "Follow up")
    assert "between Tuesday, March 10, 2026 and Friday, March 13, 2026" in step.advice
    assert not any(s.label == "Their decision date" for s in result.steps)


def test_plan_is_plain_json_data() -> None:
    """to_dict() gives ISO dates and strings only, ready for the browser."""
    data = plan(D("2028-02-28"), time(9, 5), "1 day").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["thank_you_deadline"] == "2028-02-29T09:05"
    assert data["interview_time"] == "09:05"
    assert data["decision_date"] == "2028-02-29"
    assert data["follow_up_date"] == "2028-03-01"
    assert data["steps"][0] == {"day": "2028-02-28", "label": "Interview", "advice": data["steps"][0]["advice"]}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D("2026-12-04"), "Friday, December 4, 2026"),
        (D("2028-02-29"), "Tuesday, February 29, 2028"),
        (D("2027-01-01"), "Friday, January 1, 2027"),
    ],
)
def test_dates_read_in_english_whatever_the_locale(day: date, expected: str) -> None:
    """format_date writes the weekday and month in English, from its own table."""
    assert format_date(day) == expected


_interviews = st.dates(min_value=D("2000-01-01"), max_value=D("2100-12-31"))
_times = st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0)))
_waits = st.one_of(
    st.just(""),
    st.integers(1, 365).map(lambda n: f"{n} days"),
    st.integers(1, 52).map(lambda n: f"{n} weeks"),
    st.integers(0, 365).map(lambda n: f"+{n}"),  # a date n days after the interview
)


def _every_plan_holds(result: Plan) -> None:
    interview = result.interview_date
    assert interview < result.thank_you_deadline.date() <= interview + timedelta(days=1)
    for day in (result.follow_up_date, result.follow_up_window_end, result.stop_waiting):
        assert is_business_day(day)
    assert result.follow_up_date <= result.follow_up_window_end < result.stop_waiting
    assert result.stop_waiting - result.follow_up_window_end >= timedelta(days=14)
    if result.decision_date is None:
        assert timedelta(days=7) <= result.follow_up_date - interview
        assert result.follow_up_window_end - interview <= timedelta(days=10)
    else:
        # After their timeline, and after the thank-you's last day: the two never arrive together.
        waited = max(result.decision_date, result.thank_you_deadline.date())
        assert waited < result.follow_up_date <= waited + timedelta(days=3)
    assert result.follow_up_date > result.thank_you_deadline.date()
    days = [step.day for step in result.steps]
    assert days == sorted(days)


@PROPERTIES
@given(_interviews, _times, _waits)
def test_every_plan_keeps_the_guides_rules(interview: date, at: time | None, wait: str) -> None:
    """Any plan: thank-you within a day; follow-up and moving on on business days, in the guide's order."""
    timeline = (interview + timedelta(days=int(wait[1:]))).isoformat() if wait.startswith("+") else wait
    _every_plan_holds(plan(interview, at, timeline))
