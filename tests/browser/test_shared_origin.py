"""What another site on the same origin can plant is never used, and a forget in one tab holds in every tab.

On GitHub Pages a project site shares its origin with all of its owner's other sites, which can write
to this site's Cache Storage and local storage. These tests plant what such a site could.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, Route, expect

from .helpers import (
    PAGE_OF,
    SITE_CACHE_PREFIX,
    SNAPSHOT_CACHE,
    caches_once_kept,
    fill_form,
    form_of,
    python_worker,
    restored_from_snapshot,
    wait_ready,
)
from .test_stall import SNAPSHOT_KEPT

STORAGE_KEY = "follow-up-politely:details"
FORM_PAGE = PAGE_OF["thank-you"]
PLANTED_SCRIPT = "assets/javascripts/palette.mjs"

# Replace the site cache's copy of a file with a script of another site's choosing.
PLANT_IN_SITE_CACHE = """async ([prefix, path]) => {
  const [name] = (await caches.keys()).filter((cache) => cache.startsWith(prefix));
  const cache = await caches.open(name);
  const key = (await cache.keys()).find((request) => new URL(request.url).pathname.endsWith(path));
  await cache.put(key, new Response("self.planted = true;", { headers: { "content-type": "text/javascript" } }));
  return (await (await cache.match(key)).text());
}"""

KEPT_TEXT = """async ([prefix, path]) => {
  const [name] = (await caches.keys()).filter((cache) => cache.startsWith(prefix));
  const cache = await caches.open(name);
  const key = (await cache.keys()).find((request) => new URL(request.url).pathname.endsWith(path));
  const kept = key && await cache.match(key);
  return kept ? await kept.text() : null;
}"""

SNAPSHOTS_KEPT = "async (cache) => (await (await caches.open(cache)).keys()).length"


def test_a_file_planted_in_the_site_cache_is_never_served(
    open_context: Callable[[], BrowserContext], site_url: str
) -> None:
    """A script put in the service worker's cache by another site is dropped, and the site's own is served."""
    page = open_context().new_page()
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    caches_once_kept(page, [FORM_PAGE, PLANTED_SCRIPT])
    assert page.evaluate(PLANT_IN_SITE_CACHE, [SITE_CACHE_PREFIX, PLANTED_SCRIPT]) == "self.planted = true;"

    page.reload()
    wait_ready(page, "thank-you")
    assert page.evaluate("self.planted") is None
    genuine = page.evaluate("(url) => fetch(url).then((r) => r.text())", site_url + PLANTED_SCRIPT)
    assert "planted" not in genuine
    for _ in range(100):  # the network's copy, checked, is kept in the planted one's place
        if page.evaluate(KEPT_TEXT, [SITE_CACHE_PREFIX, PLANTED_SCRIPT]) == genuine:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(KEPT_TEXT, [SITE_CACHE_PREFIX, PLANTED_SCRIPT]) == genuine


def _as_shared_origin(route: Route) -> None:
    """The site's page as a build for a shared origin writes it (hooks/email_forms.py, site_origin)."""
    response = route.fetch()
    body = response.text().replace(
        '<meta name="follow-up-politely:origin" content="own">',
        '<meta name="follow-up-politely:origin" content="shared">',
    )
    assert 'content="shared"' in body
    route.fulfill(response=response, body=body)


def test_on_a_shared_origin_no_snapshot_is_kept_or_restored(page: Page, site_url: str) -> None:
    """A snapshot found on a shared origin, which another site could have made, is removed and never restored."""
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    # A genuine snapshot, kept on an origin of the site's own: on a shared one it could be anyone's.
    assert page.evaluate(SNAPSHOT_KEPT, SNAPSHOT_CACHE)

    page.route(f"**/{FORM_PAGE}", _as_shared_origin)
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    assert restored_from_snapshot(python_worker(page)) is False
    fill_form(page, "thank-you", {"candidate_name": "Ana Lima"})
    wait_ready(page, "thank-you")
    page.wait_for_timeout(1_000)  # the idle moment in which a snapshot would be kept
    assert page.evaluate(SNAPSHOTS_KEPT, SNAPSHOT_CACHE) == 0


def test_a_forget_in_one_tab_holds_in_every_tab(context: BrowserContext, site_url: str) -> None:
    """Remembered in tab A, forgotten in tab B: A's typing does not write the details back, and A shows it."""
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(site_url + FORM_PAGE)
        wait_ready(page, "thank-you")
    remember = form_of(first, "thank-you").get_by_label("Remember my details on this device")
    remember.check()
    fill_form(first, "thank-you", {"candidate_name": "Ana Lima"})
    assert json.loads(first.evaluate(f"localStorage.getItem({STORAGE_KEY!r})"))["candidate_name"] == "Ana Lima"
    expect(form_of(second, "thank-you").get_by_label("Remember my details on this device")).to_be_checked()

    form_of(second, "thank-you").get_by_role("button", name="Forget my details").click()
    expect(remember).not_to_be_checked()
    fill_form(first, "thank-you", {"candidate_name": "Ana Lima Souza", "position": "Analyst"})
    assert first.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None

    remember.check()  # until the reader ticks it again
    assert json.loads(first.evaluate(f"localStorage.getItem({STORAGE_KEY!r})"))["position"] == "Analyst"


def test_a_forget_wins_over_a_write_racing_its_news(context: BrowserContext, site_url: str) -> None:
    """A tab that writes before another tab's forget has reached it finds the details gone, and stops keeping them."""
    page = context.new_page()
    page.goto(site_url + FORM_PAGE)
    wait_ready(page, "thank-you")
    remember = form_of(page, "thank-you").get_by_label("Remember my details on this device")
    remember.check()
    # As another tab's forget does, but with no storage event here: the news has not arrived yet.
    page.evaluate(f"localStorage.removeItem({STORAGE_KEY!r})")
    fill_form(page, "thank-you", {"candidate_name": "Ana Lima"})
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None
    expect(remember).not_to_be_checked()
