"""Fixtures for the browser tests: the built site served under a sub-path, and Chromium with a route guard."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route, sync_playwright

from scripts import chromium
from scripts.chromium import CHROMIUM_FLAGS
from scripts.pages_server import PagesHandler, PagesServer, built_for

SITE = Path(__file__).resolve().parents[2] / "site"

# Playwright reports (and routes) the requests a service worker makes only with
# this set, in Chromium. It is read as the driver starts, so it is set as the
# tests load: the guards below then see the site's service worker's requests too.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


def _built_for() -> tuple[int, str]:
    """The port and path the site was built for (its site_url, as the sitemap gives it).

    Material's instant navigation only takes over links within site_url, so the
    tests serve the site exactly there: ./scripts/test builds it for
    http://127.0.0.1:8765/follow-up-politely/, a sub-path as on GitHub Pages, so
    any URL that assumes the site sits at / breaks here first.
    """
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)(/[^/]+/)", built_for(SITE) or "")
    if not match:
        return 0, "/follow-up-politely/"
    return int(match[1]), match[2]


PORT, SUB_PATH = _built_for()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


# Every response the site's server gave, (path, status), in order: what reached
# the server, as against what the browser answered from its cache.
_SERVED: list[tuple[str, int]] = []

# For the engine suite (engines/), whose drivers cannot watch the page's requests as Playwright does:
# the server also sends each page's own policy as a report-only header, so the engine reports each
# refusal here (from the page and every worker, from its first byte), and it is the engines' proxy,
# so a request for any other host arrives here too, and is refused and noted.
CSP_REPORT_PATH = "__csp-report"
ENGINE_WATCH = {"on": False}
CSP_REPORTS: list[dict[str, object]] = []
PROXIED: list[str] = []
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


class _SiteHandler(PagesHandler):
    """The site's server as GitHub Pages answers (scripts/pages_server.py), noting each response it gives.

    For the engine suite, it also sends each page's policy as a report-only
    header, takes the engines' reports, and notes each request they send it as
    their proxy.
    """

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # code is an HTTPStatus (an int) for every response; "-" only when there was none.
        _SERVED.append((urlsplit(self.path).path, int(code) if isinstance(code, int) else 0))

    def extra_headers(self, file: Path) -> dict[str, str]:
        if ENGINE_WATCH["on"] and file.suffix == ".html" and (policy := _POLICY.search(file.read_text())):
            return {"Content-Security-Policy-Report-Only": f"{policy[1]}; report-uri {SUB_PATH}{CSP_REPORT_PATH}"}
        return {}

    def refuse_proxy(self) -> None:
        PROXIED.append(self.path)
        super().refuse_proxy()

    def do_POST(self) -> None:
        if urlsplit(self.path).path != SUB_PATH + CSP_REPORT_PATH:
            if self.path.startswith(("http://", "https://")):
                PROXIED.append(self.path)
            self.send_error(405)
            return
        size = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
        try:
            CSP_REPORTS.append(json.loads(self.rfile.read(size) or b"{}"))
        except ValueError:
            CSP_REPORTS.append({"unreadable": True})
        self.send_response(204)
        self.end_headers()


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The built site, served on 127.0.0.1 under SUB_PATH."""
    if not (SITE / "index.html").exists() or not PORT or SUB_PATH == "/":
        pytest.fail("site/ is not built for the tests: run ./scripts/test (it builds the site for them first)")
    try:
        server = PagesServer({SUB_PATH: SITE}, port=PORT, handler=_SiteHandler)
    except OSError as error:
        pytest.fail(f"port {PORT}, which the site was built for, is taken ({error}); stop what uses it")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


def chromium_executable() -> str:
    """Chromium from CHROME_PATH, else `chromium` on PATH (./scripts/test provides one)."""
    executable = chromium.chromium_executable()
    if not executable:
        pytest.fail("no Chromium: set CHROME_PATH, or run ./scripts/test, which installs Debian's chromium")
    return executable


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium (chromium_executable) for the session's tests, each in a fresh context."""
    browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@dataclass
class Traffic:
    """Every request the browser made during a test (URL and body), and the ones the guard stopped."""

    urls: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    mail_app: list[str] = field(default_factory=list)
    from_service_worker: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        """Note one request, whoever made it: page, worker or theme."""
        if request.url.startswith("mailto:"):
            # Not a network request: a hand-over to the reader's own mail app.
            self.mail_app.append(request.url)
            return
        self.urls.append(request.url)
        if request.service_worker is not None:
            self.from_service_worker.append(request.url)
        body = request.post_data_buffer
        if body:
            self.bodies.append(body)

    def runtime_requests(self) -> list[str]:
        """Requests for the Python runtime or its worker."""
        return [u for u in self.urls if "/assets/runtime/" in u or "python-worker" in u]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("blob", "data") or parts.hostname == "127.0.0.1"


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@dataclass
class Served:
    """The responses the site's server gave from the start of a test on."""

    start: int

    def responses(self) -> list[tuple[str, int]]:
        """(path, status) of each response since the test began, in order."""
        return _SERVED[self.start :]


@pytest.fixture
def served(site_url: str) -> Served:
    return Served(len(_SERVED))


@pytest.fixture
def context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    """A fresh browser profile whose every request must stay on 127.0.0.1.

    The guard is registered before the first navigation, so start-up requests
    cannot slip past it; a request to any other host is aborted and fails the test.
    """
    # The site's service worker blocked: it answers a repeat visit from its own
    # cache, and these tests are of the page and Python, each from a fresh
    # start. It has tests of its own (test_offline.py, with `open_context`).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def guard(route: Route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        elif url.startswith("mailto:"):
            route.abort()  # headless Chromium has no mail app; keep the page where it is
        else:
            traffic.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.on("request", traffic.record)
    yield context
    context.close()
    outside = traffic.blocked + [u for u in traffic.urls if not _is_local(u)]
    assert not outside, f"requests left 127.0.0.1: {outside}"


@pytest.fixture
def open_context(
    playwright: Playwright, traffic: Traffic, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], BrowserContext]]:
    """Opens fresh browser profiles in which the site's service worker runs, every request watched.

    Each is a profile on disk, as a reader's browser has: the service worker
    keeps what the browser's HTTP cache holds, and an in-memory profile's cache
    does not keep a file as large as Python's WebAssembly. No route guard:
    Playwright turns the HTTP cache off in a context that routes requests.
    Every request is recorded instead, the service worker's too, and one that
    left 127.0.0.1 fails the test (the pages' policy refuses such requests in
    any case).
    """
    contexts: list[BrowserContext] = []

    def open_one() -> BrowserContext:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("profile"),
            executable_path=chromium_executable(),
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
            service_workers="allow",
        )
        context.on("request", traffic.record)
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()
    outside = [u for u in traffic.urls if not _is_local(u)]
    assert not outside, f"requests left 127.0.0.1: {outside}"


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any uncaught script error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    assert not errors, f"the page reported errors: {errors}"
