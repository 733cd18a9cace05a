"""The site in Firefox and in WebKit (Safari's engine): Python, the forms, the planner and the service worker.

Chromium runs the full browser suite; these are what a reader on any browser
needs to work, run in each engine from a fresh profile. The page fixture fails a
test on any CSP refusal, uncaught error, or request that leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator import plan, render, txt_text
from generator.catalog import CATALOG
from scripts.engines import EnginePage
from tests.browser.conftest import SITE, Served
from tests.browser.engines.conftest import COLLECTOR
from tests.browser.helpers import PAGE_OF, READY_MS, values_for

RESULTS = Path(__file__).resolve().parents[3] / "test-results" / "engines"

# Typed key by key in both engines: accents, quotes, markup and template syntax; no emoji, which
# WebKitWebDriver cannot type (it is in the Chromium suite's values).
TYPED = {
    "candidate_name": "Seán O'Brien",
    "interviewer": "Dr. Nguyễn <Lan>",
    "position": "Data & Insights Lead {{ 7*7 }}",
    "highlight": "the whiteboard session on churn and the team’s {% raw %} review.",
    "contribution": "ship the forecasting model",
    "interview_when": "on Tuesday",
    "team_goals": "your 2027 roadmap",
    "company": "Müller & Söhne",
    "recipient_email": "lan.nguyen@example.com",
}
# For a field TYPED does not name: markup and template syntax, and no emoji, which WebDriver types unevenly.
OTHER_TYPED = "Zoë’s <b>{{ 7*7 }}</b> & {% raw %} notes"


def wait_for(page: EnginePage, source: str, argument: Any = None, timeout_ms: int = READY_MS) -> Any:
    """Poll `source` in the page until it returns something truthy; that value."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        value = page.evaluate(source, argument)
        if value:
            return value
        assert time.monotonic() < deadline, f"{page.name}: still falsy after {timeout_ms} ms: {source}"
        time.sleep(0.1)


PREVIEW = """(id) => {
  const form = document.querySelector(`form[data-template="${id}"]`);
  if (form?.dataset.ready !== "true") return null;
  return { subject: form.querySelector('[data-output="subject"]').textContent,
           body: form.querySelector('[data-output="body"]').textContent };
}"""

# Whether the form's preview is the email given.
PREVIEW_IS = (
    f"([id, want]) => {{ const got = ({PREVIEW})(id);"
    " return got?.body === want.body && got?.subject === want.subject; }"
)

LAST_DOWNLOAD = "async () => { const files = window.__engine.downloads; return files.at(-1)?.text() ?? null; }"


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_typing_writes_the_native_email_and_it_downloads(
    engine_page: EnginePage, site_url: str, template_id: str
) -> None:
    """Python starts, the preview of typed values is the native render(), and the .txt is the native file."""
    engine_page.goto(site_url + PAGE_OF[template_id])
    wait_for(engine_page, PREVIEW, template_id)
    values = {name: TYPED.get(name, OTHER_TYPED) for name in values_for(template_id)}
    for name, value in values.items():
        engine_page.type(f'form[data-template="{template_id}"] [name="{name}"]', value)
    expected = render(template_id, values)
    wait_for(engine_page, PREVIEW_IS, [template_id, {"subject": expected.subject, "body": expected.body}])

    engine_page.evaluate(
        "(id) => document.querySelector(`form[data-template='${id}'] [data-action='download-txt']`).click()",
        template_id,
    )
    assert wait_for(engine_page, LAST_DOWNLOAD) == txt_text(expected.subject, expected.body)


def test_what_was_typed_goes_with_the_reader_to_another_language(engine_page: EnginePage, site_url: str) -> None:
    """Typed on the English page, then the language selector: the German page has it all, and writes it in German.

    Through the service worker's memory (handover.mjs), which the switch registers if the page has not yet.
    """
    template_id = "thank-you"
    engine_page.goto(site_url + PAGE_OF[template_id])
    wait_for(engine_page, PREVIEW, template_id)
    values = {name: TYPED.get(name, OTHER_TYPED) for name in values_for(template_id)}
    for name, value in values.items():
        engine_page.type(f'form[data-template="{template_id}"] [name="{name}"]', value)
    engine_page.evaluate("() => document.querySelector('.md-select a[hreflang=\"de\"]').click()")
    arrived = urlsplit(f"{site_url}de/{PAGE_OF[template_id]}").path
    deadline = time.monotonic() + READY_MS / 1000
    opened = "(path) => location.pathname === path && document.readyState === 'complete'"
    while True:
        # The old page may be gone mid-question: each engine's driver says so its own way.
        with contextlib.suppress(Exception):
            if engine_page.evaluate(opened, arrived):
                break
        assert time.monotonic() < deadline, f"{engine_page.name}: the German page did not open"
        time.sleep(0.1)
    engine_page.evaluate(COLLECTOR)  # as goto() does: WebKit has no script that runs before the page's
    expected = render(template_id, values, "de")
    wait_for(engine_page, PREVIEW_IS, [template_id, {"subject": expected.subject, "body": expected.body}])
    fields = engine_page.evaluate(
        "(id) => Object.fromEntries([...document.querySelector(`form[data-template='${id}']`).elements]"
        ".filter((e) => e.name).map((e) => [e.name, e.value]))",
        template_id,
    )
    assert {name: fields[name] for name in values} == values


def test_the_planner_plans(engine_page: EnginePage, site_url: str) -> None:
    """Dates in, the native plan's days out."""
    engine_page.goto(site_url + "follow-up/")
    engine_page.evaluate(
        """() => {
          const planner = document.querySelector("form[data-planner]");
          const set = (name, value) => {
            const control = planner.querySelector(`[name="${name}"]`);
            control.value = value;
            control.dispatchEvent(new Event("input", { bubbles: true }));
            control.dispatchEvent(new Event("change", { bubbles: true }));
          };
          set("interview_date", "2028-02-25");
          set("timeline_kind", "days");
          set("timeline_count", "3");
        }"""
    )
    expected = [step.day.isoformat() for step in plan(date(2028, 2, 25), None, "3 days").steps]
    days = wait_for(
        engine_page,
        """() => {
          const planner = document.querySelector("form[data-planner]");
          const days = [...planner.querySelectorAll("[data-plan-steps] time")].map((t) => t.getAttribute("datetime"));
          return planner.dataset.ready === "true" && days.length ? days : null;
        }""",
    )
    assert days == expected


SERVICE_WORKER_IN_CHARGE = """async () => {
  await navigator.serviceWorker.ready;
  return navigator.serviceWorker.controller !== null;
}"""

# Whether the site's service worker controls the page, and how many of the site's files it keeps.
ANSWERED_BY_SERVICE_WORKER = """async () => {
  const names = (await caches.keys()).filter((name) => name.startsWith("follow-up-politely:site:"));
  const kept = names.length ? (await (await caches.open(names[0])).keys()).length : 0;
  return { controlled: navigator.serviceWorker.controller !== null, kept };
}"""

FORGET_EVERYTHING = """async () => {
  for (const name of await caches.keys()) await caches.delete(name);
  for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  localStorage.clear();
  sessionStorage.clear();
  return true;
}"""


def test_a_repeat_visit_is_answered_by_the_service_worker(
    engine_page: EnginePage, site_url: str, served: Served
) -> None:
    """The second visit comes through the site's service worker; after storage is cleared, the page still works.

    Installing downloads nothing of its own: no other page of the site, no runtime file a second time
    (WebKit sends `only-if-cached` to the network, which once fetched every language's pages).
    """
    engine_page.goto(site_url + PAGE_OF["thank-you"])
    wait_for(engine_page, PREVIEW, "thank-you")
    wait_for(engine_page, SERVICE_WORKER_IN_CHARGE)
    fetched = [path for path, status in served.responses() if status == 200]
    pages = {path for path in fetched if path.endswith(("/", ".html"))}
    runtime = [path for path in fetched if "/assets/runtime/" in path]
    assert pages == {urlsplit(site_url + PAGE_OF["thank-you"]).path}, f"{engine_page.name} fetched other pages"
    assert sorted(runtime) == sorted(set(runtime)), f"{engine_page.name} fetched runtime files twice"

    engine_page.reload()
    assert engine_page.evaluate(ANSWERED_BY_SERVICE_WORKER)["controlled"] is True
    # Kept as the pages ask for them, if not already on installing: within seconds of the visit.
    wait_for(engine_page, f"async () => ({ANSWERED_BY_SERVICE_WORKER})().then(({{ kept }}) => kept > 20)")
    wait_for(engine_page, PREVIEW, "thank-you")

    # As Safari does to a site not visited for seven days: everything kept is gone. It costs speed only.
    engine_page.evaluate(FORGET_EVERYTHING)
    engine_page.reload()
    assert engine_page.evaluate(ANSWERED_BY_SERVICE_WORKER)["controlled"] is False
    wait_for(engine_page, PREVIEW, "thank-you")


LAYOUT = """() => {
  const form = document.querySelector('form[data-template]');
  const fields = form.querySelector("[data-fields]").getBoundingClientRect();
  const draft = form.querySelector(".fup-form__draft").getBoundingClientRect();
  return {
    width: innerWidth,
    overflow: document.documentElement.scrollWidth > innerWidth,
    scheme: document.body.getAttribute("data-md-color-scheme"),
    beside: draft.left >= fields.right,
    jump: form.querySelector("[data-jump]").getBoundingClientRect().height > 0,
  };
}"""

# The layout of the new window size done: its transitions over (a hidden menu slides between its phone
# and laptop places, past the edge meanwhile), then two frames drawn. Looping animations are not waited for.
LAID_OUT = """() => {
  const ending = document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
    .map((animation) => animation.finished.catch(() => {}));
  const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const atMost = new Promise((done) => setTimeout(done, 5000));
  return Promise.race([Promise.all(ending), atMost]).then(twoFrames);
}"""

SHOW_THE_FORM = """() => {
  const field = document.querySelector('form[data-template] [name="highlight"]');
  field.scrollIntoView({ block: "center" });
  field.focus();
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_screenshots_at_phone_and_laptop_widths(engine_page: EnginePage, site_url: str, scheme: str) -> None:
    """A form page at a phone's width and at 1280 px, light and dark: the email beside or a step from the fields.

    The screenshots go to test-results/engines/ to be looked at. MiniBrowser's
    window is never narrower than 447 px, so WebKit's phone is that wide.
    """
    RESULTS.mkdir(parents=True, exist_ok=True)
    engine_page.goto(site_url + PAGE_OF["thank-you"])
    wait_for(engine_page, PREVIEW, "thank-you")
    # The palette the header's switch sets (palette.mjs): the theme's colour scheme on the body.
    engine_page.evaluate("(scheme) => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    for width in (375, 1280):
        engine_page.set_viewport(width, 900)
        engine_page.evaluate(SHOW_THE_FORM)
        engine_page.evaluate(LAID_OUT)
        layout = engine_page.evaluate(LAYOUT)
        wide = width >= 960
        assert layout["width"] < 960 or wide, f"{engine_page.name}: no window {width} px wide"
        assert (layout["overflow"], layout["scheme"]) == (False, scheme), f"{engine_page.name} at {width} px"
        assert (layout["beside"], layout["jump"]) == (wide, not wide), f"{engine_page.name} at {width} px"
        engine_page.screenshot(RESULTS / f"{engine_page.name}-{layout['width']}-{scheme}.png")


# True once every form of the page is ready and no resource has arrived for half a second.
START_OVER = """() => {
  const forms = [...document.querySelectorAll("form[data-template]")];
  if (forms.some((form) => form.dataset.ready !== "true")) return null;
  const count = performance.getEntriesByType("resource").length;
  if (window.__settledCount !== count) {
    window.__settledCount = count;
    window.__settledSince = performance.now();
    return null;
  }
  return performance.now() - window.__settledSince > 500;
}"""


@pytest.mark.timeout(900)  # every page of five languages, each let to finish its start
def test_every_page_loads_without_a_refusal(engine_page: EnginePage, site_url: str) -> None:
    """Each page of the guide opened in turn, and a search: nothing refused, nothing thrown (the fixture checks)."""
    pages = sorted({path.parent.relative_to(SITE).as_posix() for path in SITE.glob("**/index.html")})
    assert len(pages) >= 6, pages
    for path in pages:
        engine_page.goto(site_url + ("" if path == "." else path + "/"))
        assert engine_page.evaluate("() => document.querySelector('.md-content h1')?.textContent.length > 0")
        # Each page's start allowed to end (its forms ready, its search's files in) before the next: leaving
        # mid-start aborts its requests, which Firefox reports as uncaught errors of the page.
        wait_for(engine_page, START_OVER)
    # The theme's search, in its own worker, bound by the page's policy (bound-workers.js).
    found = wait_for(
        engine_page,
        """() => {
          const input = document.querySelector(".md-search__input");
          if (!input) return null;
          if (input.value !== "thank") {
            input.value = "thank";
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
          }
          return document.querySelectorAll(".md-search-result__item").length;
        }""",
    )
    assert found > 0
