"""Each language file says everything the engine asks of a language, in the form it reads.

docs/development/adding-a-language.md describes the files; these tests are its contract, so a new language
that passes them works everywhere (the forms, the check, the dates), with no change of code.
"""

from __future__ import annotations

import json
import re
import string
import sys
from datetime import UTC, date, datetime, time
from importlib import resources
from pathlib import Path

import pytest

from generator import api, languages
from generator.address import ADVICE
from generator.catalog import CATALOGS
from generator.checks import check
from generator.checks.lexicon import lexicon
from generator.ics import plan_ics
from generator.inputs import split_check_input
from generator.languages import Phrase, codes, format_date, format_time, greeting, language, message, messages
from generator.planner import plan
from generator.render import render
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
    # A language without its own time form writes English's.
    assert _slots(dates.get("time", "{hour}{minute}")) == {"hour", "minute"}
    assert "30" in format_time(time(14, 30), lang)
    written = format_date(date(2026, 12, 7), lang)
    assert dates["weekdays"][0] in written
    assert dates["months"][11] in written
    assert "2026" in written


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "Tuesday, December 1, 2026"),
        ("de", "Dienstag, 1. Dezember 2026"),
        ("es", "martes, 1 de diciembre de 2026"),
        ("fr", "mardi 1er décembre 2026"),
        ("pt", "terça-feira, 1 de dezembro de 2026"),
    ],
)
def test_the_first_of_the_month_as_each_language_writes_it(lang: str, written: str) -> None:
    assert format_date(date(2026, 12, 1), lang) == written
    # Only the first: the eleventh is a number like any other.
    eleventh = format_date(date(2026, 12, 11), lang)
    assert "11" in eleventh
    assert "1er" not in eleventh


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
    asked |= set(re.findall(r'"(worker_\w+)"', scripts))  # the worker's moments and failures, by key
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


# --- [messages]: every sentence the engine says ------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_language_says_only_what_english_says_with_its_slots(lang: str) -> None:
    """Each message a language gives is one English has, with exactly English's {slots}; the rest fall back."""
    english = messages("en")
    for key, text in messages(lang).items():
        assert key in english, f"{lang}: messages.{key} is no English message"
        assert _slots(text) == _slots(english[key]), f"{lang}: messages.{key}"


@pytest.mark.skipif(sys.platform == "emscripten", reason="the engine there is the wheel's bytecode, not its sources")
def test_every_english_message_is_said_by_the_engine() -> None:
    """No sentence in en.toml is left over: each key is named, as a string, in the engine's sources."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    assert [key for key in messages("en") if f'"{key}"' not in sources] == []


def test_a_message_falls_back_to_english_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key the language lacks is said in English, and so are its dates and phrases: no sentence mixes two."""
    # French as if partly translated: the keys below left out, whatever fr.toml gives by now.
    left_out = {"greeting.missing", "plan.decision.by", "plan.deadline.advice", "plan.deadline.by_time"}
    own = {lang: messages(lang) for lang in codes()}
    partly_french = {key: text for key, text in own["fr"].items() if key not in left_out}
    monkeypatch.setattr(languages, "messages", lambda lang: partly_french if lang == "fr" else own[lang])
    assert "greeting.missing" not in languages.messages("fr")
    assert message("fr", "greeting.missing") == message("en", "greeting.missing")
    friday = date(2026, 12, 4)
    assert message("fr", "plan.decision.by", day=friday) == "by Friday, December 4, 2026"
    assert message("de", "plan.decision.by", day=friday) == "bis Freitag, 4. Dezember 2026"
    nested = Phrase("plan.deadline.by_time", time=time(9, 5))
    assert message("fr", "plan.deadline.advice", by=nested).startswith("Send your thank-you email by 09:05 at")
    assert message("de", "plan.deadline.advice", by=nested).startswith(
        "Schicken Sie Ihre Dankes-E-Mail spätestens bis 09:05 Uhr"
    )
    # A language's own quotes go around what the reader wrote where its sentence is its own.
    assert message("fr", "quote", text="x") == "«\u00a0x\u00a0»"
    with pytest.raises(KeyError):
        message("de", "no.such.message")


def test_english_says_the_address_advice_the_drafts_say() -> None:
    assert message("en", "field.email", label="Email") == f"Email must be {ADVICE}."


def test_german_messages_keep_sie() -> None:
    """German working life keeps Sie (de.toml's greetings say why): no du in any sentence the engine says."""
    du = re.compile(r"\b(?:du|dich|dir|dein\w*)\b", re.IGNORECASE)
    assert [key for key, text in messages("de").items() if du.search(text)] == []


def test_a_german_check_item_is_in_german() -> None:
    template = CATALOGS["de"]["thank-you"]
    values = template.example_values()
    email = render("thank-you", values, "de")
    items = {
        item.id: item.advice
        for item in check(
            "thank-you",
            values,
            email.subject,
            email.body.replace("Sehr geehrter Herr Weber,", "Sehr geehrter Herr,"),
            interview_date=date(2026, 3, 3),
            interview_time=time(10, 0),
            now=datetime(2026, 3, 4, 9, 0),
            lang="de",
        )
    }
    assert items["greeting"] == "Ergänzen Sie den Nachnamen, etwa „Guten Tag Herr Schmidt,“."
    assert items["thank-you-timing"] == (
        "Innerhalb von 24 Stunden nach dem Gespräch: Schicken Sie sie bis 10:00 Uhr am Mittwoch, 4. März 2026."
    )
    # The day choice as the German form names it, in German quotes.
    assert items["interview-day"] == "In der E-Mail steht „heute“, das Gespräch war aber gestern: Wählen Sie „Gestern“."


def test_a_german_plan_names_german_days() -> None:
    steps = plan(date(2026, 3, 3), time(14, 30), lang="de").steps
    assert [step.label for step in steps] == ["Gespräch", "Frist für die Dankes-E-Mail", "Nachfassen", "Weitermachen"]
    assert "spätestens bis 14:30 Uhr" in steps[1].advice
    assert "zwischen Dienstag, 10. März 2026 und Freitag, 13. März 2026" in steps[2].advice
    # English stays the default.
    assert (
        plan(date(2026, 3, 3)).steps[2].advice.endswith("between Tuesday, March 10, 2026 and Friday, March 13, 2026.")
    )


def test_a_german_calendar_and_its_errors_are_in_german() -> None:
    text = plan_ics(
        plan(date(2026, 3, 3), time(14, 30), lang="de"),
        dtstamp=datetime(2026, 3, 1, tzinfo=UTC),
        position="Analystin",
        lang="de",
    )
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Dankes-E-Mail schicken (Analystin)" in unfolded
    assert "SUMMARY:Nach dem Gespräch nachfassen (Analystin)" in unfolded
    assert "Mittwoch\\, 4. März 2026 um 14:30 Uhr" in unfolded
    # An input's error is raised without a language and said in the reader's.
    _, _, errors = split_check_input({"interview_time": "25:00", "timeline": "0 weeks"}, "de")
    assert [e.message for e in errors] == [
        message("de", "inputs.time"),
        message("de", "timeline.zero_weeks", help=Phrase("timeline.help")),
    ]
    assert errors[1].message.startswith("eine Wartezeit von 0 Wochen ist kein Zeitraum; geben Sie nichts an")


def test_the_page_plans_in_its_language() -> None:
    """The planner's request names the page's language: its steps, its calendar and its errors are in it."""
    request = {"op": "plan", "lang": "de", "interview_date": "2026-03-03", "now": "2026-03-01T10:00:00Z"}
    answer = json.loads(api.handle(json.dumps({**request, "timeline": "1 week"})))
    assert answer["ok"] is True
    assert [step["label"] for step in answer["plan"]["steps"]][2] == "Angekündigte Entscheidung"
    assert "Das Unternehmen will innerhalb von 1 Woche entscheiden." in answer["plan"]["steps"][2]["advice"]
    assert "SUMMARY:Dankes-E-Mail schicken" in answer["ics"]
    refused = json.loads(api.handle(json.dumps({**request, "interview_date": "", "position": "x" * 200})))
    assert refused["errors"] == [{"field": "interview_date", "message": "Bitte geben Sie das Datum des Gesprächs an."}]
    too_long = json.loads(api.handle(json.dumps({**request, "position": "x" * 200})))
    assert too_long["errors"][0]["message"] == "„Stelle“ ist zu lang: 200 Zeichen, erlaubt sind höchstens 150."


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_casual_greeting_is_named_too_casual(lang: str) -> None:
    """The language's casual greeting is a greeting, and the check says it is too casual."""
    from generator import check
    from generator.catalog import CATALOGS
    from generator.render import render

    template = CATALOGS[lang]["thank-you"]
    values = template.example_values()
    email = render(template.id, values, lang)
    casual = language(lang)["check"]["casual_greetings"][0].title()
    body = f"{casual} {values['interviewer']},\n\n" + email.body.split("\n\n", 1)[1]
    (greeting,) = [i for i in check(template.id, values, email.subject, body, lang=lang) if i.id == "greeting"]
    assert not greeting.ok
    assert greeting.advice == message(lang, "greeting.casual")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_timeline_reads_in_the_language(lang: str) -> None:
    """The language file's words for a day and a week: "10 Tage" in German, as "10 days" in English."""
    from generator.inputs import Timeline, parse_timeline

    words = language(lang)["timeline"]
    assert parse_timeline(f"10 {words['days'][-1]}", lang) == Timeline(count=10, unit="day")
    assert parse_timeline(f"2 {words['weeks'][-1]}", lang) == Timeline(count=2, unit="week")
    assert parse_timeline("2 weeks", lang) == Timeline(count=2, unit="week")
    for word in words["business_days"]:
        assert parse_timeline(f"5 {word}", lang) == Timeline(count=5, unit="business_day"), word
