"""The engine suite's page: Firefox or WebKit, watched for CSP refusals, errors and requests off 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from scripts.engines import ENGINES, EngineMissing, EnginePage
from tests.browser import conftest as site

# Installed in each page as early as its engine allows (scripts/engines.py): notes the page's own CSP
# refusals and uncaught errors, and keeps each file the page offers for download.
COLLECTOR = """() => {
  if (window.__engine) return;
  const engine = (window.__engine = { violations: [], errors: [], downloads: [] });
  document.addEventListener("securitypolicyviolation", (event) =>
    engine.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  addEventListener("error", (event) => engine.errors.push(String(event.message)));
  addEventListener("unhandledrejection", (event) => engine.errors.push(String(event.reason)));
  const make = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    if (object instanceof Blob && !object.type.includes("javascript")) engine.downloads.push(object);
    return make.call(URL, object);
  };
}"""

ENGINE_NAMES = list(ENGINES)


@pytest.fixture(params=ENGINE_NAMES)
def engine_page(request: pytest.FixtureRequest, site_url: str) -> Iterator[EnginePage]:
    """A fresh profile of one engine; the test fails on any CSP refusal, error or request off 127.0.0.1."""
    site.ENGINE_WATCH["on"] = True
    reports_before, proxied_before = len(site.CSP_REPORTS), len(site.PROXIED)
    try:
        page = ENGINES[request.param](1280, 900, COLLECTOR, proxy_port=urlsplit(site_url).port or 80)
    except EngineMissing as missing:
        site.ENGINE_WATCH["on"] = False
        pytest.fail(str(missing))
    try:
        yield page
        problems = page_problems(page)
    finally:
        page.close()
        site.ENGINE_WATCH["on"] = False
    time.sleep(0.5)  # a report the engine sent as the page closed
    assert problems == {"violations": [], "errors": []}
    assert site.CSP_REPORTS[reports_before:] == [], "the engine reported CSP refusals"
    assert site.PROXIED[proxied_before:] == [], "requests left 127.0.0.1"


def page_problems(page: EnginePage) -> dict[str, list[str]]:
    """The page's CSP refusals and uncaught errors, as the collector and the engine's own log saw them."""
    seen = page.evaluate("() => window.__engine ? { violations: __engine.violations, errors: __engine.errors } : null")
    seen = seen or {"violations": [], "errors": ["the collector was not installed"]}
    seen["errors"] += page.logged_errors()
    return seen
