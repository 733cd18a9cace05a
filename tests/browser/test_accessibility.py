"""Accessibility in real Chromium: axe on every page and form state, keyboard-only use, every screen width."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from generator import get_template, plan, render

from .conftest import SITE
from .helpers import PAGE_OF, fill_form, form_of, preview_of, values_for, wait_ready

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
# Every page of the site, and the page GitHub Pages shows for an address that is not one.
PAGES = [
    *sorted(
        "" if path.parent == SITE else f"{path.parent.relative_to(SITE).as_posix()}/"
        for path in SITE.glob("**/index.html")
    ),
    "404.html",
]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
SCHEMES = ["light", "dark"]
WIDTHS = [320, 375, 768, 1280]  # a small phone, a common phone, a tablet, a laptop
SCREENSHOT_WIDTHS = [375, 1280]
# WCAG 2.2, 2.5.8: a target at least 24 by 24 CSS pixels.
MIN_TARGET_PX = 24
# A long word with no place to break, as a pasted link or a German compound might be.
# One word of 120 characters: within the position's limit (150), far wider than any screen.
UNBROKEN = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen-" * 2


def axe_violations(page: Page) -> list[str]:
    """What axe finds on the page as it is now, one line per rule and element."""
    # Evaluated, not added as a <script>: the page's policy rightly refuses inline scripts.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # Judged at rest: mid-fade (the header's title as the page scrolls) colours are not what anyone reads.
    settle(page)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", TAGS
    )
    return [f"{v['id']}: {node['target']} {node['failureSummary']}" for v in results for node in v["nodes"]]


def settle(page: Page) -> None:
    """Let the page come to rest: two frames for the theme's resize handlers, then every transition's end."""
    page.evaluate(
        """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
             .then(() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))))"""
    )


def open_page(page: Page, url: str, scheme: str = "light", width: int = 1280) -> None:
    """Open a page in a palette (the site follows the system's) at a screen width."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)


def test_the_palette_follows_the_system_setting(page: Page, site_url: str) -> None:
    """Light and dark really differ, so the axe runs below test two palettes, not one twice."""
    schemes = {}
    for scheme in SCHEMES:
        open_page(page, site_url, scheme)
        schemes[scheme] = page.locator("body").get_attribute("data-md-color-scheme")
    assert schemes == {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_on_any_page(page: Page, site_url: str, scheme: str) -> None:
    """Axe finds nothing on any page, in the light and the dark palette."""
    assert len(PAGES) >= 7, PAGES
    found = {}
    for path in PAGES:
        open_page(page, site_url + path, scheme)
        page.wait_for_load_state("networkidle")
        found[path] = axe_violations(page)
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_no_axe_violation_in_any_form_state(page: Page, site_url: str, template_id: str, scheme: str) -> None:
    """Axe finds nothing in a form that is empty, showing errors, or filled in (checklist open, panel card added)."""
    open_page(page, site_url + PAGE_OF[template_id], scheme)
    wait_ready(page, template_id)
    form = form_of(page, template_id)
    states = {"empty": axe_violations(page)}
    form.locator('[data-action="copy-body"]').click()
    expect(form.locator("[data-error-for]:visible").first).to_be_visible()
    states["errors"] = axe_violations(page)
    fill_form(page, template_id, values_for(template_id) | {"recipient_email": "not an address"})
    wait_ready(page, template_id)
    form.locator("[data-check-good-box] summary").click()
    if form.locator('[data-action="add-interviewer"]').count():
        form.locator('[data-action="add-interviewer"]').click()
        expect(page.locator("form[data-panel-of]")).to_have_count(1)
    states["filled"] = axe_violations(page)
    assert states == {"empty": [], "errors": [], "filled": []}


# --- Keyboard only ----------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    """What has the focus: its field name or action, and where it sits."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const form = e.closest('form[data-template], form[data-panel-of]');
          return {
            key: e.name || e.dataset.action || (e.matches('[data-remember-toggle]') ? 'remember' : '')
                 || (e.tagName === 'SUMMARY' ? 'summary' : '') || (e.matches('[data-check] a') ? 'guide-link' : '')
                 || e.tagName.toLowerCase(),
            form: form ? (form.dataset.template || 'panel') : '',
          };
        }"""
    )


def assert_focus_is_visible(page: Page) -> None:
    """The focused element shows a solid ring of 2px or more, wholly below the sticky header and on screen."""
    seen = page.evaluate(
        """() => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          const box = e.getBoundingClientRect();
          return {
            what: e.outerHTML.slice(0, 100),
            outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
            top: box.top, bottom: box.bottom,
            header: document.querySelector('.md-header').getBoundingClientRect().bottom,
            viewport: window.innerHeight,
          };
        }"""
    )
    assert seen["outline"] not in ("none", ""), f"no focus ring: {seen}"
    assert seen["width"] >= 2, f"a focus ring too thin to see: {seen}"
    assert seen["top"] >= seen["header"], f"focus hidden under the sticky header: {seen}"
    assert seen["bottom"] <= seen["viewport"], f"focus below the screen: {seen}"


def tab_to(page: Page, key: str, *, backwards: bool = False, limit: int = 80) -> list[dict[str, str]]:
    """Press Tab (or Shift+Tab) until the control named key has the focus; return every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        stop = focused(page)
        stops.append(stop)
        if stop["key"] == key:
            return stops
    raise AssertionError(f"{key} never took the focus; stops were {stops}")


def field_order(form: Locator) -> list[str]:
    return form.locator("[data-fields] [name]").evaluate_all("els => els.map(e => e.name)")


# Where the focus is, as a sighted keyboard user sees it.
TAB_STOP = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // The palette switch is a hidden radio button: the icon after it shows the ring.
  const shown = e.matches('.md-option') ? e.nextElementSibling : e;
  const box = shown.getBoundingClientRect();
  const style = getComputedStyle(shown);
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    what: e.outerHTML.slice(0, 90),
    ring: style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
              && box.bottom > 0 && box.top < innerHeight,
    visible: shown.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    uncovered: !!top && (shown.contains(top) || top.contains(shown) || top.closest('label') === shown),
  };
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["", "thank-you/"])
def test_every_tab_stop_shows_where_the_focus_is(page: Page, site_url: str, path: str, width: int) -> None:
    """Tab from the top of a page to its end: every stop is on screen, uncovered, and ringed 2px or more.

    On a phone that includes the navigation drawer, whose links are in the tab
    order though the drawer is closed: it slides in while it holds the focus.
    """
    open_page(page, site_url + path, width=width)
    if path:
        wait_ready(page, "thank-you")
    stops, problems = 0, []
    while (stops := stops + 1) < 250:
        page.keyboard.press("Tab")
        settle(page)
        stop = page.evaluate(TAB_STOP)
        if stop is None:
            break  # past the last stop, back to the page itself
        failed = [check for check in ("ring", "onScreen", "visible", "uncovered") if not stop[check]]
        if failed:
            problems.append(f"{failed}: {stop['what']}")
    assert 15 < stops < 250, f"{stops} tab stops"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_each_form_works_with_the_keyboard_alone(page: Page, site_url: str, template_id: str) -> None:
    """From the top of the page, Tab reaches every field in order, then every action; each works by key.

    The walk types the reader's values, checks the preview against the native
    engine, copies subject and body, downloads both files, and opens the list of
    what is already good, all without the mouse; focus is seen at every stop.
    """
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, site_url + PAGE_OF[template_id])
    wait_ready(page, template_id)
    form = form_of(page, template_id)
    fields = field_order(form)
    values = values_for(template_id)

    stops = tab_to(page, fields[0])
    assert all(stop["form"] != template_id for stop in stops[:-1]), "the form was entered before its first field"
    for index, name in enumerate(fields):
        if index:
            page.keyboard.press("Tab")
        assert focused(page) == {"key": name, "form": template_id}
        assert_focus_is_visible(page)
        if name in values:
            page.keyboard.type(values[name])
        else:
            page.keyboard.press("ArrowDown")  # a choice: the next option, by key
    wait_ready(page, template_id)
    chosen = {name: form.locator(f'[name="{name}"]').input_value() for name in fields}
    assert chosen.keys() - values.keys(), "no choice was made by key"
    expected = render(template_id, chosen)
    assert preview_of(page, template_id) == expected.to_dict()

    # A panel's "Add another interviewer" closes the fields' column; the email's actions follow.
    panel = ["add-interviewer"] if get_template(template_id).panel_fields else []
    after_fields = ["remember", "forget", *panel, "copy-subject", "copy-body", "mailto", "download-eml", "download-txt"]
    walked = [stop["key"] for stop in tab_to(page, "download-txt")]
    assert walked == after_fields, "the actions are not next, in order, after the fields"
    # Back up to Copy subject and use each action from the keyboard, checking focus on the way.
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
        assert_focus_is_visible(page)
    assert focused(page)["key"] == "copy-subject"
    page.keyboard.press("Enter")
    expect(form.locator('[role="status"]')).to_have_text("Subject copied. Paste it into your email.")
    assert page.evaluate("navigator.clipboard.readText()") == expected.subject
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(form.locator('[role="status"]')).to_have_text("Body copied. Paste it into your email.")
    assert page.evaluate("navigator.clipboard.readText()") == expected.body
    page.keyboard.press("Tab")
    assert focused(page)["key"] == "mailto"
    page.keyboard.press("Tab")
    with page.expect_download() as eml:
        page.keyboard.press("Enter")
    assert eml.value.suggested_filename.endswith(".eml")
    page.keyboard.press("Tab")
    with page.expect_download() as txt:
        page.keyboard.press("Space")
    assert Path(txt.value.path()).read_text(encoding="utf-8").startswith(f"Subject: {expected.subject}")

    # The etiquette check: its links into the guide, then the folded list of what is good.
    walked = [stop["key"] for stop in tab_to(page, "summary")]
    assert set(walked[:-1]) <= {"guide-link"}, walked
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(form.locator("[data-check-good-box]")).to_have_attribute("open", "")


def test_the_planner_works_with_the_keyboard_alone(page: Page, site_url: str) -> None:
    """Date typed, a timeline chosen by arrow keys, a count typed, and the calendar file downloaded by Enter."""
    open_page(page, site_url + "follow-up/")
    planner = page.locator("form[data-planner]")
    expect(planner).to_have_attribute("data-mounted", "true")
    tab_to(page, "interview_date")
    assert_focus_is_visible(page)
    page.keyboard.type("02252028")  # the date field of an English (US) browser reads month, day, year
    expect(planner.locator('[name="interview_date"]')).to_have_value("2028-02-25")
    tab_to(page, "interview_time", limit=4)  # Tab may first step through the date's own parts
    tab_to(page, "timeline_kind", limit=4)  # and the time's
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(planner.locator('[name="timeline_kind"]')).to_have_value("days")
    page.keyboard.press("Tab")
    assert focused(page)["key"] == "timeline_count"
    assert_focus_is_visible(page)
    page.keyboard.type("3")
    expect(planner).to_have_attribute("data-ready", "true", timeout=60_000)
    expected = plan(date(2028, 2, 25), None, "3 days")
    days = [t.get_attribute("datetime") for t in planner.locator("[data-plan-steps] time").all()]
    assert days == [step.day.isoformat() for step in expected.steps]
    tab_to(page, "download-ics", limit=5)
    assert_focus_is_visible(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".ics")


def test_panel_cards_are_added_and_removed_with_the_keyboard(page: Page, site_url: str) -> None:
    """Add interviewer puts the focus in the new card; its Remove button gives the focus back to Add."""
    open_page(page, site_url + "thank-you/")
    wait_ready(page, "thank-you")
    fill_form(page, "thank-you", values_for("thank-you"))
    tab_to(page, "add-interviewer")
    page.keyboard.press("Enter")
    card = page.locator('form[data-panel-of="thank-you"]')
    expect(card.locator('[name="interviewer"]')).to_be_focused()
    assert_focus_is_visible(page)
    page.keyboard.type("Mr. Okafor")
    expect(card.locator('[data-output="body"]')).to_contain_text("Mr. Okafor")
    tab_to(page, "remove-interviewer")
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(card).to_have_count(0)
    expect(form_of(page, "thank-you").locator('[data-action="add-interviewer"]')).to_be_focused()


@pytest.mark.parametrize("width", [375, 1280])
def test_focus_is_never_hidden_under_the_sticky_header(page: Page, site_url: str, width: int) -> None:
    """Walking back up a long form with Shift+Tab, each field scrolls into view below the header."""
    open_page(page, site_url + "thank-you/", width=width)
    wait_ready(page, "thank-you")
    form = form_of(page, "thank-you")
    fields = field_order(form)
    form.locator('[data-action="download-txt"]').focus()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for name in reversed(fields):
        tab_to(page, name, backwards=True, limit=10)
        assert_focus_is_visible(page)


def test_errors_are_tied_to_their_fields_and_take_the_focus(page: Page, site_url: str) -> None:
    """Using an incomplete email shows each error under its field, read with it, and focuses the first."""
    open_page(page, site_url + "thank-you/")
    wait_ready(page, "thank-you")
    form = form_of(page, "thank-you")
    form.locator('[name="candidate_name"]').fill("Ana Lima")
    wait_ready(page, "thank-you")
    form.locator('[data-action="download-eml"]').focus()
    page.keyboard.press("Enter")
    first = form.locator('[name="interviewer"]')
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-invalid", "true")
    error = form.locator('[data-error-for="interviewer"]')
    expect(error).to_be_visible()
    assert error.get_attribute("id") in (first.get_attribute("aria-describedby") or "").split()
    expect(first).to_have_accessible_description(
        f"{page.locator('#fup-thank-you-interviewer-help').text_content()} {error.text_content()}"
    )
    expect(form.locator('[role="status"]')).to_contain_text("Fill in the form first")
    # Fixing it clears the error and the invalid state.
    page.keyboard.type("Ms. Patel")
    page.keyboard.press("Tab")
    expect(error).to_be_hidden()
    expect(first).not_to_have_attribute("aria-invalid", "true")


def test_status_messages_go_through_one_region_that_exists_from_the_start() -> None:
    """Each form has one status region in the built page, empty, before any script speaks; the preview is not live."""
    for template_id, path in PAGE_OF.items():
        html = (SITE / path / "index.html").read_text(encoding="utf-8")
        form = html.split(f'data-template="{template_id}"', 1)[1].split("</form>", 1)[0]
        assert form.count('role="status"') == 1, template_id
        assert '<p class="fup-status" role="status" data-status></p>' in form
        assert "aria-live" not in form, "the preview (or anything else in the form) must not be a live region"


def test_the_status_region_speaks_loading_ready_and_copied(page: Page, site_url: str) -> None:
    """Loading, ready, and the result of an action are all said in the one region, which never moves."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    said: list[str] = []
    page.expose_function("noteStatus", lambda text: said.append(text))
    open_page(page, site_url + "follow-up/")
    region = form_of(page, "follow-up").locator('[role="status"]')
    region.evaluate("r => new MutationObserver(() => window.noteStatus(r.textContent)).observe(r, {childList: true})")
    wait_ready(page, "follow-up")
    fill_form(page, "follow-up", values_for("follow-up"))
    wait_ready(page, "follow-up")
    form_of(page, "follow-up").locator('[data-action="copy-subject"]').press("Enter")
    expect(region).to_have_text("Subject copied. Paste it into your email.")
    assert said[-1] == "Subject copied. Paste it into your email."
    assert "Ready. The preview follows your typing." in said
    assert form_of(page, "follow-up").locator('[role="status"]').count() == 1


# --- Clipboard fallback -----------------------------------------------------

# Safari refuses the Clipboard API outside a click; this stands in for such a
# browser, and notes whether the copy was asked for inside the click itself.
REFUSE_CLIPBOARD = """
  window.copyCalls = [];
  navigator.clipboard.writeText = (text) => {
    window.copyCalls.push({inClick: window.event?.type ?? null, text});
    return Promise.reject(new DOMException('refused', 'NotAllowedError'));
  };
"""


@pytest.mark.parametrize("action", ["copy-subject", "copy-body"])
def test_a_refused_clipboard_selects_the_text_and_says_how_to_copy(page: Page, site_url: str, action: str) -> None:
    """Copy asks for the clipboard in the click handler itself; refused, the text is selected and the page says so."""
    page.add_init_script(REFUSE_CLIPBOARD)
    open_page(page, site_url + "after-rejection/")
    wait_ready(page, "rejection-reply")
    values = values_for("rejection-reply")
    fill_form(page, "rejection-reply", values)
    wait_ready(page, "rejection-reply")
    form = form_of(page, "rejection-reply")
    form.locator(f'[data-action="{action}"]').click()
    part = action.removeprefix("copy-")
    expect(form.locator('[role="status"]')).to_have_text(
        f"Your browser did not allow copying. The {part} is selected: press Ctrl+C (or ⌘C) to copy it."
    )
    expected = getattr(render("rejection-reply", values), part)
    assert page.evaluate("window.copyCalls") == [{"inClick": "click", "text": expected}]
    assert page.evaluate("window.getSelection().toString()") == expected


def test_without_a_clipboard_api_the_copy_still_works_by_the_older_command(page: Page, site_url: str) -> None:
    """Where navigator.clipboard is missing altogether, the text is selected and copied by execCommand in the click."""
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, site_url + "follow-up/")
    wait_ready(page, "follow-up")
    values = values_for("follow-up")
    fill_form(page, "follow-up", values)
    wait_ready(page, "follow-up")
    form_of(page, "follow-up").locator('[data-action="copy-body"]').click()
    expect(form_of(page, "follow-up").locator('[role="status"]')).to_have_text("Body copied. Paste it into your email.")
    # The page's own clipboard object is gone; read it from another page of the site.
    reader = page.context.new_page()
    reader.goto(site_url + "privacy/")
    pasted = reader.evaluate("navigator.clipboard.readText()")
    assert pasted == render("follow-up", values).body


# --- Every screen -----------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("template_id", list(PAGE_OF))
def test_form_pages_fit_every_width(page: Page, site_url: str, template_id: str, scheme: str) -> None:
    """A form page, filled with a long unbreakable word, never scrolls sideways; targets are 24px or more.

    At 320, 375, 768 and 1280 pixels wide. Screenshots at 375 and 1280, light
    and dark, land in test-results/screenshots/ to be looked at.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = PAGE_OF[template_id]
    open_page(page, site_url + path, scheme)
    wait_ready(page, template_id)
    fill_form(page, template_id, values_for(template_id) | {"position": UNBROKEN})
    wait_ready(page, template_id)
    assert UNBROKEN in "".join(preview_of(page, template_id).values())
    page.locator("body").click(position={"x": 1, "y": 1})  # no field focused: screenshots show the form at rest
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        # Nor does anything in the form stick out of its box (a field scrolls its own text, as it should).
        sticking_out = form_of(page, template_id).evaluate(
            """form => [...form.querySelectorAll('*')]
                 .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
                 .filter(e => !e.matches('.fup-visually-hidden, input, textarea, select'))
                 .map(e => `${e.className || e.tagName} ${e.scrollWidth}/${e.clientWidth}`)"""
        )
        assert sticking_out == [], f"content wider than its box on {path} at {width}px"
        too_small = form_of(page, template_id).evaluate(
            """(form, min) => [...form.querySelectorAll('button, a.md-button, select, input, textarea, summary')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => [e.dataset.action || e.name || e.tagName, e.getBoundingClientRect()])
                 .filter(([, box]) => box.width < min || box.height < min)
                 .map(([what, box]) => `${what} ${Math.round(box.width)}x${Math.round(box.height)}`)""",
            MIN_TARGET_PX,
        )
        assert too_small == [], f"targets under {MIN_TARGET_PX}px on {path} at {width}px"
        labels_above = form_of(page, template_id).evaluate(
            """form => [...form.querySelectorAll('[data-fields] .fup-field__control')].every(control => {
                 const label = form.querySelector(`label[for="${control.id}"]`).getBoundingClientRect();
                 return label.bottom <= control.getBoundingClientRect().top + 1;
               })"""
        )
        assert labels_above, f"a label is not above its field on {path} at {width}px"
        if width in SCREENSHOT_WIDTHS:
            page.screenshot(path=SCREENSHOTS / f"{template_id}-{width}-{scheme}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(page: Page, site_url: str, width: int) -> None:
    """Every page, guide and privacy and 404 alike, fits the screen at every width."""
    overflowing = {}
    for path in PAGES:
        open_page(page, site_url + path, width=width)
        settle(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            overflowing[path] = overflow
    assert overflowing == {}


def test_inputs_have_visible_borders_in_both_palettes(page: Page, site_url: str) -> None:
    """Each field's border stands out from the page at 3:1 or more (WCAG 1.4.11), light and dark."""
    ratios = {}
    for scheme in SCHEMES:
        open_page(page, site_url + "follow-up/", scheme)
        wait_ready(page, "follow-up")
        colours = (
            form_of(page, "follow-up")
            .locator('[name="position"]')
            .evaluate("""e => [getComputedStyle(e).borderTopColor, getComputedStyle(document.body).backgroundColor]""")
        )
        ratios[scheme] = contrast(*colours)
    assert all(ratio >= 3 for ratio in ratios.values()), json.dumps(ratios)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of an rgb()/rgba() colour laid over an opaque rgb() background."""

    def channels(colour: str) -> list[float]:
        inside = colour[colour.index("(") + 1 : -1].replace("/", ",").replace(" ", ",")
        parts = [float(part) for part in inside.split(",") if part]
        return parts + [1.0] * (4 - len(parts))

    *fore, alpha = channels(foreground)
    back = channels(background)[:3]
    mixed = [alpha * f + (1 - alpha) * b for f, b in zip(fore, back, strict=True)]

    def luminance(rgb: list[float]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(mixed), luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
