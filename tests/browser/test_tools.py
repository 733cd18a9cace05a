"""Beyond the template: etiquette check, tones, panel interviews, downloads, the planner, type once."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from generator import check, eml_bytes, plan, render, txt_text

from .helpers import fill_form, form_of, preview_of, values_for, wait_ready

COMPLETE = {
    "candidate_name": "Ana Lima",
    "interviewer": "Ms. Patel",
    "position": "Data Analyst",
    "highlight": "the demo of your churn dashboard",
    "contribution": "build clear reporting for your sales team",
}
STORAGE_KEY = "follow-up-politely:details"


def check_items(page: Page, template_id: str) -> dict[str, bool]:
    """The checklist the page shows: item id to whether it passes."""
    items = form_of(page, template_id).locator("[data-check] li").all()
    return {item.get_attribute("data-check-id") or "": item.get_attribute("data-ok") == "true" for item in items}


def test_the_checklist_follows_the_draft(page: Page, site_url: str) -> None:
    """The check shows the native engine's items for the draft, and turns as the reader types something pushy."""
    page.goto(site_url + "thank-you/")
    fill_form(page, "thank-you", COMPLETE)
    wait_ready(page, "thank-you")
    email_now = render("thank-you", COMPLETE)
    expected = {i.id: i.ok for i in check("thank-you", COMPLETE, email_now.subject, email_now.body)}
    assert check_items(page, "thank-you") == expected
    assert all(expected.values())

    pushy = COMPLETE | {"highlight": "hearing back from you ASAP!!"}
    fill_form(page, "thank-you", {"highlight": pushy["highlight"]})
    wait_ready(page, "thank-you")
    assert check_items(page, "thank-you")["not-pushy"] is False
    item = form_of(page, "thank-you").locator('[data-check-id="not-pushy"]')
    expect(item).to_contain_text("To fix:")
    expect(item.get_by_role("link", name="See the guide")).to_have_attribute(
        "href", "../not-pushy/#dont-be-pushy-or-overeager"
    )


def test_the_warm_tone_is_the_engines_warm_tone(page: Page, site_url: str) -> None:
    """Choosing the warm tone shows exactly render() in that tone; the default stays the guide's wording."""
    page.goto(site_url + "follow-up/")
    values = values_for("follow-up")
    fill_form(page, "follow-up", values)
    wait_ready(page, "follow-up")
    assert preview_of(page, "follow-up") == render("follow-up", values).to_dict()
    fill_form(page, "follow-up", {"tone": "warm"})
    wait_ready(page, "follow-up")
    assert preview_of(page, "follow-up") == render("follow-up", values | {"tone": "warm"}).to_dict()


def test_a_panel_gets_one_personal_email_each(context: BrowserContext, page: Page, site_url: str) -> None:
    """Each added interviewer gets their own preview, check and copy, sharing the rest of the form."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "thank-you/")
    fill_form(page, "thank-you", COMPLETE)
    wait_ready(page, "thank-you")
    page.get_by_role("button", name="Add another interviewer").click()
    card = page.locator('form[data-panel-of="thank-you"][data-member="2"]')
    expect(card.locator('[name="interviewer"]')).to_be_focused()
    card.locator('[name="interviewer"]').fill("Dr. Chen")
    card.locator('[name="highlight"]').fill("your question about data quality")
    expect(card).to_have_attribute("data-ready", "true")
    second = render(
        "thank-you", COMPLETE | {"interviewer": "Dr. Chen", "highlight": "your question about data quality"}
    )
    assert card.locator('[data-output="body"]').text_content() == second.body
    assert preview_of(page, "thank-you")["body"] == render("thank-you", COMPLETE).body
    expect(card.locator('[data-check-id="greeting"]')).to_have_attribute("data-ok", "true")

    card.locator('[data-action="copy-body"]').click()
    assert page.evaluate("navigator.clipboard.readText()") == second.body

    # The shared part changes every card.
    fill_form(page, "thank-you", {"position": "Senior Data Analyst"})
    expect(card).to_have_attribute("data-ready", "true")
    assert "Senior Data Analyst" in (card.locator('[data-output="body"]').text_content() or "")

    card.get_by_role("button", name="Remove interviewer 2").click()
    expect(card).to_have_count(0)


def test_drafts_download_as_eml_and_txt(page: Page, site_url: str) -> None:
    """The .eml is the native draft byte for byte (X-Unsent, UTF-8 headers, CRLF); the .txt is the email."""
    page.goto(site_url + "thank-you/")
    values = COMPLETE | {"candidate_name": "Zoë Ångström", "recipient_email": "patel@example.com"}
    fill_form(page, "thank-you", values)
    wait_ready(page, "thank-you")
    expected = render("thank-you", values)
    with page.expect_download() as eml_download:
        form_of(page, "thank-you").locator('[data-action="download-eml"]').click()
    eml = Path(eml_download.value.path()).read_bytes()
    assert eml == eml_bytes("patel@example.com", expected.subject, expected.body)
    message = email.message_from_bytes(eml, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == expected.subject
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == expected.body
    assert eml_download.value.suggested_filename.endswith(".eml")

    with page.expect_download() as txt_download:
        form_of(page, "thank-you").locator('[data-action="download-txt"]').click()
    assert Path(txt_download.value.path()).read_text() == txt_text(expected.subject, expected.body)


def test_a_long_email_opens_with_the_subject_and_copies_the_body(
    context: BrowserContext, page: Page, site_url: str
) -> None:
    """Past 1,800 characters the mail link carries no body; the same click copies it and says so."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "thank-you/")
    long_text = "the whole afternoon, " * 60 + "and the tour"
    values = COMPLETE | {"highlight": long_text, "contribution": long_text}
    fill_form(page, "thank-you", values)
    wait_ready(page, "thank-you")
    link = form_of(page, "thank-you").locator('[data-action="mailto"]')
    href = link.get_attribute("href") or ""
    assert len(href) < 1800
    assert "body" not in parse_qs(urlsplit(href).query)
    link.click()
    expect(form_of(page, "thank-you").locator('[role="status"]')).to_contain_text("The body is copied")
    assert page.evaluate("navigator.clipboard.readText()") == render("thank-you", values).body


@pytest.mark.parametrize(("kind", "timeline"), [("days", "3 days"), ("business_days", "3 business days")])
def test_the_planner_shows_the_engines_plan_and_its_calendar(
    page: Page, site_url: str, kind: str, timeline: str
) -> None:
    """Dates in, the native plan's steps out, and an .ics that parses with both events and reminders.

    From a Friday, 3 days end on Monday and 3 business days on Wednesday: the page asks for the wait it shows.
    """
    page.goto(site_url + "follow-up/")
    planner = page.locator("form[data-planner]")
    planner.locator('[name="interview_date"]').fill("2028-02-25")
    planner.locator('[name="timeline_kind"]').select_option(kind)
    planner.locator('[name="timeline_count"]').fill("3")
    expect(planner).to_have_attribute("data-ready", "true", timeout=60_000)
    expected = plan(date(2028, 2, 25), None, timeline)
    days = [t.get_attribute("datetime") for t in planner.locator("[data-plan-steps] time").all()]
    assert days == [step.day.isoformat() for step in expected.steps]
    for step in expected.steps:
        expect(planner.locator("[data-plan-steps]")).to_contain_text(step.advice)

    with page.expect_download() as download:
        planner.get_by_role("button", name="Add to calendar (.ics)").click()
    raw = Path(download.value.path()).read_bytes()
    assert b"\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert events[1].decoded("DTSTART") == expected.follow_up_date
    assert all(event.walk("VALARM") for event in events)


def test_the_planner_times_the_etiquette_check(page: Page, site_url: str) -> None:
    """With the planner's dates, a follow-up sent before their timeline is flagged by the check."""
    page.clock.set_fixed_time(datetime(2028, 2, 28, 10, 0, tzinfo=UTC))
    page.goto(site_url + "follow-up/")
    planner = page.locator("form[data-planner]")
    planner.locator('[name="interview_date"]').fill("2028-02-25")
    planner.locator('[name="timeline_kind"]').select_option("weeks")
    planner.locator('[name="timeline_count"]').fill("2")
    fill_form(page, "follow-up", values_for("follow-up"))
    wait_ready(page, "follow-up")
    expect(form_of(page, "follow-up").locator('[data-check-id="follow-up-timing"]')).to_have_attribute(
        "data-ok", "false"
    )


def test_the_follow_ups_day_times_the_last_check_in(page: Page, site_url: str) -> None:
    """The day the reader followed up, given in the planner, dates the last check-in on the next page."""
    page.clock.set_fixed_time(datetime(2028, 3, 20, 10, 0, tzinfo=UTC))
    page.goto(site_url + "follow-up/")
    planner = page.locator("form[data-planner]")
    planner.locator('[name="interview_date"]').fill("2028-02-25")
    expect(planner.locator('[name="followed_up_on"]')).to_be_hidden()
    planner.get_by_label("I have already sent a follow-up").check()
    planner.locator('[name="followed_up_on"]').fill("2028-03-13")
    page.get_by_role("link", name="A last check-in").first.click()
    page.wait_for_url("**/last-check-in/")
    fill_form(page, "last-check-in", values_for("last-check-in"))
    wait_ready(page, "last-check-in")
    timing = form_of(page, "last-check-in").locator('[data-check-id="last-check-in-timing"]')
    expect(timing).to_have_attribute("data-ok", "false")
    expect(timing).to_contain_text("until Monday, March 27, 2028")


def test_details_carry_over_in_the_tab_and_stay_nowhere(page: Page, site_url: str) -> None:
    """The name and position typed once appear in the next form, with nothing written to storage."""
    page.goto(site_url + "thank-you/")
    fill_form(page, "thank-you", {"candidate_name": "Ana Lima", "position": "Data Analyst"})
    page.get_by_role("link", name="Follow-up reminder").first.click()
    page.wait_for_url("**/follow-up/")
    form = form_of(page, "follow-up")
    expect(form.locator('[name="candidate_name"]')).to_have_value("Ana Lima")
    expect(form.locator('[name="position"]')).to_have_value("Data Analyst")
    wait_ready(page, "follow-up")
    assert "Ana Lima" in preview_of(page, "follow-up")["body"]
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0  # the palette too: kept once switched
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None


def test_remember_keeps_details_until_forget(page: Page, site_url: str) -> None:
    """Ticking "Remember" keeps the details under one key across a reload; "Forget" erases it."""
    page.goto(site_url + "thank-you/")
    form = form_of(page, "thank-you")
    fill_form(page, "thank-you", {"candidate_name": "Ana Lima", "position": "Data Analyst"})
    form.get_by_label("Remember my details on this device").check()
    stored = json.loads(page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})"))
    assert stored["candidate_name"] == "Ana Lima"
    assert set(stored) == {"candidate_name", "company", "position", "interviewer"}

    page.reload()
    wait_ready(page, "thank-you")
    expect(form.locator('[name="candidate_name"]')).to_have_value("Ana Lima")
    expect(form.get_by_label("Remember my details on this device")).to_be_checked()
    form.get_by_role("button", name="Forget my details").click()
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None
    expect(form.get_by_label("Remember my details on this device")).not_to_be_checked()
    expect(form.locator('[role="status"]')).to_contain_text("forgotten")
