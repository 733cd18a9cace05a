"""Filling a template with the reader's values: validation, then Jinja2."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import jinja2

from generator.address import is_address
from generator.catalog import CATALOGS, Field, Template, get_template
from generator.languages import DEFAULT, greeting, message
from generator.situations import FOLDER, package_data, sibling_name
from generator.text import LINE_BREAKS, describe_character, printable, refused_character, without_lone_surrogates

_SENTENCE_END = ".!?;:, \t\n"


@dataclass(frozen=True)
class Email:
    """A filled-in email: the subject line and the plain-text body."""

    subject: str
    body: str

    def to_dict(self) -> dict[str, str]:
        """The email as `{"subject": ..., "body": ...}`."""
        return {"subject": self.subject, "body": self.body}


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field, in words the reader can act on."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The error as `{"field": ..., "message": ...}`."""
        return {"field": self.field, "message": self.message}


class ValidationError(ValueError):
    """The values cannot fill the template; `errors` says which field and why."""

    def __init__(self, template_id: str, errors: list[FieldError]) -> None:
        self.template_id = template_id
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True)
class Preview:
    """A draft that may be incomplete: missing fields show as `[Your Name]`-style stand-ins."""

    email: Email
    errors: tuple[FieldError, ...]


def render(template_id: str, values: Mapping[str, object], lang: str = "en") -> Email:
    """Fill the template with the reader's values.

    Values are only ever data: `{{ 7*7 }}` typed by the reader comes out as
    `{{ 7*7 }}`, and nothing is HTML-escaped, since the email is plain text.

    Args:
        template_id: A catalog id: the name of its situation file, without .jinja.
        values: Field id to text. Choice fields left out take their default.
        lang: The language the email is written in (generator.languages).

    Returns:
        The email's subject and body.

    Raises:
        UnknownTemplateError: no template has that id.
        UnknownLanguageError: the guide is not written in `lang`.
        ValidationError: a value is missing or unusable; every problem is listed.

    """
    preview = render_preview(template_id, values, lang)
    if preview.errors:
        raise ValidationError(template_id, list(preview.errors))
    return preview.email


def render_preview(template_id: str, values: Mapping[str, object], lang: str = "en") -> Preview:
    """Fill the template as far as the values allow, for a live preview.

    Unlike `render`, problems do not stop it: each field that is missing or
    unusable shows its stand-in (`[Your Name]`), and the problems come back
    beside the draft.

    Raises:
        UnknownTemplateError: no template has that id.
        UnknownLanguageError: the guide is not written in `lang`.

    """
    template = get_template(template_id, lang)
    errors = [
        FieldError(key, message(lang, "field.unknown", key=_named(key), fields=_field_ids(template)))
        for key in values
        if template.field(key) is None
    ]
    context: dict[str, str] = {}
    for spec in template.fields:
        value, problem = clean_value(spec, values.get(spec.id), lang)
        if problem:
            errors.append(FieldError(spec.id, problem))
        context[spec.id] = spec.stand_in if problem else value
    return Preview(_fill(template, context), tuple(errors))


def _named(key: str) -> str:
    """A key the reader sent, quoted back short and with its control characters escaped."""
    return printable(key if len(key) <= 40 else key[:39] + "…")


def _field_ids(template: Template) -> str:
    return ", ".join(f.id for f in template.fields)


def clean_value(spec: Field, raw: object, lang: str = DEFAULT) -> tuple[str, str]:
    """The usable value of one field and, if it has none, what the reader should fix.

    The one gate every value passes, before any other work: its length first
    (so nothing longer than the field takes is ever scanned twice), then
    line endings, edges and the characters it may hold (generator.text).

    Returns:
        (value, "") when the value can be used; ("", problem) when it cannot,
        the problem naming the field by its label, in `lang`.

    """
    label = spec.label
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        return "", message(lang, "field.text", label=label)
    if len(raw) > spec.limit:
        return "", message(lang, "field.too_long", label=label, count=len(raw), most=spec.limit)
    # Line endings from a textarea or a pasted file differ; the email uses \n.
    value = without_lone_surrogates(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    if spec.kind == "choice":
        allowed = [c.value for c in spec.choices]
        if not value:
            return spec.example or allowed[0], ""
        if value not in allowed:
            return "", message(lang, "field.choice", label=label, choices=", ".join(allowed))
        return value, ""
    if not value:
        return "", message(lang, "field.required", label=label) if spec.required else ""
    refused = refused_character(value, multi_line=spec.kind == "long-text")
    if refused in LINE_BREAKS and spec.kind != "long-text":
        return "", message(lang, "field.one_line", label=label)
    if refused is not None:
        return "", message(lang, "field.character", label=label, character=describe_character(refused))
    if not value.rstrip(_SENTENCE_END):
        # Only full stops and commas: the template drops a value's closing
        # punctuation, so this one would vanish and leave a gap in a sentence.
        return "", message(lang, "field.punctuation", label=label)
    if spec.kind == "email" and not is_address(value):
        return "", message(lang, "field.email", label=label)
    return value, ""


def _fill(template: Template, context: Mapping[str, str]) -> Email:
    jinja_template = _environment().get_template(_template_file(template))
    # A situation with tones writes its body in the block its tone names ("formal", "warm");
    # a tone not understood (its stand-in, in a preview) writes the default one.
    tone = template.field("tone")
    body_block = "body" if tone is None else context["tone"]
    if tone is not None and body_block not in jinja_template.blocks:
        body_block = tone.example or tone.choices[0].value
    # The salutation line, as the language greets this name in this tone ("Sehr geehrte Frau Dr. Schmidt,").
    if template.field("interviewer") is not None:
        context = {**context, "greeting": greeting(template.lang, context["interviewer"], body_block)}
    return Email(
        subject=_render_block(jinja_template, "subject", context),
        body=_render_block(jinja_template, body_block, context),
    )


def _render_block(template: jinja2.Template, block: str, context: Mapping[str, str]) -> str:
    # One file per situation holds every part as a block, so the subject and
    # the bodies are edited side by side and can never drift apart.
    return "".join(template.blocks[block](template.new_context(dict(context))))


def _fragment(text: str) -> str:
    """A value the template ends with its own full stop: drop the reader's, so no `..`."""
    return text.rstrip(_SENTENCE_END)


def compiled_template_path(name: str) -> str:
    """Where, inside this package, the code of the template `name` is carried (see ShippedTemplateCode)."""
    return f"compiled_templates/{name}.code"


class ShippedTemplateCode(jinja2.BytecodeCache):
    """Templates compiled ahead of time, carried in the package; nothing is written at run time.

    Jinja2 compiles a template's source to Python code on first use, in the
    browser on the way to the first preview
    (docs/development/decisions/0018-templates-compiled-at-build-time.md). The
    wheel the site serves carries that code in `compiled_templates/`, made at
    build time by the very Pyodide that runs it (scripts/precompile.mjs). Jinja2 takes an entry only if it was made from
    the same template source, by the same Jinja2 and Python; otherwise, and
    when the package carries none (a source checkout), it compiles as usual.
    """

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The template's name alone: its path differs between the build and the browser."""
        return name

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from the package's compiled code, if it carries any for this template."""
        code = package_data(compiled_template_path(bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep nothing: the shipped code is made at build time only."""


def compile_templates() -> dict[str, bytes]:
    """Every template of the catalog compiled by this Python, as ShippedTemplateCode reads it.

    Returns: the path inside the package (compiled_template_path) -> the code.
    scripts/precompile.mjs runs this inside Pyodide to fill the wheel.
    """
    compiled: dict[str, bytes] = {}

    class Recorder(ShippedTemplateCode):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            """Read nothing: compile every template, whatever the package already carries."""

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            compiled[compiled_template_path(bucket.key)] = bucket.bytecode_to_string()

    environment = _environment().overlay(bytecode_cache=Recorder())
    for catalog in CATALOGS.values():
        for template in catalog.values():
            environment.get_template(_template_file(template))
    return compiled


def check_templates() -> None:
    """Compile every situation's template and check its blocks: a subject, and a body or one per tone.

    The build and the tests call this; the browser never compiles (ShippedTemplateCode).

    Raises:
        SituationFileError: a template does not compile, or lacks a block; it names the file and line.

    """
    from generator.situation_file import SituationFileError

    for template in (template for catalog in CATALOGS.values() for template in catalog.values()):
        path = f"generator/{FOLDER}/{_template_file(template)}"
        try:
            blocks = _environment().get_template(_template_file(template)).blocks
        except jinja2.TemplateSyntaxError as error:
            raise SituationFileError(path, error.lineno, f"Jinja2: {error.message}") from None
        tone = template.field("tone")
        needed = ["subject", *([c.value for c in tone.choices] if tone else ["body"])]
        missing = [name for name in needed if name not in blocks]
        if missing:
            where = "one block per tone" if tone else "a body block"
            raise SituationFileError(path, 1, f"no “{{% block {missing[0]} %}}”: the file needs a subject and {where}")


def _template_file(template: Template) -> str:
    return sibling_name(template.id, template.lang)


@cache
def _environment() -> jinja2.Environment:
    # autoescape off: the output is plain text, so O'Brien must stay O'Brien.
    # StrictUndefined: a typo in a template fails the tests instead of
    # silently leaving a gap in someone's email.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", FOLDER),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        bytecode_cache=ShippedTemplateCode(),
    )
    environment.filters["fragment"] = _fragment
    return environment
