"""Where each timing rule takes its day from: the follow-up's own date, or the email's own "today"."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator import CATALOG, render
from generator.checks import CheckItem, check, check_input
from generator.inputs import split_check_input

D = date.fromisoformat
T = datetime.fromisoformat


def _items(template_id: str, values: dict[str, object] | None = None, **context: object) -> dict[str, CheckItem]:
    filled = {**CATALOG[template_id].example_values(), **(values or {})}
    email = render(template_id, filled)
    return {i.id: i for i in check(template_id, filled, email.subject, email.body, **context)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("followed_up_on", "now", "ok", "words"),
    [
        # Two weeks after Tuesday 10 March is Tuesday 24 March.
        ("2026-03-10", "2026-03-23", False, "until Tuesday, March 24, 2026"),
        ("2026-03-10", "2026-03-24", True, "since you followed up on Tuesday, March 10, 2026"),
        # Two weeks after Saturday 14 March is a Saturday: the Monday after.
        ("2026-03-14", "2026-03-28", False, "until Monday, March 30, 2026"),
        ("2026-03-20", "2026-03-19", False, "is after today"),
    ],
)
def test_a_last_check_in_counts_from_the_follow_up(followed_up_on: str, now: str, ok: bool, words: str) -> None:
    """Given the follow-up's day, the two weeks run from it, whatever the interview's date."""
    item = _items(
        "last-check-in",
        interview_date=D("2026-01-05"),
        already_followed_up=True,
        followed_up_on=D(followed_up_on),
        now=D(now),
    )["last-check-in-timing"]
    assert (item.ok, words in item.advice) == (ok, True), item.advice
    assert (item.guide, item.section) == ("last-check-in", "when-a-last-note-is-fair")


def test_a_last_check_in_without_the_follow_ups_day_counts_from_the_interview_and_says_so() -> None:
    item = _items("last-check-in", interview_date=D("2026-03-03"), now=D("2026-03-10"))["last-check-in-timing"]
    assert not item.ok
    assert "counted from your interview" in item.advice


def test_a_last_check_in_before_any_follow_up_says_to_send_that_first() -> None:
    item = _items("last-check-in", interview_date=D("2026-03-03"), already_followed_up=False, now=D("2026-06-01"))
    assert not item["last-check-in-timing"].ok
    assert "send that one first" in item["last-check-in-timing"].advice


def test_a_last_check_in_with_no_dates_gives_no_timing() -> None:
    assert "last-check-in-timing" not in _items("last-check-in", now=D("2026-06-01"))


def test_followed_up_on_comes_from_the_context_and_is_refused_by_name() -> None:
    _, context, errors = split_check_input({"followed_up_on": "2026-03-10"})
    assert (context.followed_up_on, errors) == (D("2026-03-10"), [])
    _, _, errors = split_check_input({"followed_up_on": "10 March"})
    assert [(e.field, "YYYY-MM-DD" in e.message) for e in errors] == [("followed_up_on", True)]


def test_check_input_reads_followed_up_on() -> None:
    data = {**CATALOG["last-check-in"].example_values(), "followed_up_on": "2026-03-10", "now": "2026-03-12"}
    items = {i.id: i for i in check_input("last-check-in", data)}
    assert "until Tuesday, March 24, 2026" in items["last-check-in-timing"].advice


@pytest.mark.parametrize(
    ("call_day", "now", "ok", "words"),
    [
        ("today", "2026-03-03T18:00", True, "same day"),
        ("yesterday", "2026-03-04T09:00", True, "Within 24 hours"),
    ],
)
def test_a_phone_screen_is_dated_by_its_own_day_not_the_planners(call_day: str, now: str, ok: bool, words: str) -> None:
    """The planner's date is the main interview's: weeks ago, it must not make the call's thank-you late."""
    items = _items("phone-screen", {"call_day": call_day}, interview_date=D("2026-01-05"), now=T(now))
    assert (items["thank-you-timing"].ok, words in items["thank-you-timing"].advice) == (ok, True)
    assert "interview-day" not in items


def test_a_phone_screen_without_now_gives_no_timing() -> None:
    assert "thank-you-timing" not in _items("phone-screen", interview_date=D("2026-03-03"))
