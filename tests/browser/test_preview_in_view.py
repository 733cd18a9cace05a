"""The email in view while the reader types: beside the fields on a wide screen, a step away on a narrow one."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import PAGE_OF, form_of, values_for, wait_ready

IN_VIEW = """(element) => {
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.top < innerHeight && box.bottom > 0;
}"""


def test_on_a_wide_screen_the_email_stands_beside_the_fields_and_stays_in_view(page: Page, site_url: str) -> None:
    """At 1280 px the preview is right of the fields, and still on screen while the last field is typed in."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    form = form_of(page, "thank-you")
    fields = form.locator("[data-fields]").bounding_box()
    draft = form.locator(".fup-form__draft").bounding_box()
    assert fields
    assert draft
    assert draft["x"] >= fields["x"] + fields["width"]
    last = form.locator(".fup-form__entry .fup-field__control").last
    last.scroll_into_view_if_needed()
    last.focus()
    assert form.locator('[data-output="body"]').evaluate(IN_VIEW)
    assert form.locator('[role="status"]').evaluate(IN_VIEW)
    expect(form.locator('[data-action="see-email"]')).to_be_hidden()
    expect(page.locator(".md-sidebar--secondary")).to_be_hidden()  # the contents gave up their room


def test_on_a_phone_the_email_is_one_step_away_and_back(page: Page, site_url: str) -> None:
    """At 375 px "See the email" shows the preview, the text and the focus kept; one step brings the reader back."""
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    form = form_of(page, "thank-you")
    field = form.locator('[name="highlight"]')
    field.click()
    page.keyboard.type(values_for("thank-you")["highlight"])
    see = form.locator('[data-action="see-email"]')
    assert see.evaluate(IN_VIEW), "the control is not at hand while typing"
    body = form.locator('[data-output="body"]')
    assert not body.evaluate(IN_VIEW)

    see.click()
    expect(body).to_contain_text("whiteboard session on churn")
    page.wait_for_function(
        "(e) => { const b = e.getBoundingClientRect(); return b.top >= 0 && b.top < innerHeight; }",
        arg=body.element_handle(),
    )
    assert field.evaluate("e => e === document.activeElement"), "the focus left the field"

    form.locator('[data-action="back-to-fields"]').click()
    assert field.evaluate("e => e === document.activeElement")
    page.wait_for_function(IN_VIEW, arg=field.element_handle())
    assert field.input_value() == values_for("thank-you")["highlight"]
