"""Whether now is the time: within 24 hours, after their timeline, after the follow-up; and one follow-up.

Each rule is the guide's, and a situation's file says which one applies and
which section of the guide explains it (`where`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from generator.catalog import get_template
from generator.checks.draft import ONE_FOLLOW_UP, CheckItem, Draft, day_of, item
from generator.inputs import Timeline
from generator.planner import business_day_on_or_after, format_date, format_time, plan

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
    if today < interview_date or (isinstance(now, datetime) and interview_time is not None and now < started):
        return [
            item(
                "thank-you-timing",
                False,
                "The interview hasn’t happened yet: send your thank-you after it, ideally the same day.",
                where,
            )
        ]
    by = format_time(deadline.time()) if the_plan.thank_you_deadline_exact else "the end of the day"
    late = now > deadline if isinstance(now, datetime) else today > deadline.date()
    if today == interview_date:
        timing = item("thank-you-timing", True, "Sending it the same day as the interview: ideal.", where)
    elif not late:
        timing = item(
            "thank-you-timing",
            True,
            f"Within 24 hours of the interview: send it by {by} on {format_date(deadline.date())}.",
            where,
        )
    else:
        timing = item(
            "thank-you-timing",
            False,
            "It’s more than 24 hours since the interview. A late thank-you still beats none: send it today, "
            "and make sure it says when you spoke.",
            where,
        )

    if not day_field:
        return [timing]
    # Left out, the field takes its default, as render() fills it.
    said = draft.value(day_field) or _default(draft.template_id, day_field)
    elapsed = (today - interview_date).days
    actual = {0: "today", 1: "yesterday"}.get(elapsed)
    if actual == said:
        day = item("interview-day", True, f"“{said}” matches the interview date.", where)
    elif actual is not None:
        day = item(
            "interview-day",
            False,
            f"The email says “{said}”, but the interview was {actual}: choose “{actual.capitalize()}”.",
            where,
        )
    else:
        day = item(
            "interview-day",
            False,
            f"The email says “{said}”, but the interview was on {format_date(interview_date)}: "
            "edit the sentence to say when you spoke.",
            where,
        )
    return [timing, day]


def said_day_items(draft: Draft, now: date, where: Where, day_field: str) -> list[CheckItem]:
    """The 24 hours dated by the email's own day ("today", "yesterday"), for a call the planner does not know."""
    said = draft.value(day_field) or _default(draft.template_id, day_field)
    elapsed = {"today": 0, "yesterday": 1}.get(said)
    if elapsed is None:
        return []
    return within_24_hours_items(draft, day_of(now) - timedelta(days=elapsed), None, day_of(now), where, "")


def after_their_timeline_item(
    interview_date: date, interview_time: time | None, timeline: Timeline | str, now: date, where: Where
) -> CheckItem:
    """Whether their timeline (or the guide's week to ten days) has passed by `now`."""
    the_plan = plan(interview_date, interview_time, timeline)
    today = day_of(now)
    start = the_plan.follow_up_date
    if the_plan.decision_date is not None:
        reason = f"their timeline runs to {format_date(the_plan.decision_date)}"
    else:
        reason = "the guide suggests waiting about a week to ten days after the interview"
    if today < start:
        return item(
            "follow-up-timing",
            False,
            f"Too early: {reason}. Wait until {format_date(start)} before following up.",
            where,
        )
    if today >= the_plan.stop_waiting:
        return item(
            "follow-up-timing",
            True,
            "It has been a while: one polite follow-up is still fine. "
            "If there is no reply, move on to other applications.",
            where,
        )
    return item("follow-up-timing", True, f"Good timing: {reason}, and that has passed.", where)


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
) -> CheckItem:
    """Whether the follow-up has had its two weeks, so that one last note is fair, and then the last.

    The two weeks count from the day the follow-up went, when the reader gave it;
    otherwise from the interview, as the planner's "stop waiting" day.
    """
    today = day_of(now)
    if sent.already is False and sent.on is None:
        return item(
            "last-check-in-timing",
            False,
            "You haven’t sent your follow-up yet: send that one first. A last note is for when it has gone "
            "unanswered for about two weeks.",
            where,
        )
    if sent.on is not None and today < sent.on:
        return item(
            "last-check-in-timing",
            False,
            f"The day you followed up, {format_date(sent.on)}, is after today: check the date.",
            where,
        )
    if sent.on is not None:
        fair_from = business_day_on_or_after(sent.on + _FOLLOW_UP_WAIT)
        since = f"since you followed up on {format_date(sent.on)}"
    elif interview_date is not None:
        fair_from = plan(interview_date, interview_time, timeline).stop_waiting
        since = "counted from your interview (give the day you followed up in the planner for an exact date)"
    else:
        return item(
            "last-check-in-timing",
            True,
            "After about two weeks without a reply to your follow-up, one last, brief note is fair. "
            "After it, let this one go.",
            where,
        )
    if today < fair_from:
        return item(
            "last-check-in-timing",
            False,
            f"Too early for a last note: give your follow-up until {format_date(fair_from)}, about two weeks "
            f"{since}, before you write again.",
            where,
        )
    return item(
        "last-check-in-timing",
        True,
        f"Your follow-up has had its time, about two weeks {since}: one last, brief note is fair. "
        "After it, let this one go.",
        where,
    )


def one_follow_up_item(already_followed_up: bool) -> CheckItem:
    """Whether this is the one follow-up the guide advises."""
    if already_followed_up:
        return item(
            "one-follow-up",
            False,
            "You have already followed up once. One gentle follow-up is usually enough unless they asked for more: "
            "wait for their reply, and keep your search going.",
            ONE_FOLLOW_UP,
        )
    return item("one-follow-up", True, "This is your one follow-up, as the guide advises.", ONE_FOLLOW_UP)
