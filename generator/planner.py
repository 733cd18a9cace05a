"""The follow-up planner: from the interview and their timeline to the days to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from generator.inputs import MAX_WAIT_DAYS, PlanError, Timeline, TimelineError, parse_timeline
from generator.languages import DEFAULT, Phrase, message

# The planner's date and time forms are the languages' now; these names are kept for those who import them here.
from generator.languages import format_date as format_date
from generator.languages import format_time as format_time

# The guide: "within about a week to ten days".
FOLLOW_UP_AFTER_DAYS = (7, 10)
# See `Plan.stop_waiting`.
STOP_WAITING_AFTER_DAYS = 14


@dataclass(frozen=True)
class Step:
    """One day of the timeline view: when, what, and what to do."""

    day: date
    label: str
    advice: str

    def to_dict(self) -> dict[str, str]:
        """The step as JSON-ready data, the day as YYYY-MM-DD."""
        return {"day": self.day.isoformat(), "label": self.label, "advice": self.advice}


@dataclass(frozen=True)
class Plan:
    """When to thank, when to follow up, and when to stop waiting.

    Attributes:
        interview_date: The day of the interview.
        interview_time: Its start time, if known (local wall-clock time).
        timeline: What they said about when they would decide.
        decision_date: The day their timeline runs out, or None without one.
        thank_you_ideal: The day the guide would have the thank-you sent: the
            interview day itself ("ideally the same day").
        thank_you_deadline: The latest moment for the thank-you: 24 hours after
            the interview when its time is known, else the end (23:59) of the
            next day, since 24 hours from an unknown time can only end then.
        thank_you_deadline_exact: True when the deadline is 24 hours to the
            minute, False when it is the end-of-next-day stand-in.
        follow_up_date: The first day to send the follow-up: the next business
            day after their timeline (and after the thank-you deadline's day,
            for a timeline that ends sooner); without one, the first business
            day at least 7 days after the interview.
        follow_up_window_end: The last day of the recommended window: with a
            timeline, the same as `follow_up_date`; without one, the last
            business day at most 10 days after the interview.
        stop_waiting: When to stop waiting and move on; see `stop_waiting_after`.
        steps: The days above in order, labelled and explained, for a timeline view.

    """

    interview_date: date
    interview_time: time | None
    timeline: Timeline
    decision_date: date | None
    thank_you_ideal: date
    thank_you_deadline: datetime
    thank_you_deadline_exact: bool
    follow_up_date: date
    follow_up_window_end: date
    stop_waiting: date
    steps: tuple[Step, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """The plan as JSON-ready data: dates as YYYY-MM-DD, the deadline as YYYY-MM-DDTHH:MM."""
        return {
            "interview_date": self.interview_date.isoformat(),
            "interview_time": self.interview_time.isoformat("minutes") if self.interview_time else None,
            "timeline": str(self.timeline),
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "thank_you_ideal": self.thank_you_ideal.isoformat(),
            "thank_you_deadline": self.thank_you_deadline.isoformat("T", "minutes"),
            "thank_you_deadline_exact": self.thank_you_deadline_exact,
            "follow_up_date": self.follow_up_date.isoformat(),
            "follow_up_window_end": self.follow_up_window_end.isoformat(),
            "stop_waiting": self.stop_waiting.isoformat(),
            "steps": [s.to_dict() for s in self.steps],
        }


def is_business_day(day: date) -> bool:
    """True from Monday to Friday. Holidays differ by country and employer, so none are known."""
    return day.weekday() < 5


def business_day_on_or_after(day: date) -> date:
    """`day` itself if it is a business day, else the Monday after."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def business_day_on_or_before(day: date) -> date:
    """`day` itself if it is a business day, else the Friday before."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def stop_waiting_after(follow_up_window_end: date) -> date:
    """When to stop waiting for an answer and move on.

    Two weeks after the last day of the follow-up window, on a business day.
    By then they have had the whole wait the guide allows before a follow-up
    (a week to ten days) again, plus a few days, to answer it; and the guide
    says one gentle follow-up is enough, so at most one brief last check-in
    follows (docs/last-check-in.md), and no further nudge. Counting from the
    window's end rather than its start means that a reader who follows up on
    the window's last day still gets the full two weeks. Moving on means
    putting your energy into other applications, not writing them off: they
    may still come back to you.

    Args:
        follow_up_window_end: The plan's last recommended day to follow up.

    Returns:
        A business day 14 or more days later.

    """
    return business_day_on_or_after(follow_up_window_end + timedelta(days=STOP_WAITING_AFTER_DAYS))


def plan(
    interview_date: date, interview_time: time | None = None, timeline: Timeline | str = "", *, lang: str = DEFAULT
) -> Plan:
    """Plan the thank-you, the follow-up and when to move on, as the guide advises.

    Weekends are skipped where an email would wait for a business day (the
    follow-up, the day to move on); the thank-you is due 24 hours after the
    interview whatever the day. No holidays are known.

    Args:
        interview_date: The day of the interview.
        interview_time: When it started, as local wall-clock time without a
            time zone; None if not known.
        timeline: What they said about when they would decide: a `Timeline`,
            or its string form for `parse_timeline` ("", "2026-12-04",
            "10 days", "2 weeks").
        lang: The language of the steps' labels and advice, and of their dates.

    Returns:
        The plan, with a step for each day worth a note.

    Raises:
        PlanError: an input cannot be used; `field` names it ("timeline",
            "interview_time" or "interview_date") and the message says what
            to type. TimelineError, a PlanError, for the timeline.

    """
    if isinstance(timeline, str):
        timeline = parse_timeline(timeline, lang)
    if interview_time is not None and interview_time.tzinfo is not None:
        raise PlanError("interview_time", "inputs.time_zone")
    try:
        return _plan(interview_date, interview_time, timeline, lang)
    except OverflowError:
        # Only dates near the year 9999 get here: the calendar ends before the plan does.
        raise PlanError("interview_date", "inputs.year") from None


def _plan(interview_date: date, interview_time: time | None, timeline: Timeline, lang: str) -> Plan:
    decision = timeline.decision_date(interview_date)
    if decision is not None and decision < interview_date:
        raise TimelineError("timeline.before", decision=decision.isoformat(), interview=interview_date.isoformat())
    if decision is not None and decision > interview_date + timedelta(days=MAX_WAIT_DAYS):
        raise TimelineError("timeline.too_far", decision=decision.isoformat())

    if interview_time is None:
        deadline = datetime.combine(interview_date + timedelta(days=1), time(23, 59))
    else:
        deadline = datetime.combine(interview_date, interview_time) + timedelta(hours=24)

    if decision is not None:
        # "After the timeline they provided": the day after it, or the Monday after a weekend;
        # and never on the thank-you's last day or before it, so the two emails never arrive together.
        follow_up = business_day_on_or_after(max(decision, deadline.date()) + timedelta(days=1))
        window_end = follow_up
    else:
        earliest, latest = FOLLOW_UP_AFTER_DAYS
        # The start moves later and the end earlier, so the window never opens
        # before a week nor closes after ten days. Four days always hold two
        # business days, so the window is never empty.
        follow_up = business_day_on_or_after(interview_date + timedelta(days=earliest))
        window_end = business_day_on_or_before(interview_date + timedelta(days=latest))
    stop = stop_waiting_after(window_end)

    steps = _steps(
        interview_date, deadline, interview_time is not None, timeline, decision, follow_up, window_end, stop, lang
    )
    return Plan(
        interview_date=interview_date,
        interview_time=interview_time,
        timeline=timeline,
        decision_date=decision,
        thank_you_ideal=interview_date,
        thank_you_deadline=deadline,
        thank_you_deadline_exact=interview_time is not None,
        follow_up_date=follow_up,
        follow_up_window_end=window_end,
        stop_waiting=stop,
        steps=steps,
    )


def _steps(
    interview_date: date,
    deadline: datetime,
    exact: bool,
    timeline: Timeline,
    decision: date | None,
    follow_up: date,
    window_end: date,
    stop: date,
    lang: str,
) -> tuple[Step, ...]:
    def step(day: date, label: str, advice: str, **slots: object) -> Step:
        return Step(day, message(lang, label), message(lang, advice, **slots))

    by = Phrase("plan.deadline.by_time", time=deadline.time()) if exact else Phrase("plan.deadline.by_end_of_day")
    steps = [
        step(interview_date, "plan.interview.label", "plan.interview.advice"),
        step(deadline.date(), "plan.deadline.label", "plan.deadline.advice", by=by),
    ]
    if decision is not None:
        said = Phrase("plan.decision.by", day=decision) if timeline.by is not None else _within(timeline)
        steps.append(step(decision, "plan.decision.label", "plan.decision.advice", said=said))
    if window_end == follow_up:
        when = Phrase("plan.follow_up.passed")
    else:
        # The guide's "about a week to ten days": any day of the window is as good.
        when = Phrase("plan.follow_up.between", first=follow_up, last=window_end)
    steps.append(step(follow_up, "plan.follow_up.label", "plan.follow_up.advice", when=when))
    steps.append(step(stop, "plan.move_on.label", "plan.move_on.advice"))
    # sorted() is stable, so steps on the same day keep the order above.
    return tuple(sorted(steps, key=lambda s: s.day))


# A wait they gave, by its unit and whether it is one: "within 1 week", "within 10 days".
_WITHIN = {
    ("day", True): "plan.decision.within_day",
    ("day", False): "plan.decision.within_days",
    ("business_day", True): "plan.decision.within_business_day",
    ("business_day", False): "plan.decision.within_business_days",
    ("week", True): "plan.decision.within_week",
    ("week", False): "plan.decision.within_weeks",
}


def _within(timeline: Timeline) -> Phrase:
    return Phrase(_WITHIN[timeline.unit, timeline.count == 1], count=timeline.count)
