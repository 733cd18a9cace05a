"""The header's light / dark / automatic switch, answered by palette.mjs instead of the theme's script.

The page is drawn in the reader's palette as it is parsed, and nothing about the
palette changes once it is drawn, unless the reader switches: the theme's own
mount of the switch restyled the whole page twice inside its start-up task.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from .helpers import wait_ready

PALETTE = """() => ({
  scheme: document.body.dataset.mdColorScheme,
  media: document.body.dataset.mdColorMedia,
  switchTo: [...document.querySelectorAll('[data-palette] label')]
    .filter(l => !l.hidden).map(l => l.getAttribute('for')),
  checked: document.querySelector('[data-palette] input:checked')?.id ?? null,
  root: getComputedStyle(document.documentElement).colorScheme,
})"""

# Noted from before the page's first script: every change to the palette's
# attributes on <body>, and every <meta> added, from the moment the theme's
# script is in the page (the records are delivered after each script has run, so
# the inline palette script's own settings, made earlier, are not counted).
WATCH_PALETTE = """(() => {
  window.__paletteChanges = [];
  new MutationObserver((records) => {
    if (!document.querySelector('script[src*="/bundle."]')) return;
    for (const record of records) {
      if (record.type === 'attributes' && record.target === document.body
          && record.attributeName.startsWith('data-md-color')) {
        window.__paletteChanges.push(record.attributeName);
      }
      for (const node of record.addedNodes ?? []) {
        if (node.nodeName === 'META') window.__paletteChanges.push('meta ' + node.getAttribute('name'));
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();"""


def palette_key(site_url: str) -> str:
    """The theme's storage key for the palette: its scope (the site's path), a dot, the name."""
    return urlsplit(site_url).path + ".__palette"


def palette(page: Page) -> dict[str, object]:
    return page.evaluate(PALETTE)


def switch(page: Page) -> None:
    """Click the switch the header shows."""
    page.locator("[data-palette] label:not([hidden])").click()


def test_the_page_opens_in_the_systems_palette_and_keeps_nothing(page: Page, site_url: str) -> None:
    """No choice made: "automatic" in the system's colours, its switch shown and checked, nothing stored."""
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    assert palette(page) == {
        "scheme": "slate",
        "media": "(prefers-color-scheme)",
        "switchTo": ["__palette_1"],
        "checked": "__palette_0",
        "root": "dark",  # the canvas and the scroll bars too
    }
    page.emulate_media(color_scheme="light")  # the system changes while the page is open
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    assert palette(page)["root"] == "normal"
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_the_switch_goes_round_and_the_choice_is_kept(page: Page, site_url: str) -> None:
    """Automatic → light → dark → automatic; a choice holds across pages and against the system's setting."""
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    switch(page)
    assert palette(page) == {
        "scheme": "default",
        "media": "(prefers-color-scheme: light)",
        "switchTo": ["__palette_2"],
        "checked": "__palette_1",
        "root": "normal",
    }
    assert page.evaluate(f"JSON.parse(localStorage.getItem({palette_key(site_url)!r})).index") == 1
    page.goto(site_url + "thank-you/")
    assert palette(page)["scheme"] == "default"  # light, chosen, though the system is dark
    switch(page)
    assert palette(page)["scheme"] == "slate"
    page.emulate_media(color_scheme="light")
    page.reload()
    assert palette(page) == {
        "scheme": "slate",
        "media": "(prefers-color-scheme: dark)",
        "switchTo": ["__palette_0"],
        "checked": "__palette_2",
        "root": "dark",
    }
    switch(page)  # back to automatic: the system's light
    assert palette(page)["media"] == "(prefers-color-scheme)"
    assert palette(page)["scheme"] == "default"


def test_enter_on_the_switch_moves_to_the_next_palette(page: Page, site_url: str) -> None:
    """From the keyboard: Tab reaches the checked palette's radio button; Enter moves on and keeps the focus there."""
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "__palette":
            break
    assert page.evaluate("document.activeElement.id") == "__palette_0"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "__palette_1"
    assert palette(page)["switchTo"] == ["__palette_2"]
    page.keyboard.press("Enter")
    assert palette(page)["scheme"] == "slate"
    assert page.url == site_url  # Enter submitted nothing


def test_a_damaged_or_foreign_stored_palette_falls_back_to_the_system(page: Page, site_url: str) -> None:
    """Whatever is under the theme's key, the page opens; an index out of range or bad JSON means "automatic"."""
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    for stored in ["{not json", '{"index": 7}', '{"index": 1.5}', '{"index": -1}', '"dark"', "null"]:
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [palette_key(site_url), stored])
        page.reload()
        assert palette(page)["media"] == "(prefers-color-scheme)", stored
        assert palette(page)["scheme"] == "slate", stored


def test_nothing_about_the_palette_changes_once_the_page_is_parsed(page: Page, site_url: str) -> None:
    """The theme's scripts leave the palette alone: no attribute of it changes and no colour <meta> is added.

    Each such change restyles every element of the page inside the theme's
    start-up task (decisions/0027-palette-switch-answered-by-the-site.md); a theme upgrade that mounted the
    switch again would bring them back.
    """
    page.add_init_script(WATCH_PALETTE)
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "thank-you/")
    wait_ready(page, "thank-you")
    assert page.evaluate("window.__paletteChanges") == []
    assert palette(page)["scheme"] == "slate"
    switch(page)
    assert "data-md-color-scheme" in page.evaluate("window.__paletteChanges")  # the watch sees a change


def test_the_browsers_bar_takes_the_headers_colour_in_both_palettes(page: Page, site_url: str) -> None:
    """<meta name="theme-color"> is fixed at build time: the header is the same teal in light and dark."""
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        page.goto(site_url)
        colours = page.evaluate(
            """() => [document.querySelector('meta[name=theme-color]').content,
                      getComputedStyle(document.querySelector('.md-header')).backgroundColor]"""
        )
        red, green, blue = (int(colours[0][i : i + 2], 16) for i in (1, 3, 5))
        assert colours[1] == f"rgb({red}, {green}, {blue})", scheme
        assert page.locator("meta[name=theme-color]").count() == 1
