"""The benchmark's memory figure: a form page's peak, in Chromium, Firefox and WebKit.

Each engine, on a fresh profile, opens the form page, waits for Python, types
the guide's example into every text field and waits until the preview is the
engine's email: then the page process's peak resident memory is read
(page_memory.py). Pyodide on iOS is known to crash tabs short of memory; this
is the figure to watch when Pyodide, the engine or the snapshot grows.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from typing import Any

from engines import ENGINES, EngineMissing
from page_memory import peak_chromium_memory, peak_page_memory
from playwright.sync_api import Playwright

from generator import get_template, render

TEMPLATE = "thank-you"
READY_S = 120

# The preview's body, once Python has answered for what is in the form.
BODY_WHEN_READY = """() => {
  const form = document.querySelector('form[data-template]');
  return form?.dataset.ready === "true" ? form.querySelector('[data-output="body"]').textContent : null;
}"""


def _typed() -> dict[str, str]:
    example = get_template(TEMPLATE).example_values()
    return {f.id: example[f.id] for f in get_template(TEMPLATE).fields if f.kind != "choice" and example.get(f.id)}


def _poll(read: Any, wanted: str) -> None:
    deadline = time.monotonic() + READY_S
    while read() != wanted:
        if time.monotonic() > deadline:
            raise TimeoutError("the preview never showed the typed email")
        time.sleep(0.1)


def chromium_peak(driver: Playwright, chrome: str, flags: Sequence[str], url: str) -> int | None:
    typed = _typed()
    with tempfile.TemporaryDirectory(prefix="memory-profile-") as profile:
        context = driver.chromium.launch_persistent_context(profile, executable_path=chrome, args=list(flags))
        try:
            page = context.new_page()
            page.goto(url)
            for name, value in typed.items():
                page.locator(f'form[data-template="{TEMPLATE}"] [name="{name}"]').fill(value)
            _poll(lambda: page.evaluate(BODY_WHEN_READY), render(TEMPLATE, typed).body)
            return peak_chromium_memory(profile)
        finally:
            context.close()


def engine_peak(engine: str, url: str, proxy_port: int) -> int | None:
    typed = _typed()
    page = ENGINES[engine](1280, 900, "() => {}", proxy_port)
    try:
        page.goto(url)
        for name, value in typed.items():
            page.type(f'form[data-template="{TEMPLATE}"] [name="{name}"]', value)
        _poll(lambda: page.evaluate(BODY_WHEN_READY), render(TEMPLATE, typed).body)
        return peak_page_memory(engine, page.browser_pid())
    finally:
        page.close()


def form_page_memory(
    driver: Playwright, chrome: str, flags: Sequence[str], url: str, proxy_port: int
) -> dict[str, int | str | None]:
    """Peak bytes of the form page's process in each engine; an engine missing here says so instead."""
    peaks: dict[str, int | str | None] = {"chromium": chromium_peak(driver, chrome, flags, url)}
    for engine in ENGINES:
        try:
            peaks[engine] = engine_peak(engine, url, proxy_port)
        except EngineMissing as missing:
            peaks[engine] = str(missing)
    return peaks
