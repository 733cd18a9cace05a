"""A tab short of memory: a failed restore falls back to a fresh start, a failed start to the guide's example.

Safari on iOS refuses Python's memory at times (RangeError: Out of memory),
and restoring a snapshot larger than the default heap can fail in WebKit. The
tests make WebAssembly refuse its memory as such a tab does, by putting a few
lines before the Python worker's own script as it is served.
"""

from __future__ import annotations

from playwright.sync_api import Error, Page, Route, expect

from generator import get_template, render, render_preview

from .helpers import PAGE_OF, form_of, preview_of, python_worker, restored_from_snapshot, wait_ready
from .test_snapshot import kept_snapshot

# The next `refusals` instantiations of Python's WebAssembly fail as a tab out of memory fails them;
# Pyodide's small helper modules (a few hundred bytes) still instantiate.
SHORT_OF_MEMORY = """
let refusals = %d;
for (const method of ["instantiate", "instantiateStreaming"]) {
  const original = WebAssembly[method].bind(WebAssembly);
  WebAssembly[method] = (source, ...rest) => {
    const python = method === "instantiateStreaming" || source?.byteLength > 1_000_000;
    if (python && refusals-- > 0) return Promise.reject(new RangeError("Out of memory"));
    return original(source, ...rest);
  };
}
"""


def short_of_memory(page: Page, refusals: int) -> None:
    """Serve the Python worker's script with SHORT_OF_MEMORY first."""

    def serve(route: Route) -> None:
        try:
            response = route.fetch()
            route.fulfill(response=response, body=(SHORT_OF_MEMORY % refusals).encode() + response.body())
        except Error:
            pass  # the page closed while the script was on its way: nothing left to serve

    # On the context, after its guard: the one handler for this file, for the page and its worker alike
    # (a page route beside the context's guard let both answer one request at times).
    page.context.route("**/python-worker.mjs", serve)


def test_a_restore_refused_memory_starts_python_afresh(page: Page, site_url: str) -> None:
    """With a snapshot kept, a tab that cannot restore it starts Python from scratch, and the form works."""
    url = site_url + PAGE_OF["thank-you"]
    page.goto(url)
    wait_ready(page, "thank-you")
    kept_snapshot(page)

    short_of_memory(page, refusals=1)
    page.goto(url)
    form = form_of(page, "thank-you")
    form.locator('[name="candidate_name"]').fill("Ana Lima")
    wait_ready(page, "thank-you")
    assert restored_from_snapshot(python_worker(page)) is False
    expected = render_preview("thank-you", {"candidate_name": "Ana Lima"})
    assert preview_of(page, "thank-you")["subject"] == expected.email.subject


def test_a_start_refused_memory_says_so_and_keeps_the_guides_example(page: Page, site_url: str) -> None:
    """No memory at all: the status says why, Retry is offered, the example stands and the typing is kept."""
    short_of_memory(page, refusals=1_000)
    page.goto(site_url + PAGE_OF["thank-you"])
    form = form_of(page, "thank-you")
    status = form.locator('[role="status"]')
    expect(status).to_contain_text("could not give Python the memory it needs", timeout=30_000)
    expect(form.locator('[data-action="retry"]')).to_be_visible()
    form.locator('[name="candidate_name"]').fill("Ana Lima")
    example = get_template("thank-you").example_values()
    assert preview_of(page, "thank-you") == render("thank-you", example).to_dict()
    assert form.locator('[name="candidate_name"]').input_value() == "Ana Lima"
