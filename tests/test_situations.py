"""Situations as files: every file's examples hold, the engine names none of them, and a bad file is refused by line."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from generator import CATALOG, Template, check, render, situations
from generator.catalog import CATALOGS, Example
from generator.languages import codes
from generator.render import check_templates
from generator.situation_file import SituationFileError, parse
from generator.situations import missing_translations, parsed_records, sources

ROOT = Path(__file__).resolve().parent.parent
SITUATIONS = ROOT / "generator" / "situations"
DOCS = ROOT / "docs"
# Every example of every situation in every language: `thank-you.example` in English, `de:thank-you.example`.
EXAMPLES = [
    pytest.param(t, e, id=f"{'' if lang == 'en' else lang + ':'}{t.id}.{e.name}")
    for lang, catalog in CATALOGS.items()
    for t in catalog.values()
    for e in t.examples
]
# Tests of the build's parse of the files: the site's wheel carries the languages as JSON, not their files.
PARSES_THE_FILES = pytest.mark.skipif(sys.platform == "emscripten", reason="the wheel has the languages as JSON")
# A demand, urgency and "!!", as a reader of each language might write them.
PUSHY = {
    "en": "I need to know by Friday, so please reply ASAP!!",
    "de": "Ich brauche eine Antwort bis Freitag, also antworten Sie bitte sofort!!",
    "es": "Necesito una respuesta antes del viernes, así que responda cuanto antes!!",
    "fr": "J’exige une réponse avant vendredi, alors répondez-moi au plus vite !!",
    "pt": "Preciso de uma resposta até sexta, então responda o mais rápido possível!!",
}


def _checked(template: Template, example: Example, body: str | None = None) -> dict[str, bool]:
    values = {**template.example_values(), **example.values}
    email = render(template.id, values, template.lang)
    items = check(template.id, values, email.subject, body or email.body, lang=template.lang)
    return {item.id: item.ok for item in items}


@PARSES_THE_FILES
def test_the_catalog_is_every_file_in_the_folder() -> None:
    """The engine loads every file of generator/situations/, each under its file's name."""
    english = sorted(p for p in SITUATIONS.glob("*.jinja") if "." not in p.stem)
    assert sorted(CATALOG) == [p.stem for p in english]
    assert [name for name, _ in sources()] == [p.name for p in english]
    assert [r["id"] for r in parsed_records()["en"]] == list(CATALOG)


@PARSES_THE_FILES
def test_every_situation_is_in_every_language() -> None:
    """Each language of generator/languages/ has a sibling of every situation: the build refuses a gap."""
    assert missing_translations() == []
    assert list(CATALOGS) == codes()
    for catalog in CATALOGS.values():
        assert list(catalog) == list(CATALOG)


@PARSES_THE_FILES
def test_a_missing_translation_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without one sibling, the list of gaps names that very file."""
    real = situations.sources

    def without_one(*, translations: bool = False) -> list[tuple[str, str]]:
        return [(n, t) for n, t in real(translations=translations) if n != "withdraw.de.jinja"]

    monkeypatch.setattr(situations, "sources", without_one)
    assert missing_translations() == ["generator/situations/withdraw.de.jinja"]


def test_every_template_compiles_with_its_blocks() -> None:
    check_templates()


@pytest.mark.parametrize(("template", "example"), EXAMPLES)
def test_the_check_passes_each_example_and_flags_what_it_says(template: Template, example: Example) -> None:
    """Each example passes every item of the check, bar those its file says it shows failing (`flags`)."""
    failed = {item for item, ok in _checked(template, example).items() if not ok}
    assert failed == set(example.flags)


@pytest.mark.parametrize(("template", "example"), EXAMPLES)
def test_the_check_flags_a_pushy_variant_of_each_example(template: Template, example: Example) -> None:
    """The same example with a demand, urgency and "!!" added fails the not-pushy item."""
    values = {**template.example_values(), **example.values}
    body = render(template.id, values, template.lang).body
    paragraphs = body.split("\n\n")
    pushy = "\n\n".join([*paragraphs[:-1], PUSHY[template.lang], paragraphs[-1]])
    assert _checked(template, example, pushy)["not-pushy"] is False


@pytest.mark.parametrize("template", list(CATALOG.values()), ids=lambda t: t.id)
def test_each_situation_is_on_its_guide_page_with_its_sections(template: Template) -> None:
    """The page the file names holds its form's marker, and the sections its check links to exist."""
    from markdown.extensions.toc import slugify

    page = (DOCS / f"{template.guide}.md").read_text(encoding="utf-8")
    assert f"<!-- email-form: {template.id} -->" in page
    anchors = {slugify(h, "-") for h in re.findall(r"^#+ (.+)$", page, re.MULTILINE)}
    assert template.check["section"] in anchors
    timing = template.check.get("timing")
    if timing:
        timing_page = (DOCS / f"{timing['guide']}.md").read_text(encoding="utf-8")
        assert timing["section"] in {slugify(h, "-") for h in re.findall(r"^#+ (.+)$", timing_page, re.MULTILINE)}


@pytest.mark.skipif(sys.platform == "emscripten", reason="the engine there is the wheel's bytecode, not its sources")
def test_no_engine_source_names_a_situation() -> None:
    """The engine's Python is generic: no situation's id appears in it as a string."""
    sources_text = {p: p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py")}
    for template_id in CATALOG:
        for path, text in sources_text.items():
            assert f'"{template_id}"' not in text, f"{path.relative_to(ROOT)} names {template_id!r}"


@pytest.mark.skipif(sys.platform == "emscripten", reason="runs `python -m generator` as a child process")
@pytest.mark.parametrize("command", [["list"], ["render", "ID", "--example"], ["check", "ID", "--example"]])
def test_the_cli_has_every_situation(command: list[str]) -> None:
    for template_id in CATALOG:
        argv = [template_id if arg == "ID" else arg for arg in command]
        result = subprocess.run(
            [sys.executable, "-m", "generator", *argv], capture_output=True, text=True, check=False, cwd=ROOT
        )
        assert result.returncode == 0, result.stderr
        if command == ["list"]:
            assert all(t in result.stdout for t in CATALOG)
            break


# --- A file that cannot be used fails with its name, its line and what is wrong -----------------------

GOOD = (SITUATIONS / "follow-up.jinja").read_text(encoding="utf-8")


def _refusal(text: str) -> SituationFileError:
    with pytest.raises(SituationFileError) as raised:
        parse("generator/situations/x.jinja", "x", text)
    return raised.value


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_good_file_parses() -> None:
    assert parse("generator/situations/x.jinja", "x", GOOD)["title"] == "Follow-up reminder"


@pytest.mark.parametrize(
    ("old", "new", "at", "says"),
    [
        ('kind = "text"', 'kind = "dropdown"', 'kind = "dropdown"', "is not a kind"),
        ('label = "When you spoke"', 'lable = "When you spoke"', "lable", "unknown key"),
        ("max_length = 300", "max_length = 0", "max_length = 0", "positive"),
        ("max_length = 300", 'max_length = "300"', "max_length =", "a whole number"),
        ('shared = "tone"', 'shared = "mood"', 'shared = "mood"', "no shared field"),
        ('find = "status"', 'find = "statuses"', 'find = "statuses"', "no phrase set"),
        ("words = [50, 175]", "words = [175, 50]", "words = [175, 50]", "[fewest, most]"),
        ('title = "Follow-up reminder"', 'title = "Follow-up reminder', 'title = "Follow-up reminder', "TOML"),
        (
            'forms = ["Following Up on Interview for {position}"]',
            'forms = ["Following Up on Interview for {job}"]',
            "forms = [",
            "“job” is not one of the fields",
        ),
        (
            'forms = ["Following Up on Interview for {position}"]',
            'forms = ["Following Up on Interview for {position"]',
            "forms = [",
            "each { closes",
        ),
        (
            'advice = "Use the guide’s subject line: {first}."',
            'advice = "Use the guide’s subject line for {position}."',
            "advice = ",
            "{position} is not a slot",
        ),
        (
            'mismatch = { position = "Name the position you interviewed for: {first}." }',
            "mismatch = { position = 5 }",
            "mismatch = ",
            "must be a string",
        ),
        ("words = [50, 175]", "words = [-5, 175]", "words = [-5", "[fewest, most]"),
        ('values.tone = "warm"', 'values.tone = "cordial"', 'values.tone = "cordial"', "not one of its choices"),
        ('values.tone = "warm"', 'values.tnoe = "warm"', 'values.tnoe = "warm"', "not one of the fields"),
        ('example = "your marketing goals"', 'example = "' + "x" * 301 + '"', 'example = "xxx', "longer than"),
    ],
)
def test_a_malformed_file_is_refused_at_its_line(old: str, new: str, at: str, says: str) -> None:
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    error = _refusal(bad)
    assert error.path == "generator/situations/x.jinja"
    assert error.line == _line_of(bad, at), str(error)
    assert says in error.message
    assert str(error).startswith(f"generator/situations/x.jinja:{error.line}: ")


def test_an_unknown_flag_and_a_repeated_example_name_are_refused() -> None:
    flagged = GOOD.replace('name = "warm"\n', 'name = "warm"\nflags = ["subjcet"]\n', 1)
    assert "“subjcet” is not an item" in _refusal(flagged).message
    assert "two examples are named" in _refusal(GOOD.replace('name = "warm"', 'name = "example"', 1)).message


def test_a_missing_key_is_named() -> None:
    error = _refusal(GOOD.replace('summary = "Ask politely', 'x_summary = "Ask politely', 1))
    assert "x_summary" in error.message or "summary" in error.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{% block subject %}{% endblock %}", "opens with"),
        ("{#-\n+++\ntitle = 'x'\n", "no closing"),
        ("{#-\n+++\ntitle = 'x'\n+++\n{% block subject %}", "close the front matter"),
        ("{#-\n+++\ntitle = 'x #}'\n+++\n-#}\n", "end the comment early"),
    ],
)
def test_a_file_without_its_front_matter_is_refused(text: str, says: str) -> None:
    assert says in _refusal(text).message


def _serve_follow_up_as(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The engine's templates, with follow-up.jinja read as `text` instead of its file."""
    render_module = importlib.import_module("generator.render")
    original = render_module._environment()
    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"follow-up.jinja": text}), original.loader])
    environment = original.overlay(loader=loader)
    monkeypatch.setattr(render_module, "_environment", lambda: environment)


def test_a_template_error_names_the_files_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jinja2 syntax error in the blocks is reported at the file's own line (the front matter counts)."""
    broken = GOOD.replace("{% block warm -%}", "{% block warm -%}{% if %}", 1)
    _serve_follow_up_as(monkeypatch, broken)
    with pytest.raises(SituationFileError) as raised:
        check_templates()
    assert str(raised.value).startswith(f"generator/situations/follow-up.jinja:{_line_of(broken, '{% if %}')}: Jinja2")


def test_a_template_without_a_tones_block_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _serve_follow_up_as(monkeypatch, GOOD.replace("{% block warm -%}", "{% block cordial -%}", 1))
    with pytest.raises(SituationFileError, match="block warm"):
        check_templates()


# --- Each page of the guide in each language -------------------------------------------------------------

ENGLISH_PAGES = sorted(p.name for p in DOCS.glob("*.md") if p.name.count(".") == 1)
PAGES = [pytest.param(lang, page, id=f"{lang}:{page}") for lang in codes() if lang != "en" for page in ENGLISH_PAGES]
_HEADING_IDS = re.compile(r"^#+ .*\{ *#([\w-]+) *\}\s*$", re.MULTILINE)
_MARKERS = re.compile(r"<!-- (?:email-form: [\w-]+|follow-up-planner) -->")


def _english_ids(markdown: str) -> list[str]:
    from markdown.extensions.toc import slugify

    return [slugify(h, "-") for h in re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)]


@pytest.mark.parametrize(("lang", "page"), PAGES)
def test_each_page_has_its_translation_with_the_same_sections_and_forms(lang: str, page: str) -> None:
    """docs/<page>.<lang>.md exists, keeps every English heading's id, and holds the same markers in order."""
    english = (DOCS / page).read_text(encoding="utf-8")
    translated_path = DOCS / page.replace(".md", f".{lang}.md")
    assert translated_path.exists(), f"docs/{translated_path.name} is missing: every page has every language"
    translated = translated_path.read_text(encoding="utf-8")
    assert _HEADING_IDS.findall(translated) == _english_ids(english)
    assert _MARKERS.findall(translated) == _MARKERS.findall(english)
