"""The etiquette check: each piece of the guide's advice, judged on a draft, and `python -m generator check`."""

import io
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from generator import CATALOG, ValidationError, get_template, render
from generator.checks import CHECK_KEYS, CheckItem, check, check_input, rules_of
from generator.cli import main
from generator.inputs import PlanError, split_check_input

DOCS = Path(__file__).resolve().parent.parent / "docs"
D = date.fromisoformat
T = datetime.fromisoformat


def _values(template_id: str, **changes: object) -> dict[str, object]:
    values: dict[str, object] = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


def _check(
    template_id: str, *, subject: str | None = None, body: str | None = None, **kwargs: object
) -> dict[str, CheckItem]:
    """Check the example email with some values changed (keyword arguments that are fields) or other inputs."""
    fields = {k: v for k, v in kwargs.items() if k in {f.id for f in CATALOG[template_id].fields}}
    extra = {k: v for k, v in kwargs.items() if k not in fields}
    values = _values(template_id, **fields)
    email = render(template_id, values)
    items = check(
        template_id,
        values,
        email.subject if subject is None else subject,
        email.body if body is None else body,
        **extra,
    )
    return {item.id: item for item in items}


def _example_body(template_id: str) -> str:
    return render(template_id, _values(template_id)).body


# --- The guide's examples, and the shape of the answer -------------------------------------------------

# Inputs under which each timing rule passes the example: the interview, and a "now" that suits the rule.
KNOWN_FOR_RULE: dict[str, dict[str, object]] = {
    "within-24-hours": {"interview_date": D("2026-03-03"), "interview_time": time(10, 0), "now": T("2026-03-03T17:00")},
    "after-their-timeline": {"interview_date": D("2026-03-03"), "now": T("2026-03-11T09:00")},  # "last week"
    "after-the-follow-up": {"interview_date": D("2026-03-03"), "now": T("2026-04-10T09:00")},
    "": {"interview_date": D("2026-03-03"), "now": T("2026-03-20T09:00")},
}


def _everything_known(template_id: str) -> dict[str, object]:
    rules = rules_of(template_id)
    known = dict(KNOWN_FOR_RULE[rules.timing.get("rule", "")])
    if rules.one_follow_up:
        known["already_followed_up"] = False
    return known


EVERYTHING_KNOWN = {template_id: _everything_known(template_id) for template_id in CATALOG}


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_the_guides_examples_pass_every_item(template_id: str) -> None:
    """The guide's own emails, rendered from the example values, pass every item, timing included."""
    email = render(template_id, _values(template_id))
    items = check(template_id, _values(template_id), email.subject, email.body, **EVERYTHING_KNOWN[template_id])
    assert [(i.id, i.advice) for i in items if not i.ok] == []


ORDER = {
    "thank-you": [
        "subject",
        "greeting",
        "specific-detail",
        "enthusiasm",
        "skills-fit",
        "offer-more-info",
        "next-steps",
        "thanks",
        "sign-off",
        "length",
        "not-pushy",
        "thank-you-timing",
        "interview-day",
    ],
    "follow-up": [
        "subject",
        "greeting",
        "thanks",
        "status-request",
        "enthusiasm",
        "offer-more-info",
        "sign-off",
        "length",
        "not-pushy",
        "follow-up-timing",
        "one-follow-up",
    ],
    "rejection-reply": ["subject", "greeting", "thanks", "future-roles", "sign-off", "length", "not-pushy"],
}


TIMING_ITEMS = {
    "within-24-hours": ["thank-you-timing", "interview-day"],
    "after-their-timeline": ["follow-up-timing"],
    "after-the-follow-up": ["last-check-in-timing"],
}


def _order(template_id: str) -> list[str]:
    """The items a situation's file asks for, in the check's order: structure, pushy, then timing."""
    rules = rules_of(template_id)
    timing = TIMING_ITEMS.get(rules.timing.get("rule", ""), [])
    # The day field is checked against the planner's date, so not when it is the date itself.
    if rules.timing and (not rules.timing.get("day_field") or rules.timing.get("dated_by") == "day_field"):
        timing = [i for i in timing if i != "interview-day"]
    return [
        "subject",
        "greeting",
        *(["specific-detail"] if rules.specific else []),
        *(part.id for part in rules.parts),
        "sign-off",
        "length",
        "not-pushy",
        *timing,
        *(["one-follow-up"] if rules.one_follow_up else []),
    ]


@pytest.mark.parametrize("template_id", ORDER)
def test_the_first_three_situations_keep_their_items(template_id: str) -> None:
    """The seed's situations, now read from their files, check what they checked before, in that order."""
    assert _order(template_id) == ORDER[template_id]


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_items_come_in_a_fixed_order(template_id: str) -> None:
    """Each situation has its own items, always in the same order, timing last."""
    assert list(_check(template_id, **EVERYTHING_KNOWN[template_id])) == _order(template_id)


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_items_that_need_data_are_left_out_without_it(template_id: str) -> None:
    """Without an interview date, "now" or already_followed_up, the timing items are left out, not passed."""
    assert list(_check(template_id)) == [
        i for i in _order(template_id) if "timing" not in i and i not in {"interview-day", "one-follow-up"}
    ]
    assert "follow-up-timing" not in _check("follow-up", interview_date=D("2026-03-03"))
    assert "follow-up-timing" not in _check("follow-up", now=T("2026-03-20T09:00"))


def _guide_anchors() -> dict[str, set[str]]:
    """Each guide page's heading ids, as MkDocs's toc extension makes them."""
    anchors = {}
    for path in DOCS.glob("*.md"):
        headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        anchors[path.stem] = {slugify(h, "-") for h in headings}
    return anchors


def test_every_item_points_at_a_real_section_of_the_guide() -> None:
    """Each item's guide and section name a page of docs/ and one of its headings, so the link lands."""
    anchors = _guide_anchors()
    seen = set()
    for template_id in CATALOG:
        for item in _check(template_id, **EVERYTHING_KNOWN[template_id]).values():
            seen.add((item.guide, item.section))
        for item in _check(template_id, body="nothing", subject="", already_followed_up=True).values():
            seen.add((item.guide, item.section))
    for guide, section in seen:
        assert section in anchors[guide], (guide, section)


def test_items_are_plain_json_data() -> None:
    """to_dict() gives id, ok, advice, guide and section."""
    item = _check("thank-you")["greeting"]
    assert item.to_dict() == {
        "id": "greeting",
        "ok": True,
        "advice": item.advice,
        "guide": "thank-you",
        "section": "structure-of-a-good-thank-you-email",
    }


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_each_example_word_count_is_inside_its_band(template_id: str) -> None:
    """The guide's example of each situation, counted, sits inside the word band its file gives."""
    rules = rules_of(template_id)
    assert rules.example_words == len(_example_body(template_id).split())
    low, high = rules.words
    assert low < rules.example_words < high


# --- Subject and greeting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "ok", "words"),
    [
        ("Thank you – Jane Doe", True, "recommended"),
        ("Great speaking with you today – Jane Doe", True, "recommended"),
        ("Thank you - Jane Doe", True, "recommended"),  # a hyphen for the dash is fine
        ("Thanks!", False, "Thank you – Jane Doe"),
        ("Interview", False, "Great speaking with you today – Jane Doe"),
        ("Thank you – John Smith", False, "your own name"),
        ("", False, "subject lines"),
    ],
)
def test_thank_you_subject_takes_one_of_the_guides_forms(subject: str, ok: bool, words: str) -> None:
    """The subject is "Thank you – Name" or "Great speaking with you today – Name", with the reader's name."""
    item = _check("thank-you", subject=subject)["subject"]
    assert item.ok is ok
    assert words in item.advice


def test_great_speaking_today_is_flagged_when_the_interview_was_yesterday() -> None:
    """A subject of "Great speaking with you today" after an interview yesterday is flagged, offering the other form."""
    item = _check("thank-you", subject_style="great-speaking", interview_day="yesterday")["subject"]
    assert item.ok is False
    assert "Thank you – Jane Doe" in item.advice
    dated = _check(
        "thank-you", subject_style="great-speaking", interview_date=D("2026-03-02"), now=T("2026-03-03T09:00")
    )["subject"]
    assert dated.ok is False


@pytest.mark.parametrize(
    ("template_id", "subject", "ok"),
    [
        ("follow-up", "Following Up on Interview for Marketing Coordinator", True),
        ("follow-up", "following up on interview for marketing coordinator", True),
        ("follow-up", "Following Up on Interview for Sales Lead", False),
        ("follow-up", "Checking in", False),
        ("follow-up", "ANY NEWS???", False),
        ("rejection-reply", "Thank you – Jane Doe", True),
        ("rejection-reply", "Re: Marketing Coordinator position", True),
        ("rejection-reply", "Whatever", False),
    ],
)
def test_other_subjects(template_id: str, subject: str, ok: bool) -> None:
    """A follow-up's subject is the guide's, naming the position; a rejection reply thanks or replies."""
    assert _check(template_id, subject=subject)["subject"].ok is ok


@pytest.mark.parametrize(
    ("interviewer", "ok", "words"),
    [
        ("Mr. Smith", True, "title and name"),
        ("Dr. Chen", True, "title and name"),
        ("Ms Patel", True, "title and name"),
        ("Mx. Rivera", True, "title and name"),
        ("Prof. Ada Lovelace", True, "title and name"),
        ("Mrs. O'Brien-Lee", True, "title and name"),
        ("Sam", True, "first name"),
        ("Sam Patel", True, "Dear Ms. Patel"),
        ("李小龍", True, "first name"),
        ("Hiring Manager", False, "by name"),
        ("Sir or Madam", False, "by name"),
        ("mr. smith", False, "capitals"),
        ("Dr.", False, "surname"),
    ],
)
def test_greeting_advises_on_name_and_title(interviewer: str, ok: bool, words: str) -> None:
    """A title and surname pass; a bare name passes with advice; a role, lower case or a lone title do not."""
    item = _check("thank-you", interviewer=interviewer)["greeting"]
    assert item.ok is ok
    assert words in item.advice


@pytest.mark.parametrize(
    ("first_line", "ok"),
    [
        ("Hello Ms. Patel,", True),
        ("Hi Sam,", True),
        ("Good morning Dr. Chen,", True),
        ("Hey Sam,", False),
        ("Hi,", False),
        ("To whom it may concern,", False),
        ("Thank you for your time.", False),
    ],
)
def test_greeting_is_read_from_the_body(first_line: str, ok: bool) -> None:
    """The greeting judged is the body's first line, so an edited draft is judged as it will be sent."""
    body = _example_body("thank-you").replace("Dear Mr. Smith,", first_line)
    assert _check("thank-you", body=body)["greeting"].ok is ok


# --- The parts the guide asks for ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("highlight", "ok"),
    [
        ("learning more about the team and the exciting direction the company is heading", True),
        ("the office tour and the new analytics dashboard", True),
        ("hearing how your team turned customer interviews into the new onboarding flow", True),
        ("your plans for the Lisbon office", True),
        ("the interview", False),
        ("everything", False),
        ("talking with you", False),
        ("our chat about the role", False),
        ("meeting the team", False),
        ("the tour", False),
        ("it all", False),
    ],
)
def test_highlight_must_be_specific(highlight: str, ok: bool) -> None:
    """A few words that name something from the conversation pass; "the interview" and "everything" do not."""
    item = _check("thank-you", highlight=highlight)["specific-detail"]
    assert item.ok is ok
    if not ok:
        assert "something from the conversation itself" in item.advice


THANK_YOU_PARTS = [
    (
        "enthusiasm",
        {
            "I’m even more enthusiastic about the opportunity to": "I would like to",
            "I look forward to the possibility of working together.": "",
        },
    ),
    ("skills-fit", {"this role aligns perfectly with my skills and interests": "this is a role"}),
    ("offer-more-info", {"Please don’t hesitate to reach out if you need any additional information.": ""}),
    ("next-steps", {"I look forward to the possibility of working together.": "Have a good day."}),
    ("thanks", {"Thank you for taking the time to speak": "I spoke"}),
]


def _edited(template_id: str, edits: dict[str, str]) -> str:
    body = _example_body(template_id)
    for old, new in edits.items():
        assert old in body
        body = body.replace(old, new)
    return body


@pytest.mark.parametrize(("item_id", "edits"), THANK_YOU_PARTS)
def test_thank_you_parts_are_found_or_asked_for(item_id: str, edits: dict[str, str]) -> None:
    """Each part of the guide's thank-you passes while present and is asked for when edited out."""
    assert _check("thank-you")[item_id].ok is True
    item = _check("thank-you", body=_edited("thank-you", edits))[item_id]
    assert item.ok is False
    assert item.advice


FOLLOW_UP_PARTS = [
    ("thanks", {"Thank you again for your time and consideration.": "That is all."}),
    (
        "status-request",
        {
            "I wanted to follow up regarding": "I am writing about",
            "I understand you may still be in the decision-making process, but I would appreciate any updates "
            "you’re able to share. ": "",
        },
    ),
    ("enthusiasm", {"I remain very enthusiastic about the opportunity": "I am writing about the chance"}),
    ("offer-more-info", {"Please feel free to reach out if I can provide additional information.": ""}),
]


@pytest.mark.parametrize(("item_id", "edits"), FOLLOW_UP_PARTS)
def test_follow_up_parts_are_found_or_asked_for(item_id: str, edits: dict[str, str]) -> None:
    """Each part of the guide's follow-up passes while present and is asked for when edited out."""
    assert _check("follow-up")[item_id].ok is True
    assert _check("follow-up", body=_edited("follow-up", edits))[item_id].ok is False


def test_follow_up_thanks_belongs_in_the_closing() -> None:
    """The closing itself must thank them: "I would appreciate any updates" is not thanks."""
    body = _example_body("follow-up").replace("Thank you again for your time and consideration.", "Talk soon.")
    assert "appreciate" in body
    assert _check("follow-up", body=body)["thanks"].ok is False


@pytest.mark.parametrize(
    ("ending", "ok"),
    [
        ("Best regards,\nJane Doe", True),
        ("Kind regards,\nJane Doe", True),
        ("Sincerely,\nJane Doe", True),
        ("Best regards,\nJohn Smith", False),
        ("Jane Doe", False),
        ("Best regards,", False),
    ],
)
def test_sign_off_ends_with_a_valediction_and_the_readers_name(ending: str, ok: bool) -> None:
    """The body ends with a sign-off such as "Best regards," and the reader's name under it."""
    body = _example_body("thank-you").replace("Best regards,\nJane Doe", ending)
    assert _check("thank-you", body=body)["sign-off"].ok is ok


@pytest.mark.parametrize(
    ("template_id", "words", "ok"),
    [
        ("thank-you", 59, False),
        ("thank-you", 60, True),
        ("thank-you", 200, True),
        ("thank-you", 201, False),
        ("follow-up", 49, False),
        ("follow-up", 175, True),
        ("follow-up", 176, False),
    ],
)
def test_length_stays_in_a_band_per_template(template_id: str, words: int, ok: bool) -> None:
    """Too short reads as rushed, too long as a burden: each template has its band of words."""
    body = " ".join(["word"] * words)
    item = _check(template_id, body=body)["length"]
    assert item.ok is ok
    assert str(words) in item.advice


# --- Pushy signs --------------------------------------------------------------------------------------

PUSHY = [
    ("I need to know where things stand.", "I need to know", "demand"),
    ("I expect an answer this week.", "I expect an answer", "demand"),
    ("Please let me know by Friday.", "let me know by Friday", "demand"),
    ("Reply by tomorrow, or I will withdraw.", "or I will", "conditions"),
    ("This is my final reminder.", "final reminder", "conditions"),
    ("Please reply ASAP.", "ASAP", "urgency"),
    ("Please reply as soon as possible.", "as soon as possible", "urgency"),
    ("Please answer immediately.", "immediately", "urgency"),
    ("This is urgent.", "This is urgent", "urgency"),
    ("I’ve been waiting for two weeks.", "I’ve been waiting", "waited"),
    ("You never replied to my last email.", "You never replied", "waited"),
    ("I still haven’t heard anything.", "still haven’t heard", "waited"),
    ("Why haven’t you answered?", "Why haven’t you", "waited"),
    ("I also called your office and messaged you on LinkedIn.", "I also called", "one channel"),
    ("I left a voicemail yesterday.", "left a voicemail", "one channel"),
    ("Any news!!", "!!", "exclamation"),
    ("Any news?!", "?!", "exclamation"),
    ("I am VERY keen on this role.", "VERY", "capitals"),
]


@pytest.mark.parametrize(("sentence", "quoted", "hint"), PUSHY)
def test_pushy_phrasing_is_flagged_with_a_gentler_way(sentence: str, quoted: str, hint: str) -> None:
    """Demands, ultimatums, urgency, guilt, other channels, "!!" and shouting are each quoted with advice."""
    body = _example_body("follow-up").replace("I hope you’re well.", sentence)
    item = _check("follow-up", body=body)["not-pushy"]
    assert item.ok is False
    assert f"“{quoted}”" in item.advice
    assert hint in item.advice
    assert (item.guide, item.section) == ("not-pushy", "dont-be-pushy-or-overeager")


@pytest.mark.parametrize(
    "sentence",
    [
        "I could start immediately if that helps.",
        "I am available right away.",
        "I enjoyed our talk about the urgent care clinic.",
        "Thank you!",
        "I enjoyed hearing about NASA and the HTML rewrite.",
        "I look forward to hearing from you.",
        "I haven’t heard of that tool before.",
    ],
)
def test_polite_sentences_are_not_flagged(sentence: str) -> None:
    """Availability, one "!", common acronyms and ordinary words are not taken for pushiness."""
    body = _example_body("follow-up").replace("I hope you’re well.", sentence)
    assert _check("follow-up", body=body)["not-pushy"].ok is True


def test_capitals_the_reader_typed_in_the_company_are_not_shouting() -> None:
    """An employer's own acronym, typed in the position or company, is not shouting."""
    items = _check("rejection-reply", company="NORTHWIND", position="SAP FICO Consultant")
    assert items["not-pushy"].ok is True
    assert _check("rejection-reply", highlight="the NORTHWIND tour")["not-pushy"].ok is False


def test_asap_is_reported_once() -> None:
    """ASAP is reported as urgency, not again as shouting."""
    body = _example_body("follow-up").replace("I hope you’re well.", "Reply ASAP.")
    advice = _check("follow-up", body=body)["not-pushy"].advice
    assert advice.count("ASAP") == 1


# --- Timing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interview", "at", "now", "ok", "words"),
    [
        ("2026-03-03", time(10, 0), T("2026-03-03T17:00"), True, "same day"),
        ("2026-03-03", None, D("2026-03-03"), True, "same day"),
        ("2026-03-03", time(10, 0), T("2026-03-04T09:59"), True, "by 10:00"),
        ("2026-03-03", time(10, 0), T("2026-03-04T10:00"), True, "by 10:00"),
        ("2026-03-03", time(10, 0), T("2026-03-04T10:01"), False, "more than 24 hours"),
        ("2026-03-03", None, T("2026-03-04T23:00"), True, "the end of the day"),
        ("2026-03-03", None, D("2026-03-05"), False, "more than 24 hours"),
        ("2026-12-31", time(16, 0), T("2027-01-01T15:00"), True, "Friday, January 1, 2027"),
        ("2028-02-28", time(16, 0), T("2028-02-29T15:00"), True, "February 29"),
        ("2026-03-03", time(10, 0), T("2026-03-03T09:00"), False, "hasn’t happened yet"),
        ("2026-03-03", None, D("2026-03-02"), False, "hasn’t happened yet"),
    ],
)
def test_thank_you_is_timed_within_24_hours(interview: str, at: time | None, now: date, ok: bool, words: str) -> None:
    """Same day is ideal, within 24 hours is fine, later is flagged, and before the interview is too early."""
    item = _check("thank-you", interview_date=D(interview), interview_time=at, now=now)["thank-you-timing"]
    assert item.ok is ok
    assert words in item.advice
    assert (item.guide, item.section) == ("thank-you", "send-a-thank-you-email-within-24-hours")


@pytest.mark.parametrize(
    ("said", "now", "ok", "words"),
    [
        ("today", T("2026-03-03T18:00"), True, "matches"),
        ("yesterday", T("2026-03-04T09:00"), True, "matches"),
        ("today", T("2026-03-04T09:00"), False, "choose “Yesterday”"),
        ("yesterday", T("2026-03-03T18:00"), False, "choose “Today”"),
        ("yesterday", T("2026-03-06T09:00"), False, "Tuesday, March 3, 2026"),
        ("", T("2026-03-04T09:00"), False, "choose “Yesterday”"),  # left out, it is "today"
    ],
)
def test_today_or_yesterday_matches_the_dates(said: str, now: datetime, ok: bool, words: str) -> None:
    """The body's "speak with me today" or "yesterday" is checked against the interview date and now."""
    item = _check("thank-you", interview_day=said, interview_date=D("2026-03-03"), now=now)["interview-day"]
    assert item.ok is ok
    assert words in item.advice


@pytest.mark.parametrize(
    ("timeline", "now", "ok", "words"),
    [
        ("", D("2026-03-09"), False, "Wait until Tuesday, March 10, 2026"),
        ("", D("2026-03-10"), True, "week to ten days"),
        ("", D("2026-03-13"), True, "week to ten days"),
        ("", D("2026-03-30"), True, "move on"),
        ("2026-03-13", D("2026-03-13"), False, "Wait until Monday, March 16, 2026"),
        ("2026-03-13", D("2026-03-14"), False, "their timeline runs to Friday, March 13, 2026"),
        ("2026-03-13", D("2026-03-16"), True, "has passed"),
        ("2 weeks", D("2026-03-17"), False, "Wait until Wednesday, March 18, 2026"),
        ("2 weeks", T("2026-03-18T08:00"), True, "has passed"),
    ],
)
def test_follow_up_waits_for_their_timeline(timeline: str, now: date, ok: bool, words: str) -> None:
    """Not before their timeline has passed (or a week without one), per the planner; late is still fine."""
    item = _check("follow-up", interview_date=D("2026-03-03"), timeline=timeline, now=now)["follow-up-timing"]
    assert item.ok is ok
    assert words in item.advice
    assert (item.guide, item.section) == ("follow-up", "timing-for-a-follow-up-reminder")


@pytest.mark.parametrize(("already", "ok"), [(False, True), (True, False)])
def test_one_follow_up_is_enough(already: bool, ok: bool) -> None:
    """A second follow-up is flagged, pointing at the guide's "one gentle follow-up" advice."""
    item = _check("follow-up", already_followed_up=already)["one-follow-up"]
    assert item.ok is ok
    assert (item.guide, item.section) == ("not-pushy", "in-practice")


def test_now_must_be_local_time() -> None:
    """An aware "now" is a PlanError naming it: the interview's times are the reader's wall-clock times."""
    with pytest.raises(PlanError) as raised:
        _check("thank-you", interview_date=D("2026-03-03"), now=datetime(2026, 3, 3, tzinfo=UTC))
    assert raised.value.field == "now"


# --- One JSON object in: check_input ------------------------------------------------------------------


def test_check_keys_are_taken_out_before_rendering() -> None:
    """The extra keys are read and removed, so render() never sees a field it does not have."""
    data = {
        **_values("follow-up"),
        "interview_date": "2026-03-03",
        "interview_time": "14:30",
        "timeline": "10 days",
        "now": "2026-03-20T09:00",
        "already_followed_up": "no",
    }
    values, context, errors = split_check_input(data)
    assert values == _values("follow-up")
    assert errors == []
    assert context.interview_date == D("2026-03-03")
    assert context.interview_time == time(14, 30)
    assert str(context.timeline) == "10 days"
    assert context.now == T("2026-03-20T09:00")
    assert context.already_followed_up is False
    items = {i.id: i for i in check_input("follow-up", data)}
    assert items["follow-up-timing"].ok is True
    assert items["one-follow-up"].ok is True


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_check_keys_count_as_not_given(empty: object) -> None:
    """A null or an empty string leaves an extra key out, like a form field left blank."""
    data = {**_values("thank-you"), **dict.fromkeys(CHECK_KEYS, empty)}
    assert [i.id for i in check_input("thank-you", data)] == [
        i for i in ORDER["thank-you"] if "timing" not in i and i != "interview-day"
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("interview_date", "03/03/2026"),
        ("interview_date", "2026-02-30"),
        ("interview_date", 20260303),
        ("interview_time", "2pm"),
        ("interview_time", "24:00"),
        ("interview_time", "14:60"),
        ("timeline", "soon"),
        ("timeline", 10),
        ("now", "yesterday"),
        ("now", "2026-03-03T17:30:00+01:00"),
        ("now", "2026-03-03T25:00"),
        ("already_followed_up", "maybe"),
        ("already_followed_up", 1),
    ],
)
def test_unreadable_check_key_is_a_validation_error_naming_it(key: str, value: object) -> None:
    """A bad extra key is reported like a bad field: a ValidationError whose FieldError names the key."""
    with pytest.raises(ValidationError) as raised:
        check_input("thank-you", {**_values("thank-you"), key: value})
    assert [e.field for e in raised.value.errors] == [key]
    assert key in raised.value.errors[0].message


def test_field_and_key_problems_come_back_together() -> None:
    """A missing field and a bad extra key are listed in one ValidationError, fields first."""
    with pytest.raises(ValidationError) as raised:
        check_input("thank-you", {**_values("thank-you"), "position": "", "now": "soon"})
    assert [e.field for e in raised.value.errors] == ["position", "now"]


def test_timeline_before_the_interview_names_the_timeline() -> None:
    """Keys that are fine alone but not together (a decision before the interview) name the timeline."""
    data = {**_values("follow-up"), "interview_date": "2026-03-03", "timeline": "2026-03-01", "now": "2026-03-20"}
    with pytest.raises(ValidationError) as raised:
        check_input("follow-up", data)
    assert [e.field for e in raised.value.errors] == ["timeline"]


# --- The command line ---------------------------------------------------------------------------------


def _run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return status, out.getvalue()


def test_cli_prints_a_checklist() -> None:
    """`check ID --example` prints ✓ per item, the guide section, and a count; it exits 0 when all pass."""
    status, out = _run(["check", "thank-you", "--example"])
    assert status == 0
    assert out.count("✓ ") == len(ORDER["thank-you"]) - 2
    assert "✗" not in out
    assert "guide: thank-you#structure-of-a-good-thank-you-email" in out
    assert out.rstrip().endswith("11 of 11 checks pass.")


def test_cli_json_reads_values_and_keys_from_stdin() -> None:
    """`check ID --json` reads one JSON object (fields and extra keys) and prints the items as JSON."""
    data = {**_values("follow-up"), "interview_date": "2026-03-03", "now": "2026-03-05", "already_followed_up": True}
    status, out = _run(["check", "follow-up", "--json"], json.dumps(data))
    items = json.loads(out)
    assert status == 1  # something to fix
    assert [i["id"] for i in items] == ORDER["follow-up"]
    assert all(set(i) == {"id", "ok", "advice", "guide", "section"} for i in items)
    failing = {i["id"] for i in items if not i["ok"]}
    assert failing == {"follow-up-timing", "one-follow-up"}


def test_cli_set_takes_extra_keys_too() -> None:
    """--set works for the extra keys as for fields."""
    status, out = _run(
        ["check", "thank-you", "--example", "--set", "interview_date=2026-03-03", "--set", "now=2026-03-05"]
    )
    assert status == 1
    assert "✗ thank-you-timing" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["check", "thank-you", "--json"], '{"now": "soon"}', "error: now: "),
        (["check", "thank-you", "--json"], "[1, 2]", "JSON object"),
        (["check", "thank-you", "--json"], "{not json", "not valid JSON"),
        (["check", "nope", "--json"], "{}", "unknown template 'nope'"),
        (["check", "thank-you", "--set", "position"], "", "FIELD=VALUE"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(
    argv: list[str], stdin: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Invalid input exits 2 and says on stderr what to fix, naming the field; never a traceback."""
    status, _ = _run(argv, stdin)
    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_json_errors_name_every_field() -> None:
    """With --json, the errors are also printed as JSON, as `render --json` does."""
    status, out = _run(["check", "thank-you", "--json"], json.dumps({"interview_time": "noon"}))
    assert status == 2
    fields = [e["field"] for e in json.loads(out)["errors"]]
    assert "interview_time" in fields
    assert "candidate_name" in fields


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no child processes")
def test_python_m_generator_check_runs() -> None:
    """`python -m generator check` works as a real process, UTF-8 in and out."""
    data = json.dumps({**_values("thank-you"), "highlight": "everything"}).encode("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "thank-you", "--json"],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert items["specific-detail"]["ok"] is False


@pytest.mark.parametrize("template_id", list(CATALOG))
@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_every_tone_of_the_examples_passes_the_check(template_id: str, tone: str) -> None:
    """Each template's example, in each tone, follows all the guide's advice the check knows."""
    values = {**get_template(template_id).example_values(), "tone": tone}
    email = render(template_id, values)
    failing = [item.id for item in check(template_id, values, email.subject, email.body) if not item.ok]
    assert failing == []
