"""Whether now is the time: within 24 hours, after their timeline, after the follow-up; and one follow-up.

Each rule is the guide's, and a situation's file says which one applies and
which section of the guide explains it (`where`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from generator.catalog import get_template
from generator.checks.draft import ONE_FOLLOW_UP, CheckItem, Draft, day_of, item
from generator.inputs import Timeline
from generator.languages import DEFAULT, Phrase, message
from generator.planner import business_day_on_or_after, plan

Where = tuple[str, str]


def _default(template_id: str, field_id: str) -> str:
    spec = get_template(template_id).field(field_id)
    return spec.example if spec else ""


def within_24_hours_items(
    draft: Draft, interview_date: date, interview_time: time | None, now: date, where: Where, day_field: str
) -> list[CheckItem]:
    """Whether a thank-you sent `now` is within 24 hours, and (with `day_field`) says the right day."""
    the_plan = plan(interview_date, interview_time)
    deadline = the_plan.thank_you_deadline
    today = day_of(now)
    started = datetime.combine(interview_date, interview_time or time(0, 0))
    lang = draft.lang

    def timing_item(ok: bool, key: str, **slots: object) -> CheckItem:
        return item("thank-you-timing", ok, message(lang, key, **slots), where)

    if today < interview_date or (isinstance(now, datetime) and interview_time is not None and now < started):
        return [timing_item(False, "thank_you_timing.not_yet")]
    by = deadline.time() if the_plan.thank_you_deadline_exact else Phrase("thank_you_timing.end_of_day")
    late = now > deadline if isinstance(now, datetime) else today > deadline.date()
    if today == interview_date:
        timing = timing_item(True, "thank_you_timing.same_day")
    elif not late:
        timing = timing_item(True, "thank_you_timing.in_time", by=by, day=deadline.date())
    else:
        timing = timing_item(False, "thank_you_timing.late")

    if not day_field:
        return [timing]
    # Left out, the field takes its default, as render() fills it.
    said = draft.value(day_field) or _default(draft.template_id, day_field)
    elapsed = (today - interview_date).days
    actual = {0: "today", 1: "yesterday"}.get(elapsed)
    said_as = _day_label(draft.template_id, day_field, said, lower=True)
    if actual == said:
        day = item("interview-day", True, message(lang, "interview_day.matches", said=said_as), where)
    elif actual is not None:
        actual_as, choice = (_day_label(draft.template_id, day_field, actual, lower=lower) for lower in (True, False))
        advice = message(lang, "interview_day.other_day", said=said_as, actual=actual_as, choice=choice)
        day = item("interview-day", False, advice, where)
    else:
        day = item("interview-day", False, message(lang, "interview_day.on", said=said_as, day=interview_date), where)
    return [timing, day]


def _day_label(template_id: str, field_id: str, value: str, *, lower: bool) -> Callable[[str], str]:
    """A day choice as the form names it ("Yesterday", "Gestern"), in the language its sentence is said in.

    The values are the choices' ids ("yesterday"); one that is no choice is said as it is.
    """

    def said(lang: str) -> str:
        spec = get_template(template_id, lang).field(field_id)
        label = next((c.label for c in spec.choices if c.value == value), None) if spec else None
        if label is None:
            return value if lower else value.capitalize()
        return label.lower() if lower else label

    return said


def said_day_items(draft: Draft, now: date, where: Where, day_field: str) -> list[CheckItem]:
    """The 24 hours dated by the email's own day ("today", "yesterday"), for a call the planner does not know."""
    said = draft.value(day_field) or _default(draft.template_id, day_field)
    elapsed = {"today": 0, "yesterday": 1}.get(said)
    if elapsed is None:
        return []
    return within_24_hours_items(draft, day_of(now) - timedelta(days=elapsed), None, day_of(now), where, "")


def after_their_timeline_item(
    interview_date: date,
    interview_time: time | None,
    timeline: Timeline | str,
    now: date,
    where: Where,
    lang: str = DEFAULT,
) -> CheckItem:
    """Whether their timeline (or the guide's week to ten days) has passed by `now`."""
    the_plan = plan(interview_date, interview_time, timeline)
    today = day_of(now)
    start = the_plan.follow_up_date
    if the_plan.decision_date is not None:
        reason = Phrase("follow_up_timing.their_timeline", day=the_plan.decision_date)
    else:
        reason = Phrase("follow_up_timing.guide_wait")
    if today < start:
        return item(
            "follow-up-timing", False, message(lang, "follow_up_timing.too_early", reason=reason, day=start), where
        )
    if today >= the_plan.stop_waiting:
        return item("follow-up-timing", True, message(lang, "follow_up_timing.a_while"), where)
    return item("follow-up-timing", True, message(lang, "follow_up_timing.good", reason=reason), where)


@dataclass(frozen=True)
class FollowUpSent:
    """What the reader said of their follow-up: whether it went, and on which day."""

    already: bool | None = None
    on: date | None = None


# The guide's "one gentle follow-up": give it about two weeks before a last note.
_FOLLOW_UP_WAIT = timedelta(days=14)


def after_the_follow_up_item(
    interview_date: date | None,
    interview_time: time | None,
    timeline: Timeline | str,
    sent: FollowUpSent,
    now: date,
    where: Where,
    lang: str = DEFAULT,
) -> CheckItem:
    """Whether the follow-up has had its two weeks, so that one last note is fair, and then the last.

    The two weeks count from the day the follow-up went, when the reader gave it;
    otherwise from the interview, as the planner's "stop waiting" day.
    """
    today = day_of(now)

    def last_item(ok: bool, key: str, **slots: object) -> CheckItem:
        return item("last-check-in-timing", ok, message(lang, key, **slots), where)

    if sent.already is False and sent.on is None:
        return last_item(False, "last_check_in_timing.not_sent")
    if sent.on is not None and today < sent.on:
        return last_item(False, "last_check_in_timing.future_day", day=sent.on)
    if sent.on is not None:
        fair_from = business_day_on_or_after(sent.on + _FOLLOW_UP_WAIT)
        since = Phrase("last_check_in_timing.since_sent", day=sent.on)
    elif interview_date is not None:
        fair_from = plan(interview_date, interview_time, timeline).stop_waiting
        since = Phrase("last_check_in_timing.since_interview")
    else:
        return last_item(True, "last_check_in_timing.unknown")
    if today < fair_from:
        return last_item(False, "last_check_in_timing.too_early", day=fair_from, since=since)
    return last_item(True, "last_check_in_timing.fair", since=since)


def one_follow_up_item(already_followed_up: bool, lang: str = DEFAULT) -> CheckItem:
    """Whether this is the one follow-up the guide advises."""
    if already_followed_up:
        return item("one-follow-up", False, message(lang, "one_follow_up.again"), ONE_FOLLOW_UP)
    return item("one-follow-up", True, message(lang, "one_follow_up.ok"), ONE_FOLLOW_UP)
