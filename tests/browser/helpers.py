"""What the browser tests share: where each form lives and how to read and drive it."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from playwright.sync_api import Error, Locator, Page, Worker, expect

from generator import CATALOG, get_template

# Python starts in a few seconds here; the bound only keeps a hang from stalling the run.
READY_MS = 60_000

# Where the worker keeps Python's memory for the next visit (python-worker.mjs, Cache Storage).
SNAPSHOT_CACHE = "follow-up-politely:python"
# Where the site's service worker keeps a build's files (service-worker.js): this, then the build's id.
SITE_CACHE_PREFIX = "follow-up-politely:site:"

# Each situation's form is on the guide page its file names.
PAGE_OF = {template.id: f"{template.guide}/" for template in CATALOG.values()}

# Values a reader might really type, with the characters most likely to be
# mangled on the way: quotes, markup, template syntax, emoji, accents.
READER_VALUES = {
    "candidate_name": "Seán O'Brien",
    "interviewer": "Dr. Nguyễn <Lan>",
    "position": "Data & Insights Lead {{ 7*7 }}",
    "highlight": "the whiteboard session on churn 📈 and the team’s {% raw %} review.",
    "contribution": "ship the forecasting model\nand mentor juniors",
    "interview_when": "on Tuesday",
    "team_goals": "your 2027 roadmap",
    "company": "Müller & Söhne",
    "recipient_email": "lan.nguyen@example.com",
}


# For a field READER_VALUES does not name: the same kinds of character, in words that fit any field.
OTHER_VALUE = "Zoë’s <b>{{ 7*7 }}</b> & {% raw %} notes 📈"


def values_for(template_id: str) -> dict[str, str]:
    """The reader's values for every text field of a template (choices keep their default)."""
    return {
        f.id: READER_VALUES.get(f.id, "zoe@example.com" if f.kind == "email" else OTHER_VALUE)
        for f in get_template(template_id).fields
        if f.kind != "choice"
    }


def form_of(page: Page, template_id: str) -> Locator:
    """The form of one template."""
    return page.locator(f'form[data-template="{template_id}"]')


def fill_form(page: Page, template_id: str, values: dict[str, str]) -> None:
    """Type each value into its field, as a reader would (choices are selected)."""
    form = form_of(page, template_id)
    for name, value in values.items():
        control = form.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def preview_of(page: Page, template_id: str) -> dict[str, str]:
    """The subject and body the page shows, as text."""
    form = form_of(page, template_id)
    return {
        "subject": form.locator('[data-output="subject"]').text_content() or "",
        "body": form.locator('[data-output="body"]').text_content() or "",
    }


def wait_ready(page: Page, template_id: str) -> None:
    """Wait until Python has rendered the preview from the form's current values."""
    expect(form_of(page, template_id)).to_have_attribute("data-ready", "true", timeout=READY_MS)


def python_workers(page: Page) -> list[Worker]:
    """The page's Python workers, by the name python-client.mjs gives them.

    Every worker starts from a blob: bootstrap (bound-workers.js): the theme's
    search worker too, so the address says nothing.
    """
    found = []
    for worker in page.workers:
        with contextlib.suppress(Error):  # a worker that ended meanwhile
            if worker.evaluate("self.name") == "python":
                found.append(worker)
    return found


def python_worker(page: Page) -> Worker:
    """The page's one Python worker."""
    workers = python_workers(page)
    assert len(workers) == 1, [w.url for w in page.workers]
    return workers[0]


def restored_from_snapshot(worker: Worker) -> bool:
    """Whether this start of Python was restored from the kept snapshot.

    Read from the User Timing mark the worker sets for the browser's
    performance panel and the bench (python-worker.mjs), once Python is ready.
    """
    return bool(worker.evaluate("() => performance.getEntriesByName('python:snapshot-restored').length > 0"))


# The site's caches once the service worker holds `paths` (addresses under the
# site): {cache name: [addresses under the site]}, or null after 30 s.
CACHES_ONCE_KEPT = """async ([prefix, sitePath, paths]) => {
  await navigator.serviceWorker.ready;
  for (let tries = 0; tries < 300; tries++) {
    const caches_ = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      caches_[name] = keys.map((request) => new URL(request.url).pathname.slice(sitePath.length));
    }
    const site = Object.keys(caches_).filter((name) => name.startsWith(prefix));
    if (site.length === 1 && paths.every((path) => caches_[site[0]].includes(path))) return caches_;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return null;
}"""


def caches_once_kept(page: Page, paths: list[str]) -> dict[str, list[str]]:
    """Every cache of the site: its name, and the addresses (under the site) it holds.

    Waits until the service worker keeps `paths` in one cache of its own.
    """
    sub_path = urlsplit(page.url).path
    sub_path = sub_path[: sub_path.index("/", 1) + 1]
    caches = page.evaluate(CACHES_ONCE_KEPT, [SITE_CACHE_PREFIX, sub_path, paths])
    assert caches, f"the service worker did not keep {paths}"
    return caches
