"""Each language file says everything the engine asks of a language, in the form it reads.

docs/development/adding-a-language.md describes the files; these tests are its contract, so a new language
that passes them works everywhere (the forms, the check, the dates), with no change of code.
"""

from __future__ import annotations

import re
import string
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from generator.checks.lexicon import lexicon
from generator.languages import codes, format_date, greeting, language
from generator.shared_fields import SHARED_FIELDS
from generator.situation_file import PHRASE_SETS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in codes() if code != "en"]
PUSHY_KINDS = ("demand", "ultimatum", "urgency", "urgency_unless_own", "guilt", "channels")


def _slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _nav_titles() -> list[str]:
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = mkdocs.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  - (.+?): [\w-]+\.md$", nav, re.MULTILINE)


@pytest.mark.skipif(sys.platform == "emscripten", reason="the site's wheel carries the languages as JSON alone")
def test_the_languages_are_the_files_english_first() -> None:
    folder = resources.files("generator") / "languages"
    files = sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    assert codes() == ["en", *[code for code in files if code != "en"]]
    assert set(TRANSLATED) == {"de", "es", "fr", "pt"}


@pytest.mark.skipif(sys.platform == "emscripten", reason="the page's words are the build's, not in the wheel")
@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_language_names_itself_and_every_page_of_the_navigation(lang: str) -> None:
    data = language(lang)
    assert data["name"]
    assert data["locale"].split("-")[0] == lang
    assert set(data["nav"]) == set(_nav_titles())
    assert data["site"]["description"].strip()
    assert data["site"]["copyright"].startswith("Follow Up Politely · ")
    assert all(title.strip() for title in data["nav"].values())


@pytest.mark.parametrize("lang", codes())
def test_a_language_writes_every_date(lang: str) -> None:
    """Seven weekdays from Monday, twelve months, and forms that use only their slots."""
    dates = language(lang)["dates"]
    assert len(dates["weekdays"]) == 7
    assert len(dates["months"]) == 12
    assert _slots(dates["long"]) == {"weekday", "day", "month", "year"}
    assert _slots(dates["short"]) == {"weekday", "day", "month"}
    written = format_date(date(2026, 12, 7), lang)
    assert dates["weekdays"][0] in written
    assert dates["months"][11] in written
    assert "2026" in written


@pytest.mark.parametrize("lang", codes())
def test_a_language_greets_by_name_in_each_tone(lang: str) -> None:
    data = language(lang)
    rules = [*data.get("greetings", []), data["greeting"]]
    for rule in rules:
        for tone in ("formal", "warm"):
            # A greeting may leave the name out ("Madame,"), but no other slot.
            assert _slots(rule.get(tone, rule["formal"])) <= {"name"}
    example = data.get("shared", {}).get("interviewer", {}).get("example", SHARED_FIELDS["interviewer"]["example"])
    assert greeting(lang, example, "formal").strip()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_language_words_every_shared_field(lang: str) -> None:
    """Every shared field's label, and its help, blank and choices where English has them."""
    shared = language(lang)["shared"]
    assert set(shared) == set(SHARED_FIELDS)
    for field_id, english in SHARED_FIELDS.items():
        words = shared[field_id]
        for key in ("label", "help", "blank"):
            if english.get(key):
                assert words.get(key), f"{lang}: shared.{field_id}.{key}"
        if "choices" in english:
            assert set(words["choices"]) == {choice["value"] for choice in english["choices"]}
        if english.get("example") and english["kind"] == "text":
            assert words.get("example"), f"{lang}: shared.{field_id}.example"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_language_gives_the_check_its_words_and_patterns(lang: str) -> None:
    """The check's lists, each phrase set the situation files may name, and every kind of pushy pattern."""
    data = language(lang)
    for key in ("greeting_words", "casual_greetings", "titles", "generic_addressees", "sign_offs"):
        assert data["check"][key]
        assert all(isinstance(w, str) and w.strip() for w in data["check"][key])
    assert data["check"]["filler"].split()
    assert set(data["phrases"]) == set(PHRASE_SETS)
    assert set(data["pushy"]) == {*PUSHY_KINDS, "own_availability"}
    for kind in PUSHY_KINDS:
        for pattern in data["pushy"][kind]:
            re.compile(pattern)
            # A quantified group inside a quantified group can backtrack without end on pasted text.
            assert not re.search(r"\([^()]*[+*][^()]*\)[+*{]", pattern), f"{lang}: pushy.{kind}: {pattern}"
    words = lexicon(lang)
    assert words.valediction.fullmatch(data["check"]["sign_offs"][0])
    assert words.greeting_word.match(data["check"]["greeting_words"][0].title())


# --- The page's strings --------------------------------------------------------------------------------

OVERRIDES = ROOT / "overrides"


@pytest.mark.skipif(sys.platform == "emscripten", reason="reads the page's scripts and partials, not in the wheel")
def test_every_string_the_page_asks_for_is_english_s() -> None:
    """Each `t("key")` of the scripts and `ui.key` of the partials is a string of en.toml's [ui]; each is used."""
    scripts = "".join(path.read_text("utf-8") for path in (OVERRIDES / "assets" / "javascripts").glob("*.mjs"))
    partials = "".join(path.read_text("utf-8") for path in (OVERRIDES / "partials").glob("*.html"))
    asked = set(re.findall(r'\bt\("(\w+)"', scripts)) | set(re.findall(r"\bui\.(\w+)", partials))
    asked |= set(re.findall(r'\breport\("\w+", "(worker_\w+)"\)', scripts))  # the worker's moments
    assert asked == set(language("en")["ui"])


@pytest.mark.skipif(sys.platform == "emscripten", reason="the page's words are the build's, not in the wheel")
@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_language_says_every_string_of_the_page(lang: str) -> None:
    """Every [ui] string English has, with the same {slots}; the panel's number as a word of its own."""
    english, translated = language("en")["ui"], language(lang).get("ui", {})
    assert set(translated) == set(english)
    for key, text in english.items():
        if key == "fields_legend":  # the title as written, or in lower case: whichever the language writes
            assert _slots(translated[key]) in ({"title"}, {"title_lower"}), f"{lang}: ui.{key}"
        else:
            assert _slots(translated[key]) == _slots(text), f"{lang}: ui.{key}"
    for key in ("panel_card_title", "panel_card_legend", "remove_interviewer"):
        assert re.search(r"(?<!\w)\{n\}(?!\w)", translated[key]), f"{lang}: ui.{key}"
