"""Rendering emails: each situation's examples, the guide's examples, values as data, validation and previews.

The golden emails are in the situation files themselves: each `[[examples]]`
entry states the subject and body its values must give, so a change in
wording shows up as a reviewed diff of that file. tests/golden/guide-*.txt are
copied verbatim from the guide (interview-follow-up-guide.txt) and never
rewritten.
"""

import importlib
import itertools
import re
from pathlib import Path

import jinja2
import pytest

from generator import (
    CATALOG,
    Email,
    FieldError,
    Template,
    UnknownTemplateError,
    ValidationError,
    render,
    render_preview,
)
from generator.catalog import CATALOGS, Example

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DOCS = ROOT / "docs"


def _values(template_id: str, **changes: object) -> dict[str, object]:
    """The template's example values with some changed."""
    values: dict[str, object] = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


def _as_text(email: Email) -> str:
    return f"Subject: {email.subject}\n\n{email.body}\n"


def _errors(template_id: str, values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        render(template_id, values)
    return {e.field: e.message for e in raised.value.errors}


# --- Golden files -------------------------------------------------------------------------------------


# Each situation file's [[examples]]: values over the fields' examples, and the email they must give.
# In every language: each translation's examples are its golden emails.
EXAMPLES = [
    pytest.param(t, e, id=f"{'' if lang == 'en' else lang + ':'}{t.id}.{e.name}")
    for lang, catalog in CATALOGS.items()
    for t in catalog.values()
    for e in t.examples
]


@pytest.mark.parametrize(("template", "example"), EXAMPLES)
def test_each_example_renders_the_email_its_file_states(template: Template, example: Example) -> None:
    """Every example of every situation file renders exactly the subject and body the file gives for it."""
    email = render(template.id, {**template.example_values(), **example.values}, template.lang)
    assert (email.subject, email.body) == (example.subject, example.body)


# Each language's pages show its own guide examples, as its situation files state them.
TRANSLATED_EXAMPLE_PAGES = [
    pytest.param(lang, template_id, id=f"{lang}:{template_id}")
    for lang in CATALOGS
    if lang != "en"
    for template_id in ("thank-you", "follow-up")
]


@pytest.mark.parametrize(("lang", "template_id"), TRANSLATED_EXAMPLE_PAGES)
def test_each_languages_page_shows_its_guide_example(lang: str, template_id: str) -> None:
    """docs/<page>.<lang>.md's example box is the language's guide example, paragraph by paragraph."""
    template = CATALOGS[lang][template_id]
    (example,) = [e for e in template.examples if e.guide]
    shown = _paragraphs(_admonition_example((DOCS / f"{template.guide}.{lang}.md").read_text(encoding="utf-8")))
    # The box names the subject in its language ("**Betreff:** ..."): the subject itself is what must match.
    label, _, subject = shown[0].partition(":** ")
    assert label.startswith("**")
    assert [subject, *shown[1:]] == _paragraphs(f"{example.subject}\n\n{example.body}\n")


def test_golden_files_are_the_guides_own_examples() -> None:
    """tests/golden holds the seed guide's two examples, word for word, and nothing else."""
    assert {p.name for p in GOLDEN.iterdir()} == {"guide-thank-you.txt", "guide-follow-up.txt"}


# --- The guide's examples -----------------------------------------------------------------------------

GUIDE_EXAMPLES = [("thank-you", "guide-thank-you.txt"), ("follow-up", "guide-follow-up.txt")]


@pytest.mark.parametrize(("template_id", "golden"), GUIDE_EXAMPLES)
def test_the_files_guide_example_is_the_guides_text(template_id: str, golden: str) -> None:
    """The example a situation file marks `guide = true` states the guide's own email, word for word."""
    (example,) = [e for e in CATALOG[template_id].examples if e.guide]
    assert f"Subject: {example.subject}\n\n{example.body}\n" == (GOLDEN / golden).read_text(encoding="utf-8")


@pytest.mark.parametrize(("template_id", "golden"), GUIDE_EXAMPLES)
def test_example_values_rebuild_the_guides_example_word_for_word(template_id: str, golden: str) -> None:
    """The catalog's example values render the guide's example email exactly, typography included."""
    email = render(template_id, CATALOG[template_id].example_values())
    assert _as_text(email) == (GOLDEN / golden).read_text(encoding="utf-8")


def _admonition_example(markdown: str) -> str:
    """The text of the page's `!!! example` block, as plain text in the golden files' form."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("!!! example"))
    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line.removeprefix("    "))
    text = "\n".join(block).strip()
    text = text.replace("**Subject:**", "Subject:").replace("<br>", "")
    return text + "\n"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize(
    ("page", "golden"), [("thank-you.md", "guide-thank-you.txt"), ("follow-up.md", "guide-follow-up.txt")]
)
def test_docs_page_shows_the_guides_example(page: str, golden: str) -> None:
    """The page's example admonition holds the guide's example, paragraph by paragraph."""
    shown = _admonition_example((DOCS / page).read_text(encoding="utf-8"))
    assert _paragraphs(shown) == _paragraphs((GOLDEN / golden).read_text(encoding="utf-8"))


# --- Values are data ----------------------------------------------------------------------------------

LITERAL_VALUES = [
    "{{ 7*7 }}",
    "{% if true %}yes{% endif %}",
    "{# not a comment",
    "{%",
    "}}",
    "${x}",
    "%s and %(name)s",
    "{0} and {name}",
    "O'Brien",
    '"quoted"',
    "<b>&amp;</b>",
    "<script>alert(1)</script>",
    "\\n and \\u2013",
]


@pytest.mark.parametrize("value", LITERAL_VALUES)
def test_template_syntax_in_a_value_comes_out_literally(value: str) -> None:
    """Whatever the reader types, template or format syntax and HTML included, appears as typed."""
    email = render("thank-you", _values("thank-you", candidate_name=value, highlight=value))
    assert email.subject == f"Thank you – {value}"
    assert f"I truly enjoyed {value}." in email.body
    assert email.body.endswith(f"Best regards,\n{value}")


def test_values_are_not_html_escaped() -> None:
    """The email is plain text: no `&#39;`, `&amp;amp;` or `&lt;` appears."""
    email = render("follow-up", _values("follow-up", interviewer="Mr. O'Brien", position="R&D <Lead>"))
    text = email.subject + email.body
    assert "Dear Mr. O'Brien," in email.body
    assert email.subject == "Following Up on Interview for R&D <Lead>"
    assert "&#" not in text
    assert "&amp;" not in text
    assert "&lt;" not in text


UNICODE_VALUES = [
    "שלום עולם",  # right-to-left
    "\u202eevil\u202c",  # explicit direction override
    "مرحبا Ahmed",  # mixed direction
    "👩‍💻 Jane",  # emoji joined by ZWJ
    "👍🏽",  # emoji with skin-tone modifier
    "Zoe\u0308 Jose\u0301",  # combining marks, not precomposed
    "Zoë José",  # precomposed
    "李小龍",
    "inner\u00a0space",  # no-break space inside
]


@pytest.mark.parametrize("value", UNICODE_VALUES)
def test_unicode_survives_unchanged(value: str) -> None:
    """Right-to-left text, ZWJ emoji and combining marks come out code point for code point."""
    email = render("thank-you", _values("thank-you", candidate_name=value, interviewer=value))
    assert email.subject == f"Thank you – {value}"
    assert email.body.startswith(f"Dear {value},\n")
    assert email.body.endswith(f"\n{value}")


# --- Validation ---------------------------------------------------------------------------------------

REQUIRED_TEXT_FIELDS = [(t.id, f.id) for t in CATALOG.values() for f in t.fields if f.required and f.kind != "choice"]


@pytest.mark.parametrize(("template_id", "field_id"), REQUIRED_TEXT_FIELDS)
@pytest.mark.parametrize("absent", ["missing", "empty", "blank", "none"])
def test_missing_required_field_is_named_with_its_label(template_id: str, field_id: str, absent: str) -> None:
    """A required field left out, empty, blank or None is an error naming the field, with its label."""
    values = _values(template_id)
    if absent == "missing":
        del values[field_id]
    else:
        values[field_id] = {"empty": "", "blank": " \t\n ", "none": None}[absent]
    errors = _errors(template_id, values)
    assert list(errors) == [field_id]
    label = CATALOG[template_id].field(field_id).label
    assert label in errors[field_id]
    assert "required" in errors[field_id]


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_every_problem_is_listed_at_once(template_id: str) -> None:
    """With nothing filled in, every required field is reported in one ValidationError, in field order."""
    with pytest.raises(ValidationError) as raised:
        render(template_id, {})
    required = [f for t, f in REQUIRED_TEXT_FIELDS if t == template_id]
    assert [e.field for e in raised.value.errors] == required
    assert raised.value.template_id == template_id
    for field_id in required:
        assert f"{field_id}: " in str(raised.value)


def test_different_problems_are_reported_together() -> None:
    """An unknown key, a non-text value, a bad choice and a bad address all come back in one error."""
    values = _values(
        "thank-you", nickname="JD", position=42, interview_day="tomorrow", recipient_email="not-an-address"
    )
    errors = _errors("thank-you", values)
    assert set(errors) == {"nickname", "position", "interview_day", "recipient_email"}


def test_unknown_field_is_an_error_naming_it() -> None:
    """A key the template does not have is an error naming the key and listing the real fields."""
    errors = _errors("follow-up", _values("follow-up", highlight="the tour"))
    assert list(errors) == ["highlight"]
    assert "highlight" in errors["highlight"]
    for spec in CATALOG["follow-up"].fields:
        assert spec.id in errors["highlight"]


@pytest.mark.parametrize("value", [42, 3.5, True, ["Jane"], {"first": "Jane"}, b"Jane"])
def test_non_text_value_is_an_error(value: object) -> None:
    """A value that is not a string is an error saying the field must be text."""
    errors = _errors("thank-you", _values("thank-you", candidate_name=value))
    assert list(errors) == ["candidate_name"]
    assert errors["candidate_name"] == "Your name must be text."


SINGLE_LINE_FIELDS = [(t.id, f.id) for t in CATALOG.values() for f in t.fields if f.kind in {"text", "email"}]


@pytest.mark.parametrize(("template_id", "field_id"), SINGLE_LINE_FIELDS)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_break_in_a_single_line_field_is_an_error(template_id: str, field_id: str, newline: str) -> None:
    """A line break inside a one-line field (a name, a subject part, an address) is an error."""
    value = f"x@example.com{newline}bcc@example.com" if field_id == "recipient_email" else f"first{newline}second"
    errors = _errors(template_id, _values(template_id, **{field_id: value}))
    assert list(errors) == [field_id]
    assert errors[field_id].endswith("must fit on one line.")


@pytest.mark.parametrize(("value", "expected"), [("tomorrow", "today, yesterday"), ("Today", "today, yesterday")])
def test_bad_choice_lists_the_allowed_values(value: str, expected: str) -> None:
    """A value that is not one of the choices is an error listing the allowed values."""
    errors = _errors("thank-you", _values("thank-you", interview_day=value))
    assert list(errors) == ["interview_day"]
    assert expected in errors["interview_day"]


@pytest.mark.parametrize(
    "address",
    ["jane", "jane@", "@example.com", "jane@example", "jane doe@example.com", "jane@@example.com", "a@b@c.com"],
)
def test_invalid_recipient_email_is_an_error(address: str) -> None:
    """An address without a single @ and a dotted domain, or with a space, is an error."""
    errors = _errors("thank-you", _values("thank-you", recipient_email=address))
    assert list(errors) == ["recipient_email"]
    assert "email address" in errors["recipient_email"]


@pytest.mark.parametrize("address", ["hr@example.com", "jane.doe+jobs@mail.example.co.uk", "  hr@example.com  ", ""])
def test_valid_or_empty_recipient_email_is_accepted(address: str) -> None:
    """A plausible address, or none at all, is accepted; the recipient never appears in the email."""
    email = render("thank-you", _values("thank-you", recipient_email=address))
    assert email == render("thank-you", _values("thank-you"))


@pytest.mark.parametrize(("template_id", "field_id"), [("thank-you", "interview_day"), ("thank-you", "subject_style")])
@pytest.mark.parametrize("absent", ["missing", "empty", "blank", "none"])
def test_choice_field_left_out_takes_its_default(template_id: str, field_id: str, absent: str) -> None:
    """A choice field left out, empty or None takes its default: the example the form preselects."""
    values = _values(template_id)
    if absent == "missing":
        del values[field_id]
    else:
        values[field_id] = {"empty": "", "blank": "  ", "none": None}[absent]
    assert render(template_id, values) == render(template_id, _values(template_id))


def test_surrounding_whitespace_is_stripped() -> None:
    """Spaces, tabs and line breaks around a value are dropped."""
    values = _values(
        "thank-you",
        candidate_name="  Jane Doe\t",
        interviewer="\nMr. Smith ",
        highlight="  the tour \r\n",
        interview_day=" yesterday ",
    )
    email = render("thank-you", values)
    assert email.subject == "Thank you – Jane Doe"
    assert email.body.startswith("Dear Mr. Smith,\n")
    assert "speak with me yesterday about" in email.body
    assert "I truly enjoyed the tour." in email.body
    assert email.body.endswith("\nJane Doe")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("the tour\r\nand the team", "the tour\nand the team"),
        ("the tour\rand the team", "the tour\nand the team"),
        ("the tour\r\n\r\nand the team", "the tour\n\nand the team"),
        ("the tour\nand the team", "the tour\nand the team"),
    ],
)
def test_line_endings_in_long_text_are_normalised(value: str, expected: str) -> None:
    """A long-text value may span lines; CRLF and CR become LF, so the body holds no carriage return."""
    email = render("thank-you", _values("thank-you", highlight=value))
    assert f"I truly enjoyed {expected}." in email.body
    assert "\r" not in email.body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("the tour", "I truly enjoyed the tour."),
        ("the tour.", "I truly enjoyed the tour."),
        ("the tour. ", "I truly enjoyed the tour."),
        ("the tour...", "I truly enjoyed the tour."),
        ("the tour!", "I truly enjoyed the tour."),
        ("the tour,", "I truly enjoyed the tour."),
        ("the U.S. office", "I truly enjoyed the U.S. office."),
    ],
)
def test_trailing_full_stop_in_a_fragment_does_not_double(value: str, expected: str) -> None:
    """A fragment the template ends with its own full stop drops the reader's, so there is no `..`."""
    body = render("thank-you", _values("thank-you", highlight=value)).body
    assert f"{expected}\n" in body
    assert ".." not in body


@pytest.mark.parametrize(
    ("template_id", "field_id", "expected"),
    [
        ("thank-you", "contribution", "opportunity to grow. Our discussion"),
        ("follow-up", "team_goals", "contribute to grow.\n"),
        ("follow-up", "interview_when", "conversation grow about the"),
        ("rejection-reply", "highlight", "I especially enjoyed grow. I would"),
    ],
)
def test_every_fragment_field_drops_the_readers_punctuation(template_id: str, field_id: str, expected: str) -> None:
    """Each fragment field, whether it ends a sentence or sits inside one, loses its trailing punctuation."""
    body = render(template_id, _values(template_id, **{field_id: "grow."})).body
    assert expected in body


def test_company_ending_in_a_full_stop_does_not_double() -> None:
    """A company name ending in a full stop ("Acme Inc.") ends the sentence once, not with `..`."""
    body = render("rejection-reply", _values("rejection-reply", company="Acme Inc.")).body
    assert "to get to know the team at Acme Inc.\n" in body
    assert ".." not in body


def test_fragment_of_only_punctuation_counts_as_missing() -> None:
    """A required fragment field holding only punctuation is reported, not rendered as an empty gap."""
    with pytest.raises(ValidationError) as raised:
        render("thank-you", _values("thank-you", highlight="..."))
    assert [e.field for e in raised.value.errors] == ["highlight"]


def test_unknown_template_raises() -> None:
    """Both render and render_preview raise UnknownTemplateError for an id the catalog lacks."""
    with pytest.raises(UnknownTemplateError, match="no-such-template"):
        render("no-such-template", {})
    with pytest.raises(UnknownTemplateError, match="no-such-template"):
        render_preview("no-such-template", {})


def test_validation_error_is_a_value_error_with_plain_data() -> None:
    """ValidationError is a ValueError whose errors serialise to {"field", "message"}."""
    with pytest.raises(ValueError, match="candidate_name: Your name is required") as raised:
        render("thank-you", _values("thank-you", candidate_name=""))
    assert isinstance(raised.value, ValidationError)
    assert [e.to_dict() for e in raised.value.errors] == [
        {"field": "candidate_name", "message": "Your name is required."}
    ]


# --- Every combination reads cleanly ------------------------------------------------------------------


def _combinations(template_id: str) -> list[dict[str, object]]:
    """Every choice value crossed with every optional field present or empty."""
    template = CATALOG[template_id]
    axes: list[list[tuple[str, str]]] = []
    for spec in template.fields:
        if spec.kind == "choice":
            axes.append([(spec.id, c.value) for c in spec.choices])
        elif not spec.required:
            axes.append([(spec.id, ""), (spec.id, "hr@example.com" if spec.kind == "email" else "Acme")])
    return [_values(template_id, **dict(combo)) for combo in itertools.product(*axes)]


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_every_combination_of_choices_and_optional_fields_reads_cleanly(template_id: str) -> None:
    """No combination leaves doubled spaces or punctuation, stray blank lines or edge whitespace."""
    for values in _combinations(template_id):
        email = render(template_id, values)
        assert email.subject == email.subject.strip()
        assert "\n" not in email.subject
        assert email.body == email.body.strip()
        assert not re.search(r"  |\.\.|\s[.,]|\n\n\n|[ \t]\n", email.body), email.body
        assert email.body.startswith(f"Dear {values['interviewer']},\n\n")
        sign_off = "Warm regards" if values.get("tone") == "warm" else "Best regards"
        assert email.body.endswith(f"\n\n{sign_off},\n{values['candidate_name']}")


# --- Previews -----------------------------------------------------------------------------------------


def test_preview_of_nothing_shows_stand_ins_and_errors() -> None:
    """An empty preview shows `[Your Name]`-style stand-ins and lists the errors, without raising."""
    preview = render_preview("thank-you", {})
    assert preview.email.subject == "Thank you – [Your Name]"
    assert preview.email.body.startswith("Dear [Interviewer],\n")
    assert "about the [Position] position" in preview.email.body
    assert "I truly enjoyed [Something specific you enjoyed]." in preview.email.body
    assert "opportunity to [How you would contribute]." in preview.email.body
    assert preview.email.body.endswith("\n[Your Name]")
    assert all(isinstance(e, FieldError) for e in preview.errors)
    assert [e.field for e in preview.errors] == [f for t, f in REQUIRED_TEXT_FIELDS if t == "thank-you"]


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_preview_shows_each_required_fields_stand_in(template_id: str) -> None:
    """Every required text field's stand-in appears in the empty preview."""
    email = render_preview(template_id, {}).email
    for spec in CATALOG[template_id].fields:
        if spec.required and spec.kind != "choice":
            assert spec.stand_in in email.subject + email.body


def test_preview_fills_what_it_has() -> None:
    """Filled fields show their values; only the missing ones show stand-ins."""
    preview = render_preview("follow-up", {"candidate_name": "Jane Doe", "position": "Analyst"})
    assert preview.email.subject == "Following Up on Interview for Analyst"
    assert "[Your Name]" not in preview.email.body
    assert "Dear [Interviewer]," in preview.email.body
    assert {e.field for e in preview.errors} == {"interviewer", "interview_when", "team_goals"}


def test_preview_shows_a_stand_in_for_an_unusable_value() -> None:
    """A value that fails validation shows its stand-in, never the bad value, and its error is returned."""
    preview = render_preview("thank-you", _values("thank-you", interviewer="Mr.\nSmith", position=7))
    assert "Mr.\nSmith" not in preview.email.body
    assert preview.email.body.startswith("Dear [Interviewer],")
    assert "about the [Position] position" in preview.email.body
    assert {e.field for e in preview.errors} == {"interviewer", "position"}


def test_preview_reports_unknown_keys_but_still_renders() -> None:
    """An unknown key is an error in the preview, and the draft still renders from the other values."""
    preview = render_preview("thank-you", _values("thank-you", nickname="JD"))
    assert [e.field for e in preview.errors] == ["nickname"]
    assert preview.email == render("thank-you", _values("thank-you"))


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_complete_preview_equals_render(template_id: str) -> None:
    """With complete values the preview has no errors and is exactly the rendered email."""
    preview = render_preview(template_id, _values(template_id))
    assert preview.errors == ()
    assert preview.email == render(template_id, _values(template_id))


# --- templates compiled ahead of time (ShippedTemplateCode) ---------------------------------------

_render_module = importlib.import_module("generator.render")


def _compiled_code(name: str) -> bytes:
    """What the build puts in the wheel for template `name`."""
    return _render_module.compile_templates()[_render_module.compiled_template_path(name)]


def _environment_reading(monkeypatch: pytest.MonkeyPatch, shipped: dict[str, bytes]) -> jinja2.Environment:
    """The engine's environment with an empty template cache, its package carrying `shipped` as compiled code."""
    paths = {_render_module.compiled_template_path(name): code for name, code in shipped.items()}
    monkeypatch.setattr(_render_module, "package_data", paths.get)
    return _render_module._environment().overlay(bytecode_cache=_render_module.ShippedTemplateCode())


def test_package_data_reads_the_package_own_files_and_says_none_for_others() -> None:
    # From a source checkout natively, from the wheel (a zip on sys.path) inside Pyodide.
    assert _render_module.package_data("situations/thank-you.jinja").startswith(b"{#")
    assert _render_module.package_data(_render_module.compiled_template_path("no-such.jinja")) is None


def test_compiled_templates_are_used_without_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"{template_id}.jinja" for template_id in CATALOG]
    environment = _environment_reading(monkeypatch, {name: _compiled_code(name) for name in names})

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a template the package carries")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    for template_id, name in zip(CATALOG, names, strict=True):
        template = environment.get_template(name)
        context = template.new_context({f.id: f"<{f.id}>" for f in CATALOG[template_id].fields})
        assert "".join(template.blocks["formal"](context))


def test_compiled_code_of_another_source_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # The follow-up's code offered as the thank-you's: Jinja2's checksum of the source refuses it.
    environment = _environment_reading(monkeypatch, {"thank-you.jinja": _compiled_code("follow-up.jinja")})
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object
    ) -> object:
        compiled.append(name or "")
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    template = environment.get_template("thank-you.jinja")
    assert compiled == ["thank-you.jinja"]
    context = {f.id: f"<{f.id}>" for f in CATALOG["thank-you"].fields}
    expected = _render_module._environment().get_template("thank-you.jinja")
    assert "".join(template.blocks["formal"](template.new_context(dict(context)))) == "".join(
        expected.blocks["formal"](expected.new_context(dict(context)))
    )
