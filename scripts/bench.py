"""The benchmark: the site's form page against the standard way of running Pyodide, in headless Chromium.

Run it through ./scripts/bench, which builds the site first. Both sides are served
here on 127.0.0.1 the way GitHub Pages serves the site (gzip, max-age=600,
validators and 304s), and driven by the same measuring code (scripts/bench_pages/measure.js):

- ours: the site's thank-you/ page, Python in a module Web Worker, started by the form;
- baseline: scripts/bench_pages/baseline.html, the same runtime and wheels loaded on the main
  thread, eagerly at page load, as the Pyodide documentation shows, with the
  standard library as Pyodide publishes it (sources; the site serves its own,
  precompiled and trimmed, which is one of the levers measured here).

Each figure is the median over the runs, with min and max; the report ends
with the issue's targets, each judged on an interval of its median
(bench_targets.py). The report goes to stdout, the figures to a JSON file.
This is a measurement, not a test: the tests only run a short smoke of it
(tests/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import html
import io
import itertools
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from bench_targets import judge, targets_rows
from browser_cpu import KINDS, Thread, browser_threads, cpu_ms_by_kind
from browser_idle import wait_until_idle
from chromium_flags import CHROMIUM_FLAGS
from form_memory import form_page_memory
from playwright.sync_api import BrowserContext, Error, Page, Playwright, sync_playwright

from generator import get_template, render_preview

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
SITE_RUNTIME = SITE / "assets" / "runtime"
STOCK_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
BENCH_PAGES = ROOT / "scripts" / "bench_pages"
DEFAULT_JSON = ROOT / "build" / "bench.json"

# The site lives under the repository's sub-path on GitHub Pages; the baseline
# beside it, with the site's own runtime files (the very same bytes).
SITE_PATH = "/follow-up-politely/"
SITE_RUNTIME_PATH = SITE_PATH + "assets/runtime/"
BASELINE_PATH = "/baseline/"
BASELINE_RUNTIME_PATH = "/baseline/runtime/"

OURS_FORM_PAGE = "thank-you/"
OURS_GUIDE_PAGE = "not-pushy/"  # a guide page without a form
TYPED_FIELD = "candidate_name"
# Typed after one untimed first letter: a name, then deleted back to that letter,
# again and again. Inserts and deletions both, and the field never empties (an
# empty form shows the guide's example, a different path).
KEY_CYCLE = [*"na Lima", *["Backspace"] * len("na Lima")]


READY_TIMEOUT_MS = 60_000
KEY_TIMEOUT_MS = 10_000
TBT_AFTER_READY_MS = 1_000  # total blocking time counts from navigation to ready + 1 s
QUIET_S = 1.0  # a page without a form is done once the network has been quiet this long after load
# A reader's connection, emulated by Chromium (DevTools network emulation, which
# also holds back the worker's downloads): 10 Mbit/s each way, 100 ms round trip.
LINK = {"offline": False, "latency": 100, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
LINK_READY_TIMEOUT_MS = 120_000

LIGHTHOUSE_VERSION = "12.2.3"


# --- The server --------------------------------------------------------------

# GitHub Pages (behind Fastly) answers with gzip when the browser accepts it,
# for text, JavaScript, JSON, XML, SVG and, as assumed here, WebAssembly
# (application/wasm); archives (zip, whl, gz) and images go as they are. The
# level of its gzip is not published: 6, zlib's default, is assumed. Every
# response may be cached for 10 minutes (Cache-Control: max-age=600) and has
# an ETag and Last-Modified, so a repeat visit within 10 minutes is served
# from the browser's cache and a later one revalidates with a 304.
CACHE_CONTROL = "max-age=600"
# A returning reader comes back after max-age has passed (the next day, say):
# served from a second server whose files expire this soon, and visited once
# that is over, so the browser must revalidate whatever it has not kept otherwise.
REVISIT_MAX_AGE_S = 2
REVISIT_READ_S = 3.0  # the first visit's page stays open this long after ready, as a reader reads
GZIP_LEVEL = 6
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/octet-stream",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|wasm)|image/svg\+xml)")
CHUNK = 64 * 1024  # written piece by piece, so the log of bytes sent has a fine grain


@dataclass(frozen=True)
class _Entry:
    """One file, ready to send: as it is, and gzipped when its type is compressible."""

    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str
    last_modified: str
    mtime: int

    @classmethod
    def of(cls, body: bytes, suffix: str, mtime: float) -> _Entry:
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        gzipped = gzip.compress(body, GZIP_LEVEL, mtime=0) if COMPRESSIBLE.match(content_type) else None
        tag = f"{int(mtime * 1000):x}-{len(body):x}"
        return cls(body, gzipped, content_type, tag, email.utils.formatdate(mtime, usegmt=True), int(mtime))


class BenchServer(ThreadingHTTPServer):
    """The site under SITE_PATH and the baseline under BASELINE_PATH, served as GitHub Pages would.

    Every file is read and compressed once, at start, so no response waits on
    gzip. The server logs each piece of every response it sends (time, bytes),
    which is what the bytes-transferred figures are summed from.
    """

    daemon_threads = True

    def __init__(
        self,
        mounts: dict[str, Path],
        replaced: dict[Path, bytes],
        cache_control: str = CACHE_CONTROL,
        entries: dict[Path, _Entry] | None = None,
    ) -> None:
        """`entries`: the files as another server of the same mounts read and compressed them, to share."""
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mounts = sorted(mounts.items(), key=lambda mount: -len(mount[0]))
        self.cache_control = cache_control
        self.entries: dict[Path, _Entry] = entries if entries is not None else {}
        for root in [] if entries is not None else mounts.values():
            for path in root.rglob("*"):
                if path.is_file() and path not in self.entries:
                    body = replaced.get(path) or path.read_bytes()
                    self.entries[path] = _Entry.of(body, path.suffix, path.stat().st_mtime)
        self.sent: list[tuple[float, int]] = []
        self.asked: list[tuple[float, str]] = []  # (time, URL path) of every request
        self.active = 0
        self.last_activity = time.time()
        self.lock = threading.Lock()

    @property
    def origin(self) -> str:
        """The server's origin, http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.server_port}"

    def resolve(self, path: str) -> tuple[_Entry | None, str | None]:
        """The file a URL path names, or where to redirect (a folder without its slash), or neither."""
        for prefix, root in self.mounts:
            if path == prefix.rstrip("/"):
                return None, prefix
            if not path.startswith(prefix):
                continue
            parts = [part for part in path[len(prefix) :].split("/") if part]
            if any(part in (".", "..") or "\\" in part for part in parts):
                return None, None
            target = root.joinpath(*parts)
            if target.is_dir():
                if not path.endswith("/"):
                    return None, path + "/"
                target = target / "index.html"
            return self.entries.get(target), None
        return None, None

    def not_found(self, path: str) -> _Entry:
        """GitHub Pages answers a missing page of the site with its 404.html."""
        page = self.entries.get(SITE / "404.html")
        if path.startswith(SITE_PATH) and page:
            return page
        return _Entry.of(b"Not found\n", ".txt", 0)

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Count a request in flight while it is answered."""
        with self.lock:
            self.active += 1
            self.last_activity = time.time()
        try:
            yield
        finally:
            with self.lock:
                self.active -= 1
                self.last_activity = time.time()

    def note_sent(self, size: int) -> None:
        """Log a piece of a response, headers or body, as it leaves."""
        now = time.time()
        with self.lock:
            self.sent.append((now, size))
            self.last_activity = now

    def note_asked(self, path: str) -> None:
        """Log a request's URL path as it comes in."""
        with self.lock:
            self.asked.append((time.time(), path))

    def requests_between(self, start: float, end: float, under: str) -> int:
        """Requests for paths under `under` that came in after `start` and up to `end`."""
        with self.lock:
            return sum(1 for at, path in self.asked if start < at <= end and path.startswith(under))

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes sent (headers and bodies, as on the wire) after `start` and up to `end`, in seconds since the epoch."""
        with self.lock:
            return sum(size for at, size in self.sent if start < at <= end)

    def wait_quiet(self, quiet_s: float, timeout_s: float = 60) -> float:
        """Wait until no request has been in flight for `quiet_s`; the time the quiet began."""
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            with self.lock:
                active, last = self.active, self.last_activity
            if not active and time.time() - last >= quiet_s:
                return last
            time.sleep(0.02)
        raise TimeoutError(f"the network never went quiet for {quiet_s} s")

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser context closing drops its connections; that needs no traceback."""


class _CountingWriter:
    """The handler's output, logging each write to the server."""

    def __init__(self, raw: io.BufferedIOBase, server: BenchServer) -> None:
        self.raw = raw
        self.server = server

    def write(self, data: bytes) -> int:
        written = self.raw.write(data)
        self.server.note_sent(len(data))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and Pages use
    server: BenchServer

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self.server)  # type: ignore[assignment]

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        with self.server.busy():
            path = unquote(urlsplit(self.path).path)
            self.server.note_asked(path)
            entry, redirect = self.server.resolve(path)
            if redirect:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if entry is None:
                entry, status = self.server.not_found(path), HTTPStatus.NOT_FOUND
            zipped = entry.gzipped is not None and _accepts_gzip(self.headers.get("Accept-Encoding", ""))
            etag = f'"{entry.etag}-gzip"' if zipped else f'"{entry.etag}"'
            if status == HTTPStatus.OK and self._not_modified(entry, etag):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self._validators(entry, etag)
                self.end_headers()
                return
            payload = entry.gzipped if zipped and entry.gzipped is not None else entry.body
            self.send_response(status)
            self.send_header("Content-Type", entry.content_type)
            self.send_header("Content-Length", str(len(payload)))
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self._validators(entry, etag)
            self.end_headers()
            if with_body:
                for offset in range(0, len(payload), CHUNK):
                    self.wfile.write(payload[offset : offset + CHUNK])

    def _validators(self, entry: _Entry, etag: str) -> None:
        self.send_header("Cache-Control", self.server.cache_control)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", entry.last_modified)
        self.send_header("Access-Control-Allow-Origin", "*")
        if entry.gzipped is not None:
            self.send_header("Vary", "Accept-Encoding")

    def _not_modified(self, entry: _Entry, etag: str) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return etag in tags or "*" in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            with contextlib.suppress(TypeError, ValueError):
                return entry.mtime <= email.utils.parsedate_to_datetime(if_modified_since).timestamp()
        return False

    def log_message(self, format: str, *args: object) -> None:
        pass


def _accepts_gzip(accept_encoding: str) -> bool:
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def baseline_form(template_id: str) -> str:
    """The baseline's form, from the catalog as the site's own: same field ids, kinds and defaults.

    Its preview holds the guide's example, as the site's does before Python answers.
    """
    template = get_template(template_id)
    example = render_preview(template_id, template.example_values()).email
    rows = []
    for spec in template.fields:
        control_id = f"baseline-{spec.id}"
        attributes = f'id="{control_id}" name="{html.escape(spec.id)}"'
        if spec.kind == "choice":
            options = "".join(
                f'<option value="{html.escape(choice.value)}"{" selected" if choice.value == spec.example else ""}>'
                f"{html.escape(choice.label)}</option>"
                for choice in spec.choices
            )
            control = f"<select {attributes}>{options}</select>"
        elif spec.kind == "long-text":
            control = f'<textarea {attributes} rows="3"></textarea>'
        else:
            kind = "email" if spec.kind == "email" else "text"
            control = f'<input {attributes} type="{kind}" autocomplete="{html.escape(spec.autocomplete)}">'
        rows.append(f'<label for="{control_id}">{html.escape(spec.label)}</label>\n{control}')
    fields = "\n".join(rows)
    return (
        f'<form data-template="{html.escape(template_id)}" novalidate>\n{fields}\n'
        "<h2>Preview</h2>\n"
        f'<p data-output="subject">{html.escape(example.subject)}</p>\n'
        f'<div data-output="body">{html.escape(example.body)}</div>\n'
        "</form>"
    )


def baseline_runtime(scratch: Path) -> Path:
    """The baseline's runtime: the site's files, but the standard library that Pyodide publishes."""
    for source in SITE_RUNTIME.iterdir():
        (scratch / source.name).symlink_to(source.resolve())
    (scratch / "python_stdlib.zip").unlink()
    (scratch / "python_stdlib.zip").symlink_to(STOCK_STDLIB.resolve())
    return scratch


def baseline_pages() -> dict[Path, bytes]:
    """The baseline's pages with their `<!-- bench: form ID -->` marker replaced by that form."""
    pages = {}
    for page in BENCH_PAGES.glob("*.html"):
        text = re.sub(r"<!-- bench: form ([\w-]+) -->", lambda m: baseline_form(m.group(1)), page.read_text())
        pages[page] = text.encode()
    return pages


# --- Measuring ---------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its form page, its page without a form, and the URL path of its runtime."""

    name: str
    form_url: str
    guide_url: str
    runtime_path: str


METRICS: dict[str, tuple[str, str]] = {
    # key: (label in the table, unit)
    "cold_ready_ms": ("cold time-to-ready", "ms"),
    "warm_ready_ms": ("warm time-to-ready (repeat visit)", "ms"),
    "cold_ready_link_ms": ("cold time-to-ready, 10 Mbit/s 100 ms link", "ms"),
    "revisit_ready_link_ms": ("repeat visit after max-age, 10 Mbit/s 100 ms link", "ms"),
    "tbt_cold_ms": ("total blocking time, cold", "ms"),
    "tbt_warm_ms": ("total blocking time, warm", "ms"),
    "tbt_guide_ms": ("total blocking time, guide page", "ms"),
    "keystroke_p50_ms": ("keystroke-to-preview p50", "ms"),
    "keystroke_p95_ms": ("keystroke-to-preview p95", "ms"),
    "bytes_guide_page": ("bytes, guide page without a form", "B"),
    "runtime_requests_guide_page": ("runtime files asked for, guide page", "requests"),
    "bytes_form_at_load": ("bytes, form page by its load event", "B"),
    "bytes_form_ready": ("bytes, form page once Python is ready", "B"),
    "bytes_form_warm": ("bytes, form page repeat visit to ready", "B"),
}

DEFINITIONS = {
    "cold_ready_ms": "Fresh browser profile on disk (empty caches), in a new tab left until the browser "
    "is idle (opening a tab costs Chromium about a second of CPU of its own): navigation start to the "
    'first form[data-template][data-ready="true"], i.e. the first preview rendered by Python; '
    "performance.now() in the page, from a MutationObserver.",
    "warm_ready_ms": "The same, on a second visit in a new tab of the same profile (HTTP cache and "
    "Chromium's caches of compiled code warm, within max-age: no request reaches the server for "
    "cached files; ours restores the snapshot of Python its first visit kept in Cache Storage).",
    "cold_ready_link_ms": "The cold visit again, in another fresh profile, over a connection Chromium "
    "emulates (DevTools network emulation, which holds back the worker's downloads too): 10 Mbit/s "
    "each way, 100 ms round trip. Served the same way; only the link differs.",
    "revisit_ready_link_ms": "A returning reader, the next day: in another fresh profile, a first visit "
    "on loopback, its page left open 3 s after ready; then, once the files' max-age has passed (served "
    f"with max-age={REVISIT_MAX_AGE_S} for this), a visit over the same emulated link, navigation to "
    "ready. The browser must revalidate each file it holds (304), unless something else answers for it.",
    "tbt_cold_ms": "Sum over the main thread's long tasks (PerformanceObserver 'longtask') that start "
    "between navigation and ready + 1 s, of (duration - 50 ms). Cold visit.",
    "tbt_warm_ms": "The same, on the warm visit.",
    "tbt_guide_ms": "The same, on bytes_guide_page's cold visit of a page without a form, over long tasks "
    "that start before the network has been quiet for 1 s after the load event (and, for the baseline, "
    "Python has loaded).",
    "keystroke_p50_ms": f"On the warm page, once ready: keys typed one at a time into {TYPED_FIELD} "
    "(each waits for the last to show: its preview and check in the page, then one frame drawn), "
    "from the keydown event's timeStamp to the next change of the preview's text ([data-output], "
    "MutationObserver). Median of the run's keystrokes.",
    "keystroke_p95_ms": "The same, 95th percentile.",
    "bytes_guide_page": "Cold visit of a page without a form (ours: not-pushy/; the baseline: its loader as "
    "a site-wide script, which the standard way runs on every page): bytes the server sent, headers "
    "and gzipped bodies, from navigation until the network has been quiet for 1 s after the load "
    "event (and, for the baseline, after Python has loaded).",
    "runtime_requests_guide_page": "The same visit: requests that reached the server for the side's runtime "
    "files (its folder of Pyodide's files and the wheels). The issue asks that a page without a form "
    "fetch none.",
    "bytes_form_at_load": "Cold visit of the form page, no interaction: bytes the server sent from "
    "navigation up to the window's load event, including the parts of downloads still in flight. "
    "Both sides start Python at page load today, so this is not what a reader who never types "
    "downloads in all: see bytes_form_ready.",
    "bytes_form_ready": "Cold visit of the form page: bytes the server sent from navigation until the "
    "first preview rendered by Python.",
    "bytes_form_warm": "Warm visit of the form page: bytes the server sent from navigation until ready.",
    "phases": "On the cold and warm visits above, when each moment of Python's start came, in ms since "
    "navigation: User Timing marks (python:asked, python:start, python:runtime, python:engine) that "
    "both sides make, ours in the page and in its Python worker (whose clock is lined up with the "
    "page's through performance.timeOrigin), then ready.",
    "cpu": "On the cold and warm visits above, the CPU time the whole browser used from just before the "
    "navigation to just after ready (the harness reads it once the page has said it is ready, a few ms "
    "later), in ms, by kind of thread (scripts/browser_cpu.py): "
    + "; ".join(f"{kind}: {meaning}" for kind, meaning in KINDS.items())
    + ". 'cores busy' is the total over the time to ready. Read from /proc (Linux); absent elsewhere.",
}


# The moments of Python's start that both sides mark (User Timing marks named
# python:*, in the page and in the site's Python worker), in order; with ready
# after them, they show where a visit's time to ready goes.
PHASES: dict[str, str] = {
    "python:asked": "Python asked for",  # ours: the page makes the worker; baseline: its module runs
    "python:start": "start code runs",  # ours: the worker's script; baseline: the same module
    "python:runtime": "runtime started",  # loadPyodide has resolved, the engine's wheels are in place
    "python:engine": "engine imported",  # generator.api
}
VISITS = ("cold", "warm")


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
            context.add_init_script(path=BENCH_PAGES / "measure.js")
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


# --- Lighthouse --------------------------------------------------------------


def lighthouse_command() -> list[str]:
    """LIGHTHOUSE (a command line) if set, else the project's own lighthouse through npx, never a download."""
    if os.environ.get("LIGHTHOUSE"):
        return shlex.split(os.environ["LIGHTHOUSE"])
    return ["npx", "--no-install", "lighthouse"]


LIGHTHOUSE_AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "speed-index",
    "cumulative-layout-shift",
)


def run_lighthouse(
    urls: dict[str, str], chrome: str, runs: int, flags: Sequence[str] = CHROMIUM_FLAGS
) -> dict[str, Any]:
    """Lighthouse's mobile Performance score (its default form factor and simulated throttling) for each URL.

    Lighthouse slows the CPU times it observes by 4, so other work on the
    machine lowers the score too (through total blocking time).
    """
    results: dict[str, Any] = {}
    for name, url in urls.items():
        done = []
        for _ in range(runs):
            started = time.monotonic()
            run = _lighthouse_once(url, chrome, flags)
            if isinstance(run, str):
                results[name] = {"url": url, "error": run}
                break
            say(f"bench: Lighthouse, {name}: {run['score']} ({time.monotonic() - started:.0f} s)")
            done.append(run)
        else:
            results[name] = {
                "url": url,
                "score": statistics.median(run["score"] for run in done),
                "scores": [run["score"] for run in done],
                "audits_median": {
                    audit: statistics.median(run["audits"][audit] for run in done)
                    for audit in LIGHTHOUSE_AUDITS
                    if all(audit in run["audits"] for run in done)
                },
                "runs": done,
            }
    return results


def lighthouse_report(
    url: str, chrome: str, categories: list[str], extra: list[str], flags: Sequence[str] = CHROMIUM_FLAGS
) -> dict[str, Any] | str:
    """One run of the pinned Lighthouse in headless Chromium: its JSON report, or what went wrong."""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        command = [
            *lighthouse_command(),
            url,
            f"--only-categories={','.join(categories)}",
            *extra,
            "--output=json",
            f"--output-path={report_path}",
            "--quiet",
            f"--chrome-flags={' '.join(flags)}",  # its launcher makes its own fresh profile
        ]
        env = {**os.environ, "CHROME_PATH": chrome}
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"lighthouse did not run ({error}); add lighthouse@{LIGHTHOUSE_VERSION} to the npm packages"
        if done.returncode != 0 or not report_path.exists():
            said = " | ".join((done.stderr or done.stdout).strip().splitlines()[-5:])
            return f"lighthouse exited with status {done.returncode}: {said}"
        report: dict[str, Any] = json.loads(report_path.read_text())
    return report


def _lighthouse_once(url: str, chrome: str, flags: Sequence[str]) -> dict[str, Any] | str:
    """One Lighthouse run: its score and main audits, or what went wrong."""
    report = lighthouse_report(url, chrome, ["performance"], [], flags)
    if isinstance(report, str):
        return report
    score = report["categories"]["performance"]["score"]
    audits = {audit: report["audits"].get(audit, {}).get("numericValue") for audit in LIGHTHOUSE_AUDITS}
    return {
        "score": round(score * 100) if score is not None else 0,
        "audits": {audit: value for audit, value in audits.items() if value is not None},
        "runtime_error": report.get("runtimeError", {}).get("message"),
    }


# --- Reporting ---------------------------------------------------------------


def machine_info(browser_version: str) -> dict[str, Any]:
    """What ran the benchmark: cores, CPU, Chromium, Python and Pyodide."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    pyodide = "unknown"
    with contextlib.suppress(OSError, ValueError, KeyError):
        pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "chromium": browser_version,
        "python": sys.version.split()[0],
        "pyodide": pyodide,
        "platform": sys.platform,
        # Other work on the machine slows both sides; the figures mean most when this is low.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _show(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 1024:,.0f} KiB" if value < 1024 * 1024 else f"{value / 1024 / 1024:,.2f} MiB"
    if unit == "requests":
        return f"{value:,.0f}"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def table(results: dict[str, Any]) -> str:
    """The figures as a plain-text table: metric | ours | baseline | ours/baseline."""
    rows: list[tuple[str, ...]] = [("metric", "ours median [min–max]", "baseline median [min–max]", "ours/baseline")]
    for key, (label, unit) in METRICS.items():
        metric = results["metrics"][key]
        cells = []
        for side in ("ours", "baseline"):
            s = metric[side]
            cells.append(f"{_show(s['median'], unit)} [{_show(s['min'], unit)}–{_show(s['max'], unit)}]")
        ratio = metric["ratio"]
        rows.append((label, *cells, "–" if ratio is None else f"{ratio:.3g}"))
    return aligned(rows)


def aligned(rows: list[tuple[str, ...]]) -> str:
    """Rows of cells as plain-text columns, the first row a header underlined with dashes."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def phase_table(phases: dict[str, Any]) -> str:
    """Where time to ready goes: each side's moments of Python's start, medians in ms since navigation."""
    rows: list[tuple[str, ...]] = [("visit", "side", *PHASES.values(), "ready")]
    rows += [
        (visit, side, *(f"{phases[side][visit][mark]['median']:,.0f}" for mark in [*PHASES, "ready"]))
        for visit in VISITS
        for side in phases
    ]
    return "Where time to ready goes (medians, ms since navigation; python:* marks):\n" + aligned(rows)


def cpu_table(cpu: dict[str, Any]) -> str:
    """Who used the CPU until ready: each side's medians by kind of thread, in ms, and the cores kept busy."""
    rows: list[tuple[str, ...]] = [("visit", "side", *KINDS, "total", "cores busy")]
    rows += [
        (
            visit,
            side,
            *(f"{cpu[side][visit][kind]['median']:,.0f}" for kind in [*KINDS, "total"]),
            f"{cpu[side][visit]['cores busy']['median']:.2f}",
        )
        for visit in VISITS
        for side in cpu
    ]
    return (
        "Who used the CPU until ready (medians, ms of CPU time; browser_cpu.KINDS says what each holds):\n"
        + aligned(rows)
    )


def memory_table(memory: dict[str, int | str | None]) -> str:
    """The form page's peak memory in each engine (form_memory.py), or why it has none."""
    rows = [("engine", "peak of the page's process")]
    for engine, peak in memory.items():
        shown = f"{peak / 1e6:.0f} MB" if isinstance(peak, int) else (peak or "not read (no /proc here)")
        rows.append((engine, shown))
    return "The form page's peak memory, one visit typed through (Python, JavaScript and the engine's own):\n" + (
        aligned(rows)
    )


def report(results: dict[str, Any]) -> str:
    """The whole printed report: settings, machine, table, Lighthouse and anything that went wrong."""
    machine = results["machine"]
    settings = results["settings"]
    out = [
        f"Benchmark: {settings['runs']} run(s), {settings['keystrokes']} keystrokes a run; "
        "each cell is the median over the runs [min–max]; ratio = median ours / median baseline.",
        f"Machine: {machine['nproc']} cores, {machine['cpu_model']}, Chromium {machine['chromium']}, "
        f"Pyodide {machine['pyodide']}, Python {machine['python']} (server and harness); load average "
        f"{machine['load_average_at_start'][0]:g} at start, {machine['load_average_at_end'][0]:g} at end.",
        f"Ours: {results['pages']['ours']['form']}   Baseline: {results['pages']['baseline']['form']}",
        *(
            [f"Chromium flags added for this run (an experiment, not a reader's browser): {' '.join(added)}"]
            if (added := settings.get("chromium_flags_added"))
            else []
        ),
        "",
        table(results),
        "",
        phase_table(results["phases"]),
        "",
        cpu_table(results["cpu"]) if results["cpu"] else "Who used the CPU: not read (no /proc here).",
        "",
        "The issue's targets (bench_targets.py): the median over the runs, an interval holding it with the "
        "probability given (ratios: ours' run over the baseline's run beside it), and the verdict: met or "
        "not met when the whole interval is, at the line when it holds the limit.",
        aligned(targets_rows(results["targets"])),
        "",
        memory_table(results["memory"]),
        "",
        "bytes: what the server sent (headers + gzipped bodies). By the load event: downloads in flight count "
        "as far as they got. Baseline guide page: its loader as a site-wide script (Python on every page).",
    ]
    lighthouse = results.get("lighthouse")
    if lighthouse:
        out += ["", "Lighthouse (mobile, Performance; its targets are judged above):"]
        for name, result in lighthouse.items():
            if "score" in result:
                tbt = result["audits_median"].get("total-blocking-time")
                lcp = result["audits_median"].get("largest-contentful-paint")
                detail = f"; TBT {tbt:.0f} ms, LCP {lcp:.0f} ms" if tbt is not None and lcp is not None else ""
                out.append(f"  {name}: {result['score']:g} {result['scores']}{detail}  {result['url']}")
            if "error" in result:
                out.append(f"  {name}: {result['error']}")
    if results["problems"]["page_errors"]:
        out += ["", "Errors the pages reported:", *(f"  {e}" for e in results["problems"]["page_errors"][:20])]
    if results["problems"]["requests_off_machine"]:
        out += ["", "Requests to other hosts:", *(f"  {u}" for u in results["problems"]["requests_off_machine"][:20])]
    return "\n".join(out)


# --- Main --------------------------------------------------------------------


def say(message: str) -> None:
    """Progress, on stderr: stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def find_chromium() -> str:
    """CHROME_PATH if set, else `chromium` on PATH, as the browser tests."""
    executable = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not executable:
        sys.exit("bench: no Chromium: set CHROME_PATH, or install chromium (Debian: apt-get install chromium)")
    return executable


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    parser.add_argument("--keystrokes", type=int, default=200, help="keystrokes timed a run (default 200)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where the figures go (default build/bench.json)"
    )
    parser.add_argument("--smoke", action="store_true", help="a quick check that it all works: 1 run, 20 keystrokes")
    parser.add_argument(
        "--lighthouse",
        action="store_true",
        help=f"also Lighthouse's mobile Performance score of a guide page, a form page and the baseline "
        f"(needs lighthouse@{LIGHTHOUSE_VERSION} in node_modules, or LIGHTHOUSE=<command>)",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs a page (default 1)")
    parser.add_argument(
        "--chromium-flag",
        action="append",
        default=[],
        metavar="FLAG",
        dest="chromium_flags",
        help="for an experiment: a flag Chromium starts with after the project's own, on both sides and for "
        "Lighthouse, given with '=' (e.g. --chromium-flag=--js-flags=--liftoff-only); may be repeated; "
        "the report names it",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs, args.keystrokes = 1, 20
    if args.runs < 1 or args.keystrokes < 2 or args.lighthouse_runs < 1:
        parser.error("--runs and --lighthouse-runs must be at least 1, --keystrokes at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (SITE / OURS_FORM_PAGE / "index.html").exists():
        sys.exit("bench: site/ is not built; run ./scripts/bench (it builds the site first)")
    chrome = find_chromium()
    flags = [*CHROMIUM_FLAGS, *args.chromium_flags]

    say("bench: reading and compressing the site and the baseline")
    with tempfile.TemporaryDirectory() as scratch:
        mounts = {SITE_PATH: SITE, BASELINE_PATH: BENCH_PAGES, BASELINE_RUNTIME_PATH: baseline_runtime(Path(scratch))}
        server = BenchServer(mounts, baseline_pages())
        expiring = BenchServer(mounts, {}, cache_control=f"max-age={REVISIT_MAX_AGE_S}", entries=server.entries)
    for each in (server, expiring):
        threading.Thread(target=each.serve_forever, daemon=True).start()
    sides = [
        Side(
            "ours",
            server.origin + SITE_PATH + OURS_FORM_PAGE,
            server.origin + SITE_PATH + OURS_GUIDE_PAGE,
            SITE_RUNTIME_PATH,
        ),
        Side(
            "baseline",
            server.origin + BASELINE_PATH + "baseline.html",
            server.origin + BASELINE_PATH + "baseline-guide.html",
            BASELINE_RUNTIME_PATH,
        ),
    ]
    errors: list[str] = []
    outside: list[str] = []
    runs: dict[str, list[dict[str, float]]] = {side.name: [] for side in sides}
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chrome, args=flags)
            machine = machine_info(browser.version)
            browser.close()
            if not args.smoke:
                say("bench: a warm-up visit of each side (not counted)")
                for side in sides:
                    with fresh_profile(driver, chrome, outside, flags) as profile:
                        visit_form(profile, server, side.form_url, errors)[0].close()
            for run in range(args.runs):
                # Alternate which side goes first, so a drift in the machine's speed hits both alike.
                for side in sides if run % 2 == 0 else sides[::-1]:
                    say(f"bench: run {run + 1}/{args.runs}: {side.name}")
                    runs[side.name].append(
                        measure_run(driver, chrome, (server, expiring), side, args.keystrokes, errors, outside, flags)
                    )
            say("bench: the form page's peak memory in Chromium, Firefox and WebKit")
            memory = form_page_memory(driver, chrome, flags, sides[0].form_url, server.server_port)
        lighthouse = None
        if args.lighthouse:
            say("bench: Lighthouse (mobile), one page at a time")
            lighthouse = run_lighthouse(
                {
                    "guide page": sides[0].guide_url,
                    "form page": sides[0].form_url,
                    "baseline form page": sides[1].form_url,
                },
                chrome,
                args.lighthouse_runs,
                flags,
            )
    finally:
        for each in (server, expiring):
            each.shutdown()
            each.server_close()

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
    cpu = (
        cpu_summary(runs)
        if all(f"cold cpu {kind}" in run for side in runs.values() for run in side for kind in KINDS)
        else None
    )
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results: dict[str, Any] = {
        "settings": {
            "runs": args.runs,
            "keystrokes": args.keystrokes,
            "smoke": args.smoke,
            "chromium_flags_added": args.chromium_flags,
        },
        "machine": machine,
        "pages": {side.name: {"form": side.form_url, "guide": side.guide_url} for side in sides},
        "definitions": DEFINITIONS,
        "metrics": metrics,
        "phases": phases,
        "cpu": cpu,
        "lighthouse": lighthouse,
        "memory": memory,
        "targets": judge({"metrics": metrics, "lighthouse": lighthouse}),
        "problems": {"page_errors": errors, "requests_off_machine": sorted(set(outside))},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    say(f"bench: figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
