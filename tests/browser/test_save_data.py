"""A reader whose browser asks to save data: Python's runtime (some 6 MB) waits until they begin on a form."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from generator import get_template, render
from tests.browser.conftest import Traffic
from tests.browser.helpers import READY_MS, form_of, preview_of, python_workers, values_for, wait_ready

# The Save-Data setting as a page sees it: Chromium turns it on for Data Saver
# and some Android settings; here it is put in the page before its scripts run.
SAVES_DATA = """
Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true,
  get: () => ({ saveData: true, effectiveType: "4g", addEventListener() {}, removeEventListener() {} }),
});
"""
WAITING_WORDS = "Your browser asks to save data: Python downloads when you start on the form."


def runtime_downloads(traffic: Traffic) -> list[str]:
    """Requests for Python's runtime and the engine's wheels (the worker's own script is preloaded with the page)."""
    return [url for url in traffic.urls if "/assets/runtime/" in url]


def open_saving_data(page: Page, url: str) -> None:
    """Open `url` in a browser that asks to save data, and wait until the network has gone quiet."""
    page.add_init_script(SAVES_DATA)
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_form_shows_the_example_and_downloads_python_once_the_reader_begins(
    page: Page, site_url: str, traffic: Traffic
) -> None:
    """Until the reader comes to the form, nothing of Python is downloaded; then it starts and the form works."""
    template_id = "thank-you"
    open_saving_data(page, site_url + "thank-you/")
    form = form_of(page, template_id)

    assert runtime_downloads(traffic) == []
    assert python_workers(page) == [], "a Python worker was made"
    expect(form.locator('[role="status"]')).to_have_text(WAITING_WORDS)
    assert preview_of(page, template_id) == render(template_id, get_template(template_id).example_values()).to_dict()

    form.locator('[name="candidate_name"]').focus()
    wait_ready(page, template_id)
    assert any(url.endswith("pyodide.asm.wasm") for url in runtime_downloads(traffic))
    values = values_for(template_id)
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    wait_ready(page, template_id)
    assert preview_of(page, template_id) == render(template_id, values).to_dict()


def test_the_planner_downloads_python_once_the_reader_begins_on_it(page: Page, site_url: str, traffic: Traffic) -> None:
    """The follow-up page's planner waits too, and coming to it starts Python for the whole page."""
    open_saving_data(page, site_url + "follow-up/")
    planner = page.locator("form[data-planner]")

    assert runtime_downloads(traffic) == []
    expect(planner.locator('[role="status"]')).to_have_text(WAITING_WORDS)

    planner.locator('[name="interview_date"]').focus()
    expect(planner.locator('[role="status"]')).to_contain_text("Ready", timeout=READY_MS)
    wait_ready(page, "follow-up")  # the template's form on the same page got its preview from Python too
    assert any(url.endswith("pyodide.asm.wasm") for url in runtime_downloads(traffic))
