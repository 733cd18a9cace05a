"""Nothing pasted freezes the page: the limits show as the reader types, and a Python that stalls is restarted."""

from __future__ import annotations

import time

from playwright.sync_api import Page, Worker, expect

from generator import get_template, render, render_preview

from .helpers import (
    PAGE_OF,
    SNAPSHOT_CACHE,
    fill_form,
    form_of,
    preview_of,
    python_worker,
    python_workers,
    restored_from_snapshot,
    values_for,
    wait_ready,
)

# Within the worker only: Python spins for a minute on any request holding the marker.
# A test-only stand-in for a pattern that backtracks: the page cannot tell the two apart.
STALL_ON_MARKER = """() => self.pyodide.runPython(`
import time, generator.api as api
_answer = api.handle
def handle(request):
    if "Qzx-stall" in request:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            pass
    return _answer(request)
api.handle = handle
`)"""

# The worker keeps Python's memory once idle after the first previews; patched
# before that, the patch would be kept with it.
SNAPSHOT_KEPT = """async (cache) => {
  for (let tries = 0; tries < 300; tries++) {
    if ((await (await caches.open(cache)).keys()).length) return true;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return false;
}"""


def python_ready_again(page: Page, stopped: Worker) -> Worker:
    """The page's new Python worker once it is ready, the stopped one gone."""
    for _ in range(600):
        workers = [w for w in python_workers(page) if w is not stopped]
        if len(workers) == 1 and workers[0].evaluate("Boolean(self.pyodide)"):
            return workers[0]
        page.wait_for_timeout(100)
    raise AssertionError("Python did not start again")


def test_a_paste_past_the_limit_stays_in_the_field_and_is_named(page: Page, site_url: str) -> None:
    """A 200,000-character paste stays whole in the field; the count and the error name the limit; nothing hangs."""
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    form = form_of(page, "thank-you")
    spec = get_template("thank-you").field("highlight")
    assert spec is not None
    control = form.locator('[name="highlight"]')
    assert control.get_attribute("data-limit") == str(spec.limit)
    count = form.locator('[data-count-for="highlight"]')
    expect(count).to_be_hidden()

    fill_form(page, "thank-you", {"highlight": "x" * (spec.limit - 100)})
    wait_ready(page, "thank-you")
    expect(count).to_have_text(f"{spec.limit - 100:,} of {spec.limit:,} characters.")

    pasted = "the roadmap " * 16_667
    fill_form(page, "thank-you", {"highlight": pasted})
    wait_ready(page, "thank-you")
    assert control.input_value() == pasted
    over = len(pasted) - spec.limit
    expect(count).to_have_text(f"{len(pasted):,} of {spec.limit:,} characters: {over:,} too many.")
    control.blur()
    error = form.locator('[data-error-for="highlight"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"at most {spec.limit:,}")
    assert control.get_attribute("aria-invalid") == "true"
    assert spec.stand_in in preview_of(page, "thank-you")["body"]

    fill_form(page, "thank-you", {"highlight": "the roadmap for next year"})
    wait_ready(page, "thank-you")
    expect(count).to_be_hidden()
    assert "the roadmap for next year" in preview_of(page, "thank-you")["body"]


def test_a_line_separator_in_a_name_is_refused_by_name(page: Page, site_url: str) -> None:
    """A pasted U+2028 in the position is refused in the page's words, as the engine refuses it."""
    page.goto(site_url + PAGE_OF["follow-up"])
    wait_ready(page, "follow-up")
    fill_form(page, "follow-up", {"position": "Data\u2028Lead"})
    wait_ready(page, "follow-up")
    form = form_of(page, "follow-up")
    form.locator('[name="candidate_name"]').focus()
    expect(form.locator('[data-error-for="position"]')).to_have_text("Position must fit on one line.")
    expected = render_preview("follow-up", {"position": "Data\u2028Lead"}).email
    assert preview_of(page, "follow-up")["subject"] == expected.subject


def test_a_request_python_stalls_on_restarts_it_and_keeps_everything(page: Page, site_url: str) -> None:
    """Python stuck on a request: the status says so, the worker starts again, the text stays, the form works.

    The request that stalled is not sent again as it was: after the restart the
    preview keeps the last draft until the reader changes the values.
    """
    page.goto(site_url + PAGE_OF["thank-you"])
    wait_ready(page, "thank-you")
    assert page.evaluate(SNAPSHOT_KEPT, SNAPSHOT_CACHE)
    typed = values_for("thank-you")
    fill_form(page, "thank-you", typed)
    wait_ready(page, "thank-you")
    before = preview_of(page, "thank-you")
    first_worker = python_worker(page)
    first_worker.evaluate(STALL_ON_MARKER)

    form = form_of(page, "thank-you")
    status = form.locator('[role="status"]')
    started = time.monotonic()
    fill_form(page, "thank-you", {"highlight": "the Qzx-stall roadmap"})
    expect(status).to_contain_text("Python took too long", timeout=30_000)
    assert time.monotonic() - started < 25  # the net's few seconds, not the stall's minute
    expect(form).to_have_attribute("data-stalled", "true")
    second_worker = python_ready_again(page, first_worker)
    assert restored_from_snapshot(second_worker) is True  # the start the first visit kept
    expect(status).to_contain_text("Your text is kept")
    assert form.locator('[name="highlight"]').input_value() == "the Qzx-stall roadmap"
    assert form.locator('[name="candidate_name"]').input_value() == typed["candidate_name"]
    assert preview_of(page, "thank-you") == before  # not sent again: the last draft stays
    # Until the values change, the draft may not leave the page: it is not of them.
    form.get_by_role("button", name="Copy body").click()
    expect(status).to_contain_text("Python took too long")

    fill_form(page, "thank-you", {"highlight": "the Qzx-stall roadmap, and the team"})
    wait_ready(page, "thank-you")
    email = render("thank-you", {**typed, "highlight": "the Qzx-stall roadmap, and the team"})
    assert preview_of(page, "thank-you") == {"subject": email.subject, "body": email.body}
