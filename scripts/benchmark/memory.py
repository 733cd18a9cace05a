"""The benchmark's memory figure: a form page's peak, in Chromium, Firefox and WebKit.

Each engine, on a fresh profile, opens the form page, waits for Python, types
the guide's example into every text field and waits until the preview is the
engine's email: then the page process's peak resident memory is read. Pyodide
on iOS is known to crash tabs short of memory; this is the figure to watch when
Pyodide, the engine or the snapshot grows.

Python's WebAssembly memory, the JavaScript heaps of the page and of its
workers, and the engine's own share all live in one process per page:
Chromium's renderer, Firefox's "tab" content process, WebKit's web process.
The most that process ever held resident (VmHWM) is what a phone's tab is
killed for, so that is the figure, whatever the engine says of its own heaps.
Read from /proc (Linux only; elsewhere None).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

from generator import get_template, render
from scripts.benchmark.cpu import browser_tree, processes, tree_below
from scripts.engines import ENGINES, EngineMissing

PROC = Path("/proc")

# How each engine's page processes say what they are, in their command lines.
PAGE_PROCESS: dict[str, Callable[[str], bool]] = {
    "chromium": lambda command_line: "--type=renderer" in command_line and "--top-chrome-webui" not in command_line,
    "firefox": lambda command_line: "-contentproc" in command_line and command_line.rstrip().endswith(" tab"),
    "webkit": lambda command_line: "WebKitWebProcess" in command_line,
}


def _peak_resident_bytes(pid: int) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def peak_page_memory(engine: str, browser_pid: int) -> int | None:
    """The largest peak resident memory among the engine's page processes below `browser_pid`, in bytes."""
    if not PROC.is_dir():
        return None
    found = processes()
    return _largest_peak(engine, tree_below({browser_pid}, found) - {browser_pid}, found)


def peak_chromium_memory(profile: str) -> int | None:
    """As peak_page_memory, for the Chromium of this profile folder."""
    if not PROC.is_dir():
        return None
    found = processes()
    return _largest_peak("chromium", browser_tree(profile, found), found)


def _largest_peak(engine: str, pids: set[int], found: dict[int, tuple[int, float, str]]) -> int | None:
    is_page = PAGE_PROCESS[engine]
    peaks = []
    for pid in pids:
        if is_page(found[pid][2]):
            try:
                peaks.append(_peak_resident_bytes(pid))
            except OSError:  # it ended meanwhile
                continue
    return max(peaks, default=None)


# --- The form page, typed through, in each engine ----------------------------------------------------

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
