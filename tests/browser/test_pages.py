"""Every page of the built site in real Chromium: it loads from its own origin, and only form pages start Python."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from generator.languages import codes

from .conftest import SITE, Traffic
from .helpers import PAGE_OF

PAGES = sorted(
    "" if path.parent == SITE else f"{path.parent.relative_to(SITE).as_posix()}/" for path in SITE.glob("**/index.html")
)
# Each form's page in English and under each language's folder (/de/thank-you/).
FORM_PAGES = {f"{folder}{path}" for folder in ["", *(f"{lang}/" for lang in codes()[1:])] for path in PAGE_OF.values()}


def test_the_site_has_the_guides_pages() -> None:
    """The build made the home page, the four guide pages and the privacy page."""
    assert set(PAGES) >= {"", "thank-you/", "follow-up/", "not-pushy/", "after-rejection/", "privacy/"}


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_from_its_own_origin(page: Page, site_url: str, traffic: Traffic, path: str) -> None:
    """The page renders its heading with no request leaving 127.0.0.1, and starts Python only if it has a form."""
    response = page.goto(site_url + path)
    assert response is not None
    assert response.ok
    expect(page.locator("h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    has_form = page.locator("form[data-template]").count() > 0
    assert has_form == (path in FORM_PAGES)
    if has_form:
        assert traffic.runtime_requests(), "a form page did not start Python"
    else:
        assert traffic.runtime_requests() == [], "a page without a form loaded Python"


def test_site_works_under_a_sub_path(page: Page, site_url: str) -> None:
    """Links, styles and scripts resolve under /follow-up-politely/, as on GitHub Pages."""
    page.goto(site_url + "thank-you/")
    for link in page.locator("link[rel=stylesheet], script[src]").all():
        url = link.evaluate("e => e.href || e.src")
        assert "/follow-up-politely/" in url, url
    expect(page.locator(".md-header")).to_be_visible()


def test_the_theme_script_is_served_with_the_compile_hint_and_still_runs(page: Page, site_url: str) -> None:
    """The hint is the script's first line, where Chromium looks for it, and the theme starts as before.

    (What the hint is for, a shorter first task of the theme's, is the
    benchmark's to measure: docs/development/decisions/0034-compile-hints-for-the-theme.md.)
    """
    page.goto(site_url + "not-pushy/")
    served = page.evaluate(
        """async () => {
          const script = document.querySelector('script[src*="/bundle."]');
          const text = await (await fetch(script.src)).text();
          return {firstLine: text.split("\\n", 1)[0], themeStarted: typeof window.component$?.subscribe};
        }"""
    )
    assert served == {"firstLine": "//# allFunctionsCalledOnLoad", "themeStarted": "function"}
    # The theme's own behaviour, which needs its script: the search box opens on "/".
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
