"""Without JavaScript: the guide reads, the example emails are there to copy, and a note says what the forms need."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from generator import get_template, render

from .helpers import PAGE_OF, form_of, preview_of


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["", "not-pushy/", "privacy/", *PAGE_OF.values()])
def test_guide_pages_read_without_javascript(page_without_js: Page, site_url: str, path: str) -> None:
    """Each page shows its heading and text with scripts off."""
    page_without_js.goto(site_url + path)
    expect(page_without_js.locator("h1").first).to_be_visible()
    assert len(page_without_js.locator("article").inner_text()) > 300


@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_example_email_is_there_and_the_form_says_what_it_needs(
    page_without_js: Page, site_url: str, template_id: str
) -> None:
    """The form's preview holds the example email as selectable text; a note says the form needs JavaScript."""
    page_without_js.goto(site_url + PAGE_OF[template_id])
    form = form_of(page_without_js, template_id)
    example = render(template_id, get_template(template_id).example_values())
    assert preview_of(page_without_js, template_id) == example.to_dict()
    expect(form.locator('[data-output="body"]')).to_be_visible()
    expect(form.locator(".fup-form__noscript")).to_be_visible()
    expect(form.locator(".fup-form__noscript")).to_contain_text("needs JavaScript")
    # Fields that cannot do anything are not offered as if they could.
    for control in form.locator("[data-fields] input, [data-fields] textarea, [data-fields] select").all():
        expect(control).to_be_disabled()
    expect(form.locator("[data-actions]")).to_be_hidden()
    expect(form.locator("[data-remember]")).to_be_hidden()
