"""One run of every figure for one side: fresh browser profiles, the visits, and what each visit measured.

Each side is driven by the same measuring code (pages/measure.js, injected in
every page), in a headless Chromium on a profile of its own; the figures of all
runs are then summed up as each figure's median, min and max.
"""

from __future__ import annotations

import contextlib
import itertools
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Error, Page, Playwright

from scripts.benchmark.cpu import KINDS, Thread, browser_threads, cpu_ms_by_kind
from scripts.benchmark.figures import (
    KEY_CYCLE,
    KEY_TIMEOUT_MS,
    LINK,
    LINK_READY_TIMEOUT_MS,
    METRICS,
    PHASES,
    QUIET_S,
    READY_TIMEOUT_MS,
    REVISIT_MAX_AGE_S,
    REVISIT_READ_S,
    TBT_AFTER_READY_MS,
    TYPED_FIELD,
    VISITS,
)
from scripts.benchmark.idle import wait_until_idle
from scripts.benchmark.serving import PAGES, BenchServer, Side
from scripts.chromium import CHROMIUM_FLAGS


@dataclass(frozen=True)
class Profile:
    """A browser on a profile of its own: its Playwright context, and the folder that names its processes."""

    context: BrowserContext
    folder: str


@contextlib.contextmanager
def fresh_profile(
    driver: Playwright, chrome: str, outside: list[str], flags: Sequence[str] = CHROMIUM_FLAGS
) -> Iterator[Profile]:
    """A browser with a new profile on disk (empty caches), the measuring script in every page.

    A profile on disk, as a reader's browser has, not an incognito-like
    context: Chromium keeps the code it compiled (JavaScript and WebAssembly)
    only for a profile on disk, and a reader's repeat visit gets it back.

    No route is set: Playwright turns the HTTP cache off for a context that
    routes requests, and the warm visit needs it. Requests to any other host
    are noted instead.
    """
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=chrome, args=list(flags), viewport={"width": 1280, "height": 900}
        )
        try:
            context.add_init_script(path=PAGES / "measure.js")
            for page in context.pages:  # the blank tab a new profile opens with
                page.close()

            def watch(request: Any) -> None:
                host = urlsplit(request.url).hostname
                if request.url.split(":", 1)[0] in ("http", "https", "ws", "wss") and host != "127.0.0.1":
                    outside.append(request.url)

            context.on("request", watch)
            yield Profile(context, profile)
        finally:
            context.close()


class OpenedPage(NamedTuple):
    """A tab navigated to a page, and the browser's threads as they were just before the navigation."""

    page: Page
    threads_at_navigation: dict[tuple[int, int], Thread] | None  # None without /proc


def open_page(profile: Profile, url: str, errors: list[str], link: dict[str, Any] | None = None) -> OpenedPage:
    """A new tab, navigated to url (returns once the document is committed), over `link` if given.

    The tab is opened first and the navigation waits until the browser is idle:
    opening a tab costs Chromium about a second of CPU of its own (see
    browser_idle), which a reader's page, loaded in a tab already open, does not
    share its two cores with.
    """
    page = profile.context.new_page()
    if link is not None:
        session = profile.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", link)
    page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
    page.on("console", lambda message: errors.append(f"{url}: {message.text}") if message.type == "error" else None)
    wait_until_idle(profile.folder)
    threads = browser_threads(profile.folder)
    page.goto(url, wait_until="commit")
    return OpenedPage(page, threads)


def visit_form(profile: Profile, server: BenchServer, url: str, errors: list[str]) -> tuple[Page, dict[str, float]]:
    """Navigate to a form page, wait for Python's first preview, and take the figures of the visit."""
    server.wait_quiet(0.2)
    start = time.time()
    page, threads_at_navigation = open_page(profile, url, errors)
    ready = page.evaluate("timeout => window.__bench.whenReady(timeout)", READY_TIMEOUT_MS)
    cpu = cpu_ms_by_kind(threads_at_navigation, browser_threads(profile.folder))
    loaded = page.evaluate("timeout => window.__bench.whenLoaded(timeout)", READY_TIMEOUT_MS)
    figures = {
        "ready_ms": ready["at"],
        "tbt_ms": total_blocking_time(page, ready["at"] + TBT_AFTER_READY_MS),
        "bytes_at_load": server.bytes_between(start, loaded["wall"] / 1000),
        "bytes_ready": server.bytes_between(start, ready["wall"] / 1000),
    }
    marks = python_marks(page)
    for mark in PHASES:
        if mark not in marks:
            raise RuntimeError(f"{url}: no {mark} mark (performance.mark) by the time the form was ready")
        figures[mark] = marks[mark]
    for kind, used_ms in (cpu or {}).items():
        figures[f"cpu {kind}"] = used_ms
    return page, figures


# Read in the page and in each of its workers: performance.timeOrigin lines the
# worker's clock (which starts with the worker) up with the page's.
MARKS_SCRIPT = """() => ({
  origin: performance.timeOrigin,
  name: self.name,
  marks: performance.getEntriesByType("mark")
    .filter((mark) => mark.name.startsWith("python:"))
    .map((mark) => [mark.name, mark.startTime]),
})"""


def python_marks(page: Page) -> dict[str, float]:
    """The first python:* mark of each name, in the page or its Python worker, in ms since the page's navigation."""
    in_page = page.evaluate(MARKS_SCRIPT)
    found = [in_page]
    for worker in page.workers:
        with contextlib.suppress(Error):  # a worker that has ended meanwhile (the theme's search worker can)
            in_worker = worker.evaluate(MARKS_SCRIPT)
            if in_worker["name"] == "python":
                found.append(in_worker)
    marks: dict[str, float] = {}
    for context in found:
        for name, at in context["marks"]:
            marks.setdefault(name, context["origin"] + at - in_page["origin"])
    return marks


def total_blocking_time(page: Page, window_end: float) -> float:
    """Total blocking time of the long tasks that start before `window_end` (ms since navigation)."""
    tbt: float | None = page.evaluate("end => window.__bench.totalBlockingTime(end)", window_end)
    if tbt is None:
        raise RuntimeError("this Chromium does not report long tasks (PerformanceObserver 'longtask')")
    return tbt


def type_keys(page: Page, count: int) -> list[float]:
    """Type `count` keys into the typed field, one at a time; the latency of each, in ms."""
    page.evaluate("() => window.__bench.watchPreview()")
    page.locator(f'form[data-template] [name="{TYPED_FIELD}"]').focus()
    page.keyboard.type("A")  # untimed: the first letter moves the form off the guide's example
    page.evaluate("timeout => window.__bench.settled(timeout)", KEY_TIMEOUT_MS)
    page.evaluate("() => window.__bench.takeLatencies()")
    for key in itertools.islice(itertools.cycle(KEY_CYCLE), count):
        if len(key) == 1:
            page.keyboard.type(key)
        else:
            page.keyboard.press(key)
        page.evaluate("timeout => window.__bench.settled(timeout)", KEY_TIMEOUT_MS)
    latencies: list[float] = page.evaluate("() => window.__bench.takeLatencies()")
    if len(latencies) != count:
        raise RuntimeError(f"{len(latencies)} keystroke latencies for {count} keys")
    return latencies


def revisit_over_link(profile: Profile, server: BenchServer, url: str, errors: list[str]) -> float:
    """Time-to-ready over the LINK of a visit once the first visit's files have expired (`server`'s short max-age)."""
    page, _ = visit_form(profile, server, url, errors)
    page.wait_for_timeout(REVISIT_READ_S * 1000)
    page.close()
    server.wait_quiet(0.2)
    time.sleep(max(0.0, server.last_activity + REVISIT_MAX_AGE_S + 0.5 - time.time()))
    page = open_page(profile, url, errors, LINK).page
    ready: float = page.evaluate("timeout => window.__bench.whenReady(timeout)", LINK_READY_TIMEOUT_MS)["at"]
    page.close()
    return ready


def cold_ready_over_link(profile: Profile, server: BenchServer, url: str, errors: list[str]) -> float:
    """Time-to-ready of a first visit over the emulated LINK, where the download, not the CPU, takes most time."""
    server.wait_quiet(0.2)
    page = open_page(profile, url, errors, LINK).page
    ready: float = page.evaluate("timeout => window.__bench.whenReady(timeout)", LINK_READY_TIMEOUT_MS)["at"]
    page.close()
    return ready


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile, interpolated between the nearest values."""
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def measure_run(
    driver: Playwright,
    chrome: str,
    servers: tuple[BenchServer, BenchServer],
    side: Side,
    keystrokes: int,
    errors: list[str],
    outside: list[str],
    flags: Sequence[str] = CHROMIUM_FLAGS,
) -> dict[str, float]:
    """One run of every figure for one side, each visit series in a fresh profile.

    `servers`: the one for every figure, and the one whose files expire soon, for the revisit.
    """
    server, expiring = servers
    figures: dict[str, float] = {}
    with fresh_profile(driver, chrome, outside, flags) as profile:
        page, cold = visit_form(profile, server, side.form_url, errors)
        page.close()
        page, warm = visit_form(profile, server, side.form_url, errors)
        latencies = type_keys(page, keystrokes)
        page.close()
    for visit, seen in zip(VISITS, (cold, warm), strict=True):
        for mark in PHASES:
            figures[f"{visit} {mark}"] = seen[mark]
        for kind in KINDS:
            if f"cpu {kind}" in seen:  # read where /proc is
                figures[f"{visit} cpu {kind}"] = seen[f"cpu {kind}"]
    figures["cold_ready_ms"] = cold["ready_ms"]
    figures["warm_ready_ms"] = warm["ready_ms"]
    figures["tbt_cold_ms"] = cold["tbt_ms"]
    figures["tbt_warm_ms"] = warm["tbt_ms"]
    figures["keystroke_p50_ms"] = percentile(latencies, 50)
    figures["keystroke_p95_ms"] = percentile(latencies, 95)
    figures["bytes_form_at_load"] = cold["bytes_at_load"]
    figures["bytes_form_ready"] = cold["bytes_ready"]
    figures["bytes_form_warm"] = warm["bytes_ready"]

    with fresh_profile(driver, chrome, outside, flags) as profile:
        figures["cold_ready_link_ms"] = cold_ready_over_link(profile, server, side.form_url, errors)

    with fresh_profile(driver, chrome, outside, flags) as profile:
        url = side.form_url.replace(server.origin, expiring.origin, 1)
        figures["revisit_ready_link_ms"] = revisit_over_link(profile, expiring, url, errors)

    with fresh_profile(driver, chrome, outside, flags) as profile:
        server.wait_quiet(0.2)
        start = time.time()
        page = open_page(profile, side.guide_url, errors).page
        page.evaluate("timeout => window.__bench.whenLoaded(timeout)", READY_TIMEOUT_MS)
        page.evaluate("timeout => window.__bench.whenPythonSettled(timeout)", READY_TIMEOUT_MS)
        end = server.wait_quiet(QUIET_S)
        figures["bytes_guide_page"] = server.bytes_between(start, end)
        figures["runtime_requests_guide_page"] = server.requests_between(start, end, side.runtime_path)
        figures["tbt_guide_ms"] = total_blocking_time(page, page.evaluate("() => performance.now()"))
    return figures


def cpu_summary(runs: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    """Each side's and visit's CPU by kind of thread, its total, and the cores it kept busy on average until ready."""
    cpu: dict[str, Any] = {}
    for side, side_runs in runs.items():
        cpu[side] = {}
        for visit in VISITS:
            totals = [sum(run[f"{visit} cpu {kind}"] for kind in KINDS) for run in side_runs]
            cpu[side][visit] = {
                **{kind: summary([run[f"{visit} cpu {kind}"] for run in side_runs]) for kind in KINDS},
                "total": summary(totals),
                "cores busy": summary([t / run[f"{visit}_ready_ms"] for t, run in zip(totals, side_runs, strict=True)]),
            }
    return cpu


def summary(values: list[float]) -> dict[str, Any]:
    """Median, min, max and every run's value."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def summarize(runs: dict[str, list[dict[str, float]]]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """Every run's figures summed up: the metrics (with ours/baseline), the phases, and the CPU (None without /proc)."""
    metrics: dict[str, Any] = {}
    for key, (label, unit) in METRICS.items():
        ours = summary([run[key] for run in runs["ours"]])
        baseline = summary([run[key] for run in runs["baseline"]])
        ratio = ours["median"] / baseline["median"] if baseline["median"] else None
        metrics[key] = {"label": label, "unit": unit, "ours": ours, "baseline": baseline, "ratio": ratio}
    phases = {
        side: {
            visit: {
                **{mark: summary([run[f"{visit} {mark}"] for run in runs[side]]) for mark in PHASES},
                "ready": metrics[f"{visit}_ready_ms"][side],
            }
            for visit in VISITS
        }
        for side in runs
    }
    measured_cpu = all(f"cold cpu {kind}" in run for side in runs.values() for run in side for kind in KINDS)
    return metrics, phases, cpu_summary(runs) if measured_cpu else None
