"""The guide in each language, in a real browser: its forms write the language's emails, as the native engine does.

Every language's every form is filled with a reader's values; the preview must be what render() gives for
them in that language, opening with the language's greeting. Then the page itself: its <html lang>, its
alternates, the language selector (to the same page, even after instant navigation) and search, which finds
the reader's language alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from generator.catalog import CATALOGS
from generator.languages import codes, greeting, language
from generator.render import render

from .helpers import PAGE_OF, form_of, preview_of, values_for, wait_ready

TRANSLATED = codes()[1:]
FORMS = [pytest.param(lang, template_id, id=f"{lang}:{template_id}") for lang in TRANSLATED for template_id in PAGE_OF]


@pytest.mark.parametrize(("lang", "template_id"), FORMS)
def test_each_languages_form_previews_the_native_render(page: Page, site_url: str, lang: str, template_id: str) -> None:
    """Typed values give, in the page, exactly render()'s email in the page's language, with its greeting."""
    page.goto(f"{site_url}{lang}/{PAGE_OF[template_id]}")
    template = CATALOGS[lang][template_id]
    form = form_of(page, template_id)
    # Before Python answers, the build's example: the language's own.
    example = render(template_id, template.example_values(), lang)
    assert preview_of(page, template_id) == example.to_dict()
    wait_ready(page, template_id)
    values = values_for(template_id)
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    wait_ready(page, template_id)
    expected = render(template_id, values, lang)
    assert preview_of(page, template_id) == expected.to_dict()
    assert expected.body.splitlines()[0] == greeting(lang, values["interviewer"], "formal")
    # The check links into the guide in the same language.
    links = form.locator("[data-check] a.fup-check__link, [data-check] li a")
    expect(links.first).to_be_attached()
    hrefs = [page.evaluate("(a) => a.href", link.element_handle()) for link in links.all()]
    assert hrefs
    assert all(href.startswith(f"{site_url}{lang}/") for href in hrefs), hrefs
    # The form speaks the language: its fields' labels are the language's.
    for spec in template.fields:
        expect(form.locator(f'label[for$="-{spec.id}"]').first).to_contain_text(spec.label)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_page_says_its_language_and_names_its_translations(page: Page, site_url: str, lang: str) -> None:
    """<html lang> is the language's locale; the alternates name the same page in every language, absolutely."""
    response = page.goto(f"{site_url}{lang}/follow-up/")
    assert response is not None
    assert page.locator("html").get_attribute("lang") == language(lang)["locale"]
    # As a search engine reads them: rel's word "alternate", in the HTML served (hooks/languages.py).
    html = response.text()
    alternates = dict(
        (match["lang"], match["href"])
        for match in re.finditer(r'<link rel=" alternate" href="(?P<href>[^"]+)" hreflang="(?P<lang>[^"]+)">', html)
    )
    expected = {
        language(code)["locale"]: f"{site_url}{'' if code == 'en' else code + '/'}follow-up/" for code in codes()
    }
    assert alternates == {**expected, "x-default": f"{site_url}follow-up/"}


def test_the_language_selector_goes_to_the_page_in_view(page: Page, site_url: str) -> None:
    """After instant navigation to another page, the selector opens that page in the language chosen, anew."""
    page.goto(f"{site_url}de/")
    page.locator('nav.md-nav--primary a[href$="not-pushy/"]').first.click()
    page.wait_for_url(f"{site_url}de/not-pushy/")
    page.evaluate("window.__samePage = true")  # gone after a full load
    page.locator(".md-select").first.hover()
    page.locator('.md-select a[hreflang="fr"]').first.click()
    page.wait_for_url(f"{site_url}fr/not-pushy/")
    assert page.evaluate("window.__samePage === undefined")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.text_content() != ""


@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
def test_search_finds_the_readers_language_alone(page: Page, site_url: str, lang: str) -> None:
    """Searching from a page in a language lists that language's pages, and no other's."""
    folder = "" if lang == "en" else f"{lang}/"
    page.goto(f"{site_url}{folder}not-pushy/")
    # The longest word of the page's own title, which each language's index holds.
    word = max(re.findall(r"[^\W\d_]+", page.locator("h1").first.text_content() or ""), key=len)
    page.keyboard.press("/")
    # Typed key by key, as a reader does: the theme searches as keys come.
    page.locator("input.md-search__input").press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__link")
    expect(results.first).to_be_visible()
    paths = {urlsplit(href).path for href in (r.get_attribute("href") or "" for r in results.all())}
    root = urlsplit(site_url).path
    others = [code for code in TRANSLATED if code != lang]
    assert paths
    assert all(path.startswith(root + folder) for path in paths), paths
    assert not any(path.startswith(f"{root}{code}/") for path in paths for code in others), paths


# What the site's service worker holds for a page about to open, taken as that page would (handover.mjs).
TAKE_AGAIN = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
  worker.postMessage({ type: "follow-up-politely:handover-take", path: location.pathname }, [channel.port2]);
  return answer;
}"""


@pytest.mark.parametrize("lang", TRANSLATED)
def test_what_was_typed_goes_with_the_reader_to_another_language(
    open_context: Callable[[], BrowserContext], site_url: str, lang: str
) -> None:
    """Typed in English, then the selector: the same page in `lang` has every field, its card and its choice.

    It previews render()'s email for them in `lang`. Nothing was put in storage; the worker held them once.
    """
    page = open_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    template_id = "thank-you"
    page.goto(site_url + PAGE_OF[template_id])
    wait_ready(page, template_id)
    form = form_of(page, template_id)
    values = values_for(template_id)
    for name, value in values.items():
        form.locator(f'[name="{name}"]').fill(value)
    choices = {"tone": "warm"}
    form.locator('[name="tone"]').select_option(choices["tone"])
    form.locator('[data-action="add-interviewer"]').click()
    card = page.locator(f'form[data-panel-of="{template_id}"]')
    card_values = {"interviewer": "Ms. Okafor", "highlight": "the data-quality questions"}
    for name, value in card_values.items():
        card.locator(f'[name="{name}"]').fill(value)
    # At once, before the service worker registers on its own (offline.mjs): the switch registers it.
    page.locator(".md-select").first.hover()
    page.locator(f'.md-select a[hreflang="{lang}"]').first.click()
    page.wait_for_url(f"{site_url}{lang}/{PAGE_OF[template_id]}")

    form = form_of(page, template_id)
    typed = values | choices
    for name, value in typed.items():
        expect(form.locator(f'[name="{name}"]')).to_have_value(value)
    expect(form.locator('[role="status"]').first).not_to_be_empty()
    expect(card).to_have_count(1)
    wait_ready(page, template_id)
    assert preview_of(page, template_id) == render(template_id, typed, lang).to_dict()
    expect(card.locator('[data-output="body"]')).to_have_text(render(template_id, typed | card_values, lang).body)
    assert page.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
    assert page.evaluate(TAKE_AGAIN) is None

    # And back, from a page the service worker controls: the hand-over is bound to the page it opens.
    page.locator(".md-select").first.hover()
    page.locator('.md-select a[hreflang="en"]').first.click()
    page.wait_for_url(site_url + PAGE_OF[template_id])
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    for name, value in typed.items():
        expect(form.locator(f'[name="{name}"]')).to_have_value(value)
    expect(card).to_have_count(1)
    assert page.evaluate("() => [scrollY, document.activeElement === document.body]") == [0, True]
    assert errors == []
