"""The catalog: every situation's email template and the fields its form asks for.

Each situation is one file, generator/situations/<id>.jinja (see
generator.situations); this module turns their data into the types the
engine uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.languages import UnknownLanguageError
from generator.shared_fields import MAX_LENGTH
from generator.situations import records

FieldKind = Literal["text", "long-text", "choice", "email"]


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the value stored and the words shown."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One thing the reader types or picks, named by the id the template uses.

    `example` is the guide's own value, so the catalog's examples rebuild the
    guide's example emails. `autocomplete` is the HTML token that lets a
    browser offer what it already knows (the reader's name, say).
    `max_length` is the most characters the field takes; 0 means its kind's
    (`MAX_LENGTH`). The page shows it, and the engine refuses a longer value
    before anything else.
    """

    id: str
    label: str
    kind: FieldKind
    example: str
    help: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    autocomplete: str = "off"
    blank: str = ""
    max_length: int = 0

    @property
    def limit(self) -> int:
        """The most characters this field takes."""
        return self.max_length or MAX_LENGTH[self.kind]

    @property
    def stand_in(self) -> str:
        """What a preview shows where this field is still empty, in the guide's `[Your Name]` style."""
        return self.blank or f"[{self.label}]"

    def to_dict(self) -> dict[str, object]:
        """The field as plain JSON-ready data, for the CLI and the browser."""
        data: dict[str, object] = {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
            "example": self.example,
            "help": self.help,
            "max_length": self.limit,
        }
        if self.choices:
            data["choices"] = [{"value": c.value, "label": c.label} for c in self.choices]
        return data


@dataclass(frozen=True)
class Example:
    """Values a situation file gives (over its fields' examples) and the email they must give."""

    name: str
    values: Mapping[str, str]
    subject: str
    body: str
    # True for the guide's own example, which the page shows word for word.
    guide: bool = False
    # The check's items this example is meant to fail, to show what the check says (none: it passes all).
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """An email template: its id (also its file name), title and fields."""

    id: str
    title: str
    summary: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    # For a panel interview: the fields each interviewer gets their own value
    # of (the rest are shared), so each receives a personal email. Empty: no panel.
    panel_fields: tuple[str, ...] = ()
    # The guide's page (docs/<guide>.md) that holds the form and explains it.
    guide: str = ""
    # The etiquette check's data, as the file gives it (generator.checks reads it).
    check: Mapping[str, Any] = field(default_factory=dict, compare=False)
    examples: tuple[Example, ...] = ()
    # The language its words are in; its template file is `<id>.<lang>.jinja` beside the English `<id>.jinja`.
    lang: str = "en"

    def field(self, field_id: str) -> Field | None:
        """The field with this id, or None."""
        return next((f for f in self.fields if f.id == field_id), None)

    def example_values(self) -> dict[str, str]:
        """The values that rebuild the guide's example email."""
        return {f.id: f.example for f in self.fields}

    def to_dict(self) -> dict[str, object]:
        """The template as plain JSON-ready data, for the CLI and the browser."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "fields": [f.to_dict() for f in self.fields],
            "panel_fields": list(self.panel_fields),
        }


def _field(record: Mapping[str, Any]) -> Field:
    choices = tuple(Choice(c["value"], c["label"]) for c in record.get("choices", ()))
    return Field(
        id=record["id"],
        label=record["label"],
        kind=record["kind"],
        example=record.get("example", ""),
        help=record.get("help", ""),
        required=record.get("required", True),
        choices=choices,
        autocomplete=record.get("autocomplete", "off"),
        blank=record.get("blank", ""),
        max_length=record.get("max_length", 0),
    )


def _example(record: Mapping[str, Any]) -> Example:
    return Example(
        name=record["name"],
        values=record.get("values", {}),
        subject=record["subject"],
        body=record["body"],
        guide=record.get("guide", False),
        flags=tuple(record.get("flags", ())),
    )


def _template(record: Mapping[str, Any]) -> Template:
    return Template(
        id=record["id"],
        title=record["title"],
        summary=record["summary"],
        fields=tuple(_field(spec) for spec in record["fields"]),
        panel_fields=tuple(record.get("panel_fields", ())),
        guide=record["guide"],
        check=record["check"],
        examples=tuple(_example(e) for e in record["examples"]),
        lang=record.get("lang", "en"),
    )


CATALOGS: dict[str, dict[str, Template]] = {
    lang: {record["id"]: _template(record) for record in translated} for lang, translated in records().items()
}
"""Every language's templates, by id, in the guide's order: English first, then each translation."""

CATALOG: dict[str, Template] = CATALOGS["en"]
"""Every template, by id, in the guide's order. The id names the situation's file, the page marker and the form."""


class UnknownTemplateError(LookupError):
    """Raised for a template id the catalog does not have."""

    def __init__(self, template_id: str) -> None:
        known = ", ".join(CATALOG)
        super().__init__(f"unknown template {template_id!r}; known templates: {known}")
        self.template_id = template_id


def get_template(template_id: str, lang: str = "en") -> Template:
    """The catalog entry for `template_id`, in the language `lang`.

    Raises:
        UnknownTemplateError: no template has that id.
        UnknownLanguageError: the guide is not written in `lang`, or this situation not yet.

    """
    if lang not in CATALOGS:
        raise UnknownLanguageError(lang)
    try:
        return CATALOGS[lang][template_id]
    except KeyError:
        if lang != "en" and template_id in CATALOG:
            raise UnknownLanguageError(lang) from None
        raise UnknownTemplateError(template_id) from None
