"""The email forms in real Chromium: the preview made by Python in the page must match the native engine."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator import CATALOG, get_template, mailto_url, render, render_preview

from .conftest import SITE
from .helpers import PAGE_OF, form_of, preview_of, python_workers, values_for, wait_ready


def test_the_build_put_every_template_on_its_page() -> None:
    """Each catalog template has a page whose form the build made."""
    assert set(PAGE_OF) == set(CATALOG)
    for template_id, path in PAGE_OF.items():
        assert f'data-template="{template_id}"' in (SITE / path / "index.html").read_text()


@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_preview_matches_the_native_engine(page: Page, site_url: str, template_id: str) -> None:
    """Typed values give, in the page, exactly the email that render() gives natively, and a matching mailto link."""
    page.goto(site_url + PAGE_OF[template_id])
    form = form_of(page, template_id)
    wait_ready(page, template_id)
    values = values_for(template_id)
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    wait_ready(page, template_id)

    expected = render(template_id, values)
    assert preview_of(page, template_id) == expected.to_dict()
    href = form.locator('[data-action="mailto"]').get_attribute("href")
    assert href == mailto_url(values["recipient_email"], expected.subject, expected.body)
    assert form.locator("[data-preview-kind]").text_content() == "Your email"


@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_untouched_form_shows_the_guides_example(page: Page, site_url: str, template_id: str) -> None:
    """Before any typing, the preview is the example email, first from the build, then from Python."""
    example = render(template_id, get_template(template_id).example_values()).to_dict()
    page.goto(site_url + PAGE_OF[template_id])
    assert preview_of(page, template_id) == example
    wait_ready(page, template_id)
    assert preview_of(page, template_id) == example
    expect(form_of(page, template_id).locator('[role="status"]')).to_contain_text("Ready")


def test_choices_change_the_subject(page: Page, site_url: str) -> None:
    """Picking the guide's other subject line and interview day changes the email as render() does."""
    page.goto(site_url + "thank-you/")
    form = form_of(page, "thank-you")
    values = values_for("thank-you") | {"subject_style": "great-speaking", "interview_day": "yesterday"}
    for name, value in values.items():
        control = form.locator(f'[name="{name}"]')
        if name in ("subject_style", "interview_day"):
            control.select_option(value)
        else:
            control.fill(value)
    wait_ready(page, "thank-you")
    assert preview_of(page, "thank-you") == render("thank-you", values).to_dict()
    assert preview_of(page, "thank-you")["subject"] == "Great speaking with you yesterday – Seán O'Brien"


def test_text_typed_while_python_loads_is_kept(page: Page, site_url: str) -> None:
    """Typing before Python is ready loses nothing: the first Python preview already has it."""
    page.goto(site_url + "follow-up/")
    form = form_of(page, "follow-up")
    values = values_for("follow-up")
    for name, value in values.items():
        form.locator(f'[name="{name}"]').press_sequentially(value[:12])
    assert form.get_attribute("data-ready") is None, "Python answered before the typing ended; nothing was tested"
    wait_ready(page, "follow-up")
    typed = {name: value[:12] for name, value in values.items()}
    assert preview_of(page, "follow-up") == render_preview("follow-up", typed).email.to_dict()


def test_missing_fields_show_stand_ins_and_errors(page: Page, site_url: str) -> None:
    """An incomplete draft shows [brackets]; trying to copy names what to fix and moves focus there."""
    page.goto(site_url + "thank-you/")
    form = form_of(page, "thank-you")
    wait_ready(page, "thank-you")
    form.locator('[name="position"]').fill("Analyst")
    wait_ready(page, "thank-you")
    assert "[Your Name]" in preview_of(page, "thank-you")["subject"]

    form.locator('[data-action="copy-body"]').click()
    error = form.locator('[data-error-for="candidate_name"]')
    expect(error).to_be_visible()
    expect(error).to_have_text("Your name is required.")
    expect(form.locator('[name="candidate_name"]')).to_be_focused()
    expect(form.locator('[name="candidate_name"]')).to_have_attribute("aria-invalid", "true")
    expect(form.locator('[role="status"]')).to_contain_text("Your name is required.")

    form.locator('[name="candidate_name"]').fill("Jo")
    form.locator('[name="position"]').focus()
    wait_ready(page, "thank-you")
    expect(error).to_be_hidden()


def test_copy_buttons_put_the_email_on_the_clipboard(page: Page, site_url: str) -> None:
    """Copy subject and Copy body write exactly the previewed text, and say so."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "after-rejection/")
    form = form_of(page, "rejection-reply")
    values = values_for("rejection-reply")
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    wait_ready(page, "rejection-reply")
    expected = render("rejection-reply", values)

    form.locator('[data-action="copy-subject"]').click()
    expect(form.locator('[role="status"]')).to_contain_text("Subject copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected.subject
    form.locator('[data-action="copy-body"]').click()
    expect(form.locator('[role="status"]')).to_contain_text("Body copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected.body


def test_mailto_link_decodes_to_the_email(page: Page, site_url: str) -> None:
    """The mail-app link carries the recipient, subject and body, each decoding back to the preview."""
    page.goto(site_url + "follow-up/")
    form = form_of(page, "follow-up")
    values = values_for("follow-up")
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    wait_ready(page, "follow-up")
    href = form.locator('[data-action="mailto"]').get_attribute("href") or ""
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == values["recipient_email"]
    assert query["subject"] == [preview_of(page, "follow-up")["subject"]]
    assert query["body"] == [preview_of(page, "follow-up")["body"].replace("\n", "\r\n")]


def test_forms_work_across_instant_navigation(page: Page, site_url: str) -> None:
    """Arriving through the theme's instant navigation mounts the form, and Python loads once for the visit."""
    page.goto(site_url)
    page.evaluate("window.sameDocument = true")  # gone if a link loaded a new document
    page.get_by_role("link", name="Thank-you email").first.click()
    page.wait_for_url("**/thank-you/")
    wait_ready(page, "thank-you")
    page.get_by_role("link", name="Follow-up reminder").first.click()
    page.wait_for_url("**/follow-up/")
    form = form_of(page, "follow-up")
    form.locator('[name="candidate_name"]').fill("Ana")
    wait_ready(page, "follow-up")
    assert preview_of(page, "follow-up")["body"].endswith("Best regards,\nAna")
    assert page.evaluate("window.sameDocument") is True, "a link loaded a whole new page"
    assert len(python_workers(page)) == 1, "Python started more than once"
