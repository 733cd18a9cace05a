"""The etiquette check: how a draft follows the guide, and whether now is the time to send it.

Each `CheckItem` is one piece of the guide's advice, judged on the subject and
body as they will be sent (what `render()` returns) and on the reader's values.
An item that cannot be judged without more input (the timing items without an
interview date and "now", the one-follow-up item without `already_followed_up`)
is left out of the list rather than passed: a tick should always mean "checked
and fine". One module per kind of advice: structure, pushy, timing; the draft
taken apart in draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

from generator.checks.draft import CheckItem, Draft, GuidePage
from generator.checks.pushy import not_pushy_item
from generator.checks.rules import rules_of
from generator.checks.structure import greeting_item, length_item, parts_items, sign_off_item, subject_item
from generator.checks.timing import (
    FollowUpSent,
    after_the_follow_up_item,
    after_their_timeline_item,
    one_follow_up_item,
    said_day_items,
    within_24_hours_items,
)
from generator.inputs import CHECK_KEYS, PlanError, Timeline, split_check_input
from generator.render import FieldError, ValidationError, render_preview

__all__ = ["CHECK_KEYS", "CheckItem", "GuidePage", "check", "check_input", "rules_of"]


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
    followed_up_on: date | None = None,
    lang: str = "en",
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
        followed_up_on: The day the follow-up was sent; a last check-in's
            timing counts from it.
        lang: The language the draft is written in: its words are listened for, and the advice is in it.

    Returns:
        The items in a fixed order per template; items that need data not
        given are left out.

    Raises:
        UnknownTemplateError: no template has that id.
        PlanError: the timeline or a time cannot be used; `field` names it.

    """
    rules = rules_of(template_id, lang)
    if isinstance(now, datetime) and now.tzinfo is not None:
        raise PlanError("now", "inputs.now_zone")
    draft = Draft(template_id, values, subject, body, lang)
    items = [
        subject_item(draft, interview_date, now),
        greeting_item(draft),
        *parts_items(draft),
        sign_off_item(draft),
        length_item(draft),
        not_pushy_item(draft),
    ]
    timing = rules.timing
    if timing and now is not None:
        where = (timing["guide"], timing["section"])
        rule = timing["rule"]
        if rule == "within-24-hours" and timing.get("dated_by") == "day_field":
            items += said_day_items(draft, now, where, timing["day_field"])
        elif rule == "within-24-hours" and interview_date is not None:
            day_field = timing.get("day_field", "")
            items += within_24_hours_items(draft, interview_date, interview_time, now, where, day_field)
        elif rule == "after-their-timeline" and interview_date is not None:
            items.append(after_their_timeline_item(interview_date, interview_time, timeline, now, where, lang))
        elif rule == "after-the-follow-up" and (interview_date, followed_up_on, already_followed_up) != (None,) * 3:
            sent = FollowUpSent(already_followed_up, followed_up_on)
            items.append(after_the_follow_up_item(interview_date, interview_time, timeline, sent, now, where, lang))
    if rules.one_follow_up and already_followed_up is not None:
        items.append(one_follow_up_item(already_followed_up, lang))
    return items


def check_input(template_id: str, data: Mapping[str, object], lang: str = "en") -> list[CheckItem]:
    """Render and check a draft from one JSON-style object, as the CLI and the page send it.

    Args:
        template_id: A catalog id.
        data: The template's field values, plus any of `CHECK_KEYS` (which
            are taken out before rendering).
        lang: The language of the email.

    Returns:
        The items, as `check` gives them.

    Raises:
        UnknownTemplateError: no template has that id.
        ValidationError: a field or an extra key cannot be used; every problem
            is listed, each naming its field or key.

    """
    values, context, errors = split_check_input(data, lang)
    preview = render_preview(template_id, values, lang)
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
            followed_up_on=context.followed_up_on,
            lang=lang,
        )
    except PlanError as error:
        # Each input is fine alone, but not together: a decision date before the interview.
        raise ValidationError(template_id, [FieldError(error.field, error.said(lang))]) from None
