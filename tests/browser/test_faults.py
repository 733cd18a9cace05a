"""Faults while Python loads: each is said in words, quickly, with Retry, and nothing typed is lost."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from generator import render_preview

from .helpers import fill_form, form_of, preview_of, wait_ready

# Each fault must be reported well inside the worker's 30 s stall limit: the
# point is a prompt, specific message, not the last-resort timeout.
REPORTED_WITHIN_MS = 15_000
TYPED = {"candidate_name": "Ana Lima", "position": "Analyst"}


def _not_found(route: Route) -> None:
    route.fulfill(status=404, body="Not found")


def _connection_reset(route: Route) -> None:
    route.abort("connectionreset")


def _one_byte_changed(route: Route) -> None:
    response = route.fetch()
    body = bytearray(response.body())
    body[len(body) // 2] ^= 0xFF
    route.fulfill(response=response, body=bytes(body))


def _cut_in_half(route: Route) -> None:
    response = route.fetch()
    route.fulfill(response=response, body=response.body()[: len(response.body()) // 2])


FAULTS: dict[str, tuple[str, Callable[[Route], None], str]] = {
    # id: (file pattern, what happens to it, words the status must contain)
    "wasm-missing": ("**/pyodide.asm.wasm", _not_found, "pyodide.asm.wasm could not be downloaded"),
    "wasm-cut-off": ("**/pyodide.asm.wasm", _cut_in_half, "pyodide.asm.wasm is damaged or incomplete"),
    "wasm-connection-dropped": ("**/pyodide.asm.wasm", _connection_reset, "pyodide.asm.wasm could not be downloaded"),
    "stdlib-missing": ("**/python_stdlib.zip", _not_found, "python_stdlib.zip could not be downloaded"),
    "stdlib-connection-dropped": ("**/python_stdlib.zip", _connection_reset, "python_stdlib.zip could not be"),
    "runtime-module-missing": ("**/pyodide.asm.mjs", _not_found, "pyodide.asm.mjs could not be downloaded"),
    "lock-missing": ("**/pyodide-lock.json", _not_found, "pyodide-lock.json could not be downloaded"),
    "engine-wheel-missing": ("**/follow_up_politely-*.whl", _not_found, "follow_up_politely-0.1.0-py3-none-any.whl"),
    "jinja2-wheel-checksum": ("**/jinja2-*.whl", _one_byte_changed, "jinja2-3.1.6-py3-none-any.whl could not be"),
    "markupsafe-wheel-checksum": ("**/markupsafe-*.whl", _one_byte_changed, "markupsafe-3.0.3-py3-none-any.whl"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_reported_with_retry_and_typing_is_kept(context: BrowserContext, site_url: str, fault: str) -> None:
    """A broken download says which file failed, offers Retry, keeps the typing, and Retry recovers."""
    pattern, breakage, words = FAULTS[fault]
    broken = {"on": True}

    def handler(route: Route) -> None:
        if broken["on"]:
            breakage(route)
        else:
            route.fallback()

    context.route(pattern, handler)
    # Not the `page` fixture: the broken download's console errors are expected here.
    page = context.new_page()
    page.goto(site_url + "thank-you/")
    form = form_of(page, "thank-you")
    fill_form(page, "thank-you", TYPED)

    status = form.locator('[role="status"]')
    expect(status).to_contain_text("Python could not start", timeout=REPORTED_WITHIN_MS)
    expect(status).to_contain_text(words)
    expect(status).to_contain_text("What you typed is kept")
    retry = form.locator('[data-action="retry"]')
    expect(retry).to_be_visible()
    for name, value in TYPED.items():
        expect(form.locator(f'[name="{name}"]')).to_have_value(value)
    expect(form.locator('[data-action="copy-body"]')).to_be_enabled()

    broken["on"] = False
    retry.click()
    wait_ready(page, "thank-you")
    assert preview_of(page, "thank-you") == render_preview("thank-you", TYPED).email.to_dict()
    expect(retry).to_be_hidden()


def test_slow_network_shows_progress_then_works(context: BrowserContext, page: Page, site_url: str) -> None:
    """On a slow connection the page says it is loading and shows the download's progress, then is ready."""

    def slow(route: Route) -> None:
        response = route.fetch()
        time.sleep(2)  # the runtime's biggest file arrives late
        route.fulfill(response=response)

    context.route("**/pyodide.asm.wasm", slow)
    page.goto(site_url + "follow-up/")
    form = form_of(page, "follow-up")
    expect(form.locator('[role="status"]')).to_contain_text("Loading Python")
    expect(form.locator("[data-progress]")).to_be_visible()
    fill_form(page, "follow-up", TYPED)
    wait_ready(page, "follow-up")
    expect(form.locator("[data-progress]")).to_be_hidden()
    expect(form.locator('[role="status"]')).to_contain_text("Ready")
    assert preview_of(page, "follow-up") == render_preview("follow-up", TYPED).email.to_dict()
