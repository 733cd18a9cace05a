"""The privacy promise, proven in Chromium: the policy binds page and worker, and nothing typed leaves or stays."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from generator import get_template

from .conftest import SITE, Served, Traffic
from .helpers import (
    PAGE_OF,
    SITE_CACHE_PREFIX,
    SNAPSHOT_CACHE,
    caches_once_kept,
    fill_form,
    form_of,
    python_worker,
    wait_ready,
)

CANARY = "CANARY-q7x3"
PAGES = sorted(
    "" if path.parent == SITE else f"{path.parent.relative_to(SITE).as_posix()}/" for path in SITE.glob("**/index.html")
)
# Another origin on the same machine: the guard would let it through, so only
# the page's policy can be what stops it.
OTHER_ORIGIN = "http://127.0.0.1:9/"
OUTSIDE = "http://example.org/"

# Collects the page's policy violations from the very start of every document.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(context: BrowserContext) -> BrowserContext:
    context.add_init_script(WATCH_VIOLATIONS)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def canary_values(template_id: str) -> dict[str, str]:
    """The canary in every field that takes text (an address for the email field)."""
    values = {}
    for spec in get_template(template_id).fields:
        if spec.kind == "email":
            values[spec.id] = f"{CANARY.lower()}@example.com"
        elif spec.kind != "choice":
            values[spec.id] = f"{CANARY} {spec.id}"
    return values


def run_full_flow(page: Page, template_id: str) -> None:
    """Everything a reader can do with a form: type, preview, both copies, the mail-app link."""
    form = form_of(page, template_id)
    wait_ready(page, template_id)
    fill_form(page, template_id, canary_values(template_id))
    wait_ready(page, template_id)
    form.locator('[data-action="copy-subject"]').click()
    expect(form.locator('[role="status"]')).to_contain_text("Subject copied")
    form.locator('[data-action="copy-body"]').click()
    expect(form.locator('[role="status"]')).to_contain_text("Body copied")
    # A mailto: link hands the text to the mail app, never to the network;
    # clicking it must not make a request either.
    form.locator('[data-action="mailto"]').click()
    expect(form.locator('[role="status"]')).to_contain_text("Opening your mail app")


def test_no_policy_violation_on_any_page_or_form_flow(watched: BrowserContext, site_url: str) -> None:
    """Every page, and every form's full flow, runs under the policy without a single violation."""
    page = watched.new_page()
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    for template_id, path in PAGE_OF.items():
        page.goto(site_url + path)
        run_full_flow(page, template_id)
        assert violations(page) == [], template_id
    page.keyboard.press("/")  # the theme's search, in its own worker
    page.keyboard.type("thank")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert violations(page) == []


def test_every_page_carries_the_policy_first_in_head() -> None:
    """Each built page opens its <head> with the policy, which has no unsafe-eval and no unsafe-inline."""
    for path in sorted(SITE.glob("**/*.html")):
        head = path.read_text().split("<head>", 1)[1].lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy"'), path
        policy = head.split('content="', 1)[1].split('"', 1)[0]
        assert "unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
        assert "unsafe-inline" not in policy
        for directive in ("default-src 'none'", "connect-src 'self'", "form-action 'none'", "object-src 'none'"):
            assert directive in policy, (path, directive)


@pytest.mark.parametrize("target", [OUTSIDE, OTHER_ORIGIN])
def test_the_page_cannot_fetch_another_origin(
    watched: BrowserContext, site_url: str, traffic: Traffic, target: str
) -> None:
    """fetch() from the page to another origin is refused by the policy before any request is made."""
    page = watched.new_page()
    page.goto(site_url)
    outcome = page.evaluate("url => fetch(url).then(() => 'reached', (e) => 'refused')", target)
    assert outcome == "refused"
    assert any(v.startswith("connect-src") for v in violations(page))
    assert not [u for u in traffic.urls if u.startswith(target)], "the request was made; only the guard stopped it"


@pytest.mark.parametrize("target", [OUTSIDE, OTHER_ORIGIN])
def test_no_worker_on_the_page_can_fetch_another_origin(
    watched: BrowserContext, site_url: str, traffic: Traffic, target: str
) -> None:
    """From inside every worker the page runs, whatever started it, JavaScript cannot reach another origin.

    The theme's search worker and the Python worker both; from the Python
    worker, Python cannot either.
    """
    page = watched.new_page()
    page.goto(site_url + "thank-you/")
    wait_ready(page, "thank-you")
    for _ in range(100):  # the theme starts its search worker as the page loads
        if len(page.workers) >= 2:
            break
        page.wait_for_timeout(100)
    workers = page.workers
    assert len(workers) >= 2, [w.url for w in workers]
    outcomes = {w.url: w.evaluate("url => fetch(url).then(() => 'reached', (e) => 'refused')", target) for w in workers}
    assert set(outcomes.values()) == {"refused"}, outcomes
    from_python = python_worker(page).evaluate(
        """url => self.pyodide.runPythonAsync(`
from js import fetch
try:
    await fetch(${JSON.stringify(url)})
    outcome = "reached"
except Exception:
    outcome = "refused"
outcome
`)""",
        target,
    )
    assert from_python == "refused"
    assert not [u for u in traffic.urls if u.startswith(target)], "the request was made; only the guard stopped it"


# Whether the kept snapshot holds a text, in any of the encodings Python keeps
# a str in (one byte a character for ASCII, two or four when the text has wider
# characters), any case; waits for the snapshot, kept when the worker is idle.
SNAPSHOT_HOLDS = """async ([cache, text]) => {
  const encodings = {
    latin1: (s) => Uint8Array.from(s, (c) => c.charCodeAt(0)),
    ucs2: (s) => new Uint8Array(Uint16Array.from(s, (c) => c.charCodeAt(0)).buffer),
    ucs4: (s) => new Uint8Array(Uint32Array.from(s, (c) => c.charCodeAt(0)).buffer),
  };
  const store = await caches.open(cache);
  let keys = [];
  for (let tries = 0; tries < 300 && !keys.length; tries++) {
    keys = await store.keys();
    if (!keys.length) await new Promise((wake) => setTimeout(wake, 100));
  }
  const found = [];
  for (const key of keys) {
    const stored = new Uint8Array(await (await store.match(key)).arrayBuffer());
    const bytes = stored.map((b) => (b >= 65 && b <= 90 ? b + 32 : b)); // ASCII lower case: any case matches
    for (const [name, encode] of Object.entries(encodings)) {
      const needle = encode(text.toLowerCase());
      search: for (let at = bytes.indexOf(needle[0]); at !== -1; at = bytes.indexOf(needle[0], at + 1)) {
        for (let i = 1; i < needle.length; i++) if (bytes[at + i] !== needle[i]) continue search;
        found.push(`${name} at ${at}`);
        break;
      }
    }
  }
  return { entries: keys.length, found };
}"""


def test_nothing_typed_leaves_or_stays(watched: BrowserContext, site_url: str, traffic: Traffic) -> None:
    """A canary typed into every field is in no request (same origin included) and in no storage."""
    page = watched.new_page()
    for template_id, path in PAGE_OF.items():
        page.goto(site_url + path)
        run_full_flow(page, template_id)
    page.goto(site_url)  # and an instant-navigation round trip with the data typed
    page.goto(site_url + "follow-up/")
    wait_ready(page, "follow-up")

    assert traffic.urls, "no traffic was recorded; the check would be empty"
    assert len(traffic.mail_app) == len(PAGE_OF), "each form's mail-app link was handed over once"
    for url in traffic.urls:
        assert CANARY.lower() not in url.lower(), url
    for body in traffic.bodies:
        assert CANARY.lower().encode() not in body.lower()
    # The one thing kept: Python's memory, from before the reader's words reached it (python-snapshot.mjs).
    # Searched first, as this waits until the worker has kept it.
    assert page.evaluate(SNAPSHOT_HOLDS, [SNAPSHOT_CACHE, CANARY]) == {"entries": 1, "found": []}
    stored = page.evaluate(
        """async () => ({
            local: JSON.stringify({...localStorage}),
            session: JSON.stringify({...sessionStorage}),
            cookies: document.cookie,
            databases: JSON.stringify(await indexedDB.databases()),
            caches: JSON.stringify(await caches.keys()),
        })"""
    )
    for where, text in stored.items():
        assert CANARY.lower() not in text.lower(), where
    assert stored["cookies"] == ""
    assert stored["databases"] == "[]"
    assert stored["caches"] == json.dumps([SNAPSHOT_CACHE], separators=(",", ":"))


@pytest.mark.parametrize("given", ["typed while Python starts", "remembered from an earlier visit"])
def test_the_kept_snapshot_of_python_holds_nothing_typed(page: Page, site_url: str, given: str) -> None:
    """Python's memory is kept for the next visit only from before the reader's words reached it.

    In both cases the first request Python answers after starting carries the
    reader's words; had the snapshot been taken after it, the canary would be
    in the kept bytes (seen so, with the order swapped in python-worker.mjs).
    """
    if given == "remembered from an earlier visit":
        remembered = json.dumps({name: f"{CANARY} {name}" for name in ["candidate_name", "company", "position"]})
        page.add_init_script(f"localStorage.setItem('follow-up-politely:details', {json.dumps(remembered)})")
    page.goto(site_url + PAGE_OF["thank-you"])
    if given == "typed while Python starts":
        fill_form(page, "thank-you", canary_values("thank-you"))
    wait_ready(page, "thank-you")
    expect(form_of(page, "thank-you").locator('[data-output="body"]')).to_contain_text(CANARY)
    assert page.evaluate(SNAPSHOT_HOLDS, [SNAPSHOT_CACHE, CANARY]) == {"entries": 1, "found": []}


# Every file the service worker keeps, by its address under the site, with the sha256 of what it holds.
KEPT_FILES = """async ([cache, sitePath]) => {
  const store = await caches.open(cache);
  const kept = {};
  for (const request of await store.keys()) {
    const bytes = await (await store.match(request)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    kept[new URL(request.url).pathname.slice(sitePath.length)] = hex;
  }
  return kept;
}"""


def test_the_service_worker_keeps_the_sites_files_and_nothing_typed(
    open_context: Callable[[], BrowserContext], site_url: str, traffic: Traffic, served: Served
) -> None:
    """With the site's service worker running, a reader's whole flow, twice, sends and keeps nothing typed.

    Its cache holds files of the built site only, byte for byte. Its own requests
    reach the guard too (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS), so one
    that left this site would fail the test; every request is one the privacy
    page names.
    """
    context = open_context()
    context.add_init_script(WATCH_VIOLATIONS)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + PAGE_OF["thank-you"])
    run_full_flow(page, "thank-you")
    caches = caches_once_kept(page, [PAGE_OF["thank-you"], "assets/runtime/pyodide.asm.wasm"])
    page.reload()  # answered by the service worker now
    run_full_flow(page, "thank-you")

    [site_cache] = [name for name in caches if name.startswith(SITE_CACHE_PREFIX)]
    kept = page.evaluate(KEPT_FILES, [site_cache, urlsplit(site_url).path])
    built = {path: hashlib.sha256(built_file(path).read_bytes()).hexdigest() for path in kept}
    assert kept == built
    assert page.evaluate(SNAPSHOT_HOLDS, [site_cache, CANARY])["found"] == []
    assert traffic.from_service_worker, "the guard saw none of the service worker's requests"
    for url in traffic.urls:
        assert CANARY.lower() not in url.lower(), url
    # As it installs, the worker looks in the browser's own cache for each of
    # the site's files (`only-if-cached`): lookups that never reach the network.
    reached = {path for path, _ in served.responses()}
    looked_up = {url for url in traffic.from_service_worker if urlsplit(url).path not in reached}
    assert looked_up, "the worker looked in the browser's cache for nothing"
    assert undisclosed([url for url in traffic.urls if url not in looked_up]) == []
    assert violations(page) == []


def built_file(address: str) -> Path:
    """The built file a page or file is asked for by (a page by its folder)."""
    return SITE / (address + "index.html" if address == "" or address.endswith("/") else address)


# Every kind of request the site may make, and the words the privacy page uses for it.
DISCLOSED = {
    r"/follow-up-politely/([a-z]{2}/)?([\w-]+/)?$": "the page itself",
    r"/assets/stylesheets/main\.\w+\.min\.css$": "main.css",
    r"/assets/stylesheets/palette\.\w+\.min\.css$": "palette.css",
    r"/assets/stylesheets/forms\.css$": "forms.css",
    r"/assets/stylesheets/theme\.css$": "theme.css",
    r"/assets/javascripts/details\.mjs$": "details.mjs",
    r"/assets/javascripts/planner\.mjs$": "planner.mjs",
    r"/assets/javascripts/page-tools\.mjs$": "page-tools.mjs",
    r"/assets/javascripts/bundle\.\w+\.min\.js$": "the theme's script",
    r"/assets/javascripts/workers/search\.\w+\.min\.js$": "search worker's script",
    r"/assets/javascripts/page\.mjs$": "page.mjs",
    r"/assets/javascripts/email-forms\.mjs$": "email-forms.mjs",
    r"/assets/javascripts/draft\.mjs$": "draft.mjs",
    r"/assets/javascripts/checklist\.mjs$": "checklist.mjs",
    r"/assets/javascripts/panel\.mjs$": "panel.mjs",
    r"/assets/javascripts/field-limits\.mjs$": "field-limits.mjs",
    r"/assets/javascripts/in-view\.mjs$": "in-view.mjs",
    r"/assets/javascripts/python-client\.mjs$": "python-client.mjs",
    r"/assets/javascripts/python-worker\.mjs$": "python-worker.mjs",
    r"/assets/javascripts/python-snapshot\.mjs$": "python-snapshot.mjs",
    r"/assets/javascripts/offline\.mjs$": "offline.mjs",
    r"/assets/javascripts/palette\.mjs$": "palette.mjs",
    r"/assets/javascripts/bound-workers\.js$": "bound-workers.js",
    r"/assets/javascripts/languages\.mjs$": "languages.mjs",
    r"/assets/javascripts/handover\.mjs$": "handover.mjs",
    r"/assets/javascripts/ui\.mjs$": "ui.mjs",
    r"/assets/javascripts/lunr/min/lunr\.[\w.]+\.min\.js$": "lunr.*.min.js",
    r"/service-worker\.js$": "service-worker.js",
    r"/assets/images/favicon\.svg$": "favicon.svg",
    r"/sitemap\.xml$": "sitemap.xml",
    r"/search/search_index\.json$": "search_index.json",
    r"/assets/runtime/pyodide\.mjs$": "pyodide.mjs",
    r"/assets/runtime/pyodide\.asm\.mjs$": "pyodide.asm.mjs",
    r"/assets/runtime/pyodide\.asm\.wasm$": "pyodide.asm.wasm",
    r"/assets/runtime/python_stdlib\.zip$": "python_stdlib.zip",
    r"/assets/runtime/pyodide-lock\.json$": "pyodide-lock.json",
    r"/assets/runtime/jinja2-[\w.-]+\.whl$": "Jinja2",
    r"/assets/runtime/markupsafe-[\w.-]+\.whl$": "MarkupSafe",
    r"/assets/runtime/follow_up_politely-[\w.-]+\.whl$": "the site's own email generator",
}


def test_the_privacy_page_names_every_request(watched: BrowserContext, site_url: str, traffic: Traffic) -> None:
    """Each request seen across all pages, a form flow and a search is one the privacy page describes."""
    page = watched.new_page()
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Thank-you email").first.click()  # instant navigation
    run_full_flow(page, "thank-you")
    page.keyboard.press("/")
    page.keyboard.type("pushy")
    expect(page.locator(".md-search-result__item").first).to_be_visible()

    assert undisclosed(traffic.urls) == [], "describe these on docs/privacy.md and in DISCLOSED"


def undisclosed(urls: list[str]) -> list[str]:
    """The requests among `urls` that the privacy page does not describe (DISCLOSED)."""
    privacy = (SITE / "privacy" / "index.html").read_text().replace("&#39;", "'").replace("&rsquo;", "’")
    missing = []
    for url in {u for u in urls if not u.startswith(("blob:", "data:"))}:
        words = next((w for pattern, w in DISCLOSED.items() if re.search(pattern, urlsplit(url).path)), None)
        if words is None or words not in privacy.replace("’", "'"):
            missing.append(url)
    return sorted(missing)
