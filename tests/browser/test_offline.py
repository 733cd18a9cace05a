"""The site's service worker (service-worker.js): repeat and offline visits; a new build never mixed with the last."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, expect
from playwright.sync_api import Error as PlaywrightError

from generator import render
from scripts.pages_server import CACHE_CONTROL, PagesHandler, PagesServer
from tests.hooks import load_hook

from .conftest import SITE, SUB_PATH, Served
from .helpers import (
    PAGE_OF,
    SITE_CACHE_PREFIX,
    SNAPSHOT_CACHE,
    caches_once_kept,
    fill_form,
    preview_of,
    values_for,
    wait_ready,
)

site_cache = load_hook("site_cache")
SERVICE_WORKER = site_cache.SERVICE_WORKER

FORM_PAGE = PAGE_OF["thank-you"]
WASM = "assets/runtime/pyodide.asm.wasm"
# What a visit to the form page needs, by the address it is asked for.
FORM_PAGE_FILES = [
    FORM_PAGE,
    "assets/javascripts/page.mjs",
    "assets/javascripts/email-forms.mjs",
    "assets/javascripts/python-worker.mjs",
    "assets/runtime/pyodide.asm.wasm",
    "assets/runtime/python_stdlib.zip",
    "assets/runtime/pyodide-lock.json",
]


def site_cache_of(caches: dict[str, list[str]]) -> str:
    [name] = [name for name in caches if name.startswith(SITE_CACHE_PREFIX)]
    return name


def written_by_python(template_id: str) -> dict[str, str]:
    email = render(template_id, values_for(template_id))
    return {"subject": email.subject, "body": email.body}


def test_a_repeat_visit_asks_the_server_for_the_page_alone(
    open_context: Callable[[], BrowserContext], site_url: str, served: Served
) -> None:
    """Once the service worker has kept what the first visit downloaded, the next visit fetches only the page.

    The worker fills its cache from the browser's HTTP cache as it installs, so
    nothing is downloaded twice; the page is asked of the network every time.
    """
    page = open_context().new_page()
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    caches_once_kept(page, FORM_PAGE_FILES)
    first_visit = len(served.responses())

    page.reload()
    wait_ready(page, "thank-you")
    fill_form(page, "thank-you", values_for("thank-you"))
    wait_ready(page, "thank-you")

    assert preview_of(page, "thank-you") == written_by_python("thank-you")
    asked = {path.removeprefix(SUB_PATH) for path, _ in served.responses()[first_visit:]}
    # Python's WebAssembly goes through the browser's HTTP cache while online
    # (service-worker.js says why), which may ask the server whether it changed.
    assert asked <= {FORM_PAGE, SERVICE_WORKER, WASM}, "answered by the server, not the service worker"
    assert FORM_PAGE in asked


def test_a_reader_who_has_been_here_can_write_an_email_offline(
    open_context: Callable[[], BrowserContext], site_url: str
) -> None:
    """Offline, a form page visited before loads from the service worker's cache and Python writes the email."""
    context = open_context()
    page = context.new_page()
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    caches_once_kept(page, FORM_PAGE_FILES)

    context.set_offline(True)
    page.reload()
    wait_ready(page, "thank-you")
    fill_form(page, "thank-you", values_for("thank-you"))
    wait_ready(page, "thank-you")

    assert preview_of(page, "thank-you") == written_by_python("thank-you")
    # A page never visited is not there to show: the browser's own offline page, not another page's.
    with pytest.raises(PlaywrightError, match=r"net::ERR_"):
        page.goto(site_url + PAGE_OF["follow-up"])


def test_a_guide_page_reader_never_downloads_python(
    open_context: Callable[[], BrowserContext], site_url: str, served: Served
) -> None:
    """The service worker keeps what pages ask for and downloads nothing of its own: no runtime for guide pages."""
    page = open_context().new_page()
    for path in ["", "not-pushy/", "privacy/"]:
        page.goto(site_url + path)
    caches = caches_once_kept(page, ["", "assets/javascripts/page.mjs"])
    page.goto(site_url)
    page.wait_for_load_state("networkidle")

    assert not [path for path, _ in served.responses() if "/assets/runtime/" in path]
    assert not [path for path in caches[site_cache_of(caches)] if "assets/runtime/" in path]


# --- A new build of the site -------------------------------------------------


class _SwitchableSite(PagesServer):
    """Serves one built site or another at one origin: the same site before and after a deploy.

    As a reader's browser may have them: pages asked again each visit, other
    files still fresh in the HTTP cache from the last build.
    """

    def __init__(self) -> None:
        super().__init__({SUB_PATH: SITE}, handler=_SwitchableHandler)
        self.served: list[str] = []

    @property
    def root(self) -> Path:
        """The built site served now."""
        return self.mounts[SUB_PATH]

    @root.setter
    def root(self, folder: Path) -> None:
        self.mounts[SUB_PATH] = folder

    def cache_control_for(self, file: Path | None) -> str:
        return "no-cache" if file is None or file.suffix == ".html" else CACHE_CONTROL


class _SwitchableHandler(PagesHandler):
    server: _SwitchableSite

    def answer(self, with_body: bool) -> None:
        self.server.served.append(urlsplit(self.path).path.removeprefix(SUB_PATH))
        super().answer(with_body)


def next_build(site: Path, folder: Path) -> Path:
    """A copy of the built site in which a page and a script have changed, its service worker stamped anew."""
    shutil.copytree(site, folder)
    page = folder / FORM_PAGE / "index.html"
    page.write_text(page.read_text("utf-8").replace("<body ", '<body data-build="next" ', 1), "utf-8")
    script = folder / "assets" / "javascripts" / "email-forms.mjs"
    script.write_text(script.read_text("utf-8") + '\ndocument.body.dataset.formsBuild = "next";\n', "utf-8")
    site_cache.stamp_service_worker(folder)
    return folder


@pytest.fixture
def switchable_site(tmp_path: Path) -> Iterator[tuple[str, _SwitchableSite]]:
    server = _SwitchableSite()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url, server
    server.shutdown()
    server.server_close()


def test_a_new_build_is_never_served_with_the_last_builds_files(
    open_context: Callable[[], BrowserContext], switchable_site: tuple[str, _SwitchableSite], tmp_path: Path
) -> None:
    """After a deploy, the new page runs the new script, though the last build's copy is in both caches.

    The service worker of the last build sees the page is not of its build and
    leaves its cache alone; the new build's worker takes over, keeps what did not
    change, drops the last build's cache, and leaves Python's snapshot be.
    """
    url, server = switchable_site
    page = open_context().new_page()
    page.goto(url + FORM_PAGE)
    wait_ready(page, "thank-you")
    last = caches_once_kept(page, FORM_PAGE_FILES)

    server.root = next_build(SITE, tmp_path / "next")
    page.goto(url + FORM_PAGE)
    expect(page.locator("body")).to_have_attribute("data-build", "next")
    expect(page.locator("body")).to_have_attribute("data-forms-build", "next")
    wait_ready(page, "thank-you")

    # The next build's worker in charge: one site cache, the new one, holding the new script.
    for _ in range(100):
        caches = caches_once_kept(page, FORM_PAGE_FILES)
        if site_cache_of(caches) != site_cache_of(last):
            break
        page.wait_for_timeout(100)
    assert site_cache_of(caches) != site_cache_of(last)
    assert SNAPSHOT_CACHE in caches
    server.served.clear()
    page.goto(url + FORM_PAGE)
    expect(page.locator("body")).to_have_attribute("data-forms-build", "next")
    wait_ready(page, "thank-you")
    assert set(server.served) <= {FORM_PAGE, SERVICE_WORKER, WASM}
