"""A repeat visit starts Python from the memory snapshot the first visit kept (python-snapshot.mjs)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from generator import render

from .helpers import PAGE_OF, SNAPSHOT_CACHE, fill_form, python_worker, restored_from_snapshot, values_for, wait_ready

# The kept snapshot's headers and sizes, once it is stored (the worker keeps it
# when idle after the first previews): its first word is the length of Python's
# memory it restores, stored without its pages of zeros.
KEPT_SNAPSHOT = """async (cache) => {
  for (let tries = 0; tries < 300; tries++) {
    const store = await caches.open(cache);
    const [key] = await store.keys();
    const stored = key && await store.match(key);
    if (stored) {
      const bytes = await stored.arrayBuffer();
      return {
        identity: stored.headers.get("x-runtime-sha256"),
        length: stored.headers.get("x-snapshot-length"),
        bytes: bytes.byteLength,
        snapshotLength: new DataView(bytes).getUint32(0, true),
      };
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return null;
}"""

# Damage the kept snapshot: every byte overwritten ("garbage"), a flipped bit
# in the build id Pyodide checks ("build-id": bytes 16-47 of its snapshot, whose
# first page is the first stored after the index), or the identity of another
# runtime ("identity").
ALTER_SNAPSHOT = """async ([cache, damage]) => {
  const store = await caches.open(cache);
  const [key] = await store.keys();
  const stored = await store.match(key);
  const bytes = new Uint8Array(await stored.arrayBuffer());
  const headers = new Headers(stored.headers);
  if (damage === "garbage") bytes.fill(7);
  if (damage === "build-id") bytes[8 + 4 * new DataView(bytes.buffer).getUint32(4, true) + 20] ^= 1;
  if (damage === "identity") headers.set("x-runtime-sha256", "0".repeat(64));
  await store.put(key, new Response(bytes, { headers }));
}"""


def kept_snapshot(page: Page) -> dict[str, Any]:
    kept = page.evaluate(KEPT_SNAPSHOT, SNAPSHOT_CACHE)
    assert kept, "no snapshot was kept after the first visit"
    return kept


def valid(kept: dict[str, Any]) -> tuple[str, bool]:
    """What a fresh snapshot of one runtime always has: its identity, and all of it stored."""
    return kept["identity"], kept["length"] == str(kept["bytes"])


def restored(page: Page) -> bool:
    return restored_from_snapshot(python_worker(page))


def visit_and_fill(page: Page, url: str, template_id: str) -> dict[str, str]:
    page.goto(url)
    values = values_for(template_id)
    fill_form(page, template_id, values)
    wait_ready(page, template_id)
    return values


def test_a_repeat_visit_starts_from_the_first_visits_snapshot(page: Page, site_url: str) -> None:
    """The first visit keeps a snapshot; the next restores it and answers exactly as the engine does natively."""
    url = site_url + PAGE_OF["follow-up"]
    page.goto(url)
    wait_ready(page, "follow-up")
    assert restored(page) is False
    first = kept_snapshot(page)
    assert first["length"] == str(first["bytes"])
    assert len(first["identity"]) == 64
    # Python's memory is tens of MB; without its pages of zeros, well under its size.
    assert 10_000_000 < first["bytes"] < 0.7 * first["snapshotLength"]

    values = visit_and_fill(page, url, "follow-up")
    assert restored(page) is True
    shown = page.locator('form[data-template="follow-up"] [data-output="body"]').text_content()
    assert shown == render("follow-up", values).body
    # What the snapshot did not import is imported from the wheels, written again on this start.
    answer = python_worker(page).evaluate(
        "() => self.pyodide.runPython(`import generator.ics, generator.checks, sys; "
        "str(sorted(p for p in sys.path if p.startswith('/wheels/')))`)"
    )
    assert answer.count(".whl") == 3
    # A restored start keeps no new snapshot: the one kept stays as it was.
    assert kept_snapshot(page) == first


def test_a_damaged_snapshot_is_dropped_and_python_starts_afresh(page: Page, site_url: str) -> None:
    """Bytes that are not a snapshot, or one of another Pyodide build, cost a fresh start, not an error."""
    url = site_url + PAGE_OF["thank-you"]
    page.goto(url)
    wait_ready(page, "thank-you")
    good = valid(kept_snapshot(page))
    for damage in ["garbage", "build-id"]:
        page.evaluate(ALTER_SNAPSHOT, [SNAPSHOT_CACHE, damage])
        values = visit_and_fill(page, url, "thank-you")
        assert restored(page) is False
        body = page.locator('form[data-template="thank-you"] [data-output="body"]').text_content()
        assert body == render("thank-you", values).body
        assert page.locator('[data-action="retry"]:not([hidden])').count() == 0
        assert valid(kept_snapshot(page)) == good  # made again, for the same runtime


def test_a_snapshot_of_an_earlier_version_of_the_site_is_not_used(page: Page, site_url: str) -> None:
    """A snapshot kept for another runtime (the site changed since) is forgotten and a new one kept."""
    url = site_url + PAGE_OF["thank-you"]
    page.goto(url)
    wait_ready(page, "thank-you")
    good = kept_snapshot(page)
    page.evaluate(ALTER_SNAPSHOT, [SNAPSHOT_CACHE, "identity"])
    assert kept_snapshot(page)["identity"] == "0" * 64
    visit_and_fill(page, url, "thank-you")
    assert restored(page) is False
    assert valid(kept_snapshot(page)) == valid(good)
