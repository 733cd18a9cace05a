"""The catalog's shape: one id per template, used for its file, and fields a form can be built from."""

import json
import re
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta

from generator import CATALOG, Field, Template, UnknownTemplateError, get_template

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "generator" / "situations"
TEMPLATE_SUFFIX = ".jinja"
KINDS = {"text", "long-text", "choice", "email"}
# recipient_email only addresses the mailto: link; the tone picks the body's block, by name.
NOT_IN_EMAIL = {"recipient_email", "tone"}

ALL_TEMPLATES = list(CATALOG.values())
ALL_FIELDS = [(t, f) for t in ALL_TEMPLATES for f in t.fields]


def _field_id(case: tuple[Template, Field]) -> str:
    return f"{case[0].id}.{case[1].id}"


def test_has_the_guides_templates() -> None:
    """Holds at least the thank-you, follow-up and rejection-reply templates."""
    assert {"thank-you", "follow-up", "rejection-reply"} <= set(CATALOG)


def test_keys_are_the_template_ids() -> None:
    """Each catalog key is its template's own id, so every id is unique."""
    ids = [t.id for t in ALL_TEMPLATES]
    assert ids == list(CATALOG)
    assert len(set(ids)) == len(ids)


def test_every_template_has_its_file_and_no_file_is_orphaned() -> None:
    """generator/situations holds exactly one <id>.jinja per catalog id, and nothing else."""
    # English's files: a translation (`thank-you.de.jinja`) is a sibling of one of them (tests/test_situations.py).
    names = sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.is_file() and p.name.count(".") == 1)
    assert names == sorted(f"{template_id}{TEMPLATE_SUFFIX}" for template_id in CATALOG)


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.id)
def test_template_uses_exactly_its_fields(template: Template) -> None:
    """The template file uses every field of its catalog entry (bar the recipient) and no other variable."""
    source = (TEMPLATES_DIR / f"{template.id}{TEMPLATE_SUFFIX}").read_text(encoding="utf-8")
    environment = jinja2.Environment()
    # Finding the variables compiles the template, which needs every filter it names.
    environment.filters["fragment"] = str
    parsed = environment.parse(source)
    used = meta.find_undeclared_variables(parsed)
    assert used == {f.id for f in template.fields} - NOT_IN_EMAIL
    blocks = {block.name for block in parsed.find_all(jinja2.nodes.Block)}
    tone = template.field("tone")
    bodies = {c.value for c in tone.choices} if tone else {"body"}
    assert blocks == {"subject"} | bodies


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.id)
def test_template_has_a_title_summary_and_unique_field_ids(template: Template) -> None:
    """A template has a title, a summary and fields whose ids are unique."""
    assert template.title.strip()
    assert template.summary.strip()
    ids = [f.id for f in template.fields]
    assert ids
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", ALL_FIELDS, ids=_field_id)
def test_field_has_id_label_kind_and_example(case: tuple[Template, Field]) -> None:
    """Every field has an identifier-like id, a label, a known kind and a text example."""
    _, spec = case
    assert re.fullmatch(r"[a-z][a-z_]*", spec.id)
    assert spec.label.strip()
    assert spec.kind in KINDS
    assert isinstance(spec.example, str)


@pytest.mark.parametrize("case", [c for c in ALL_FIELDS if c[1].kind == "choice"], ids=_field_id)
def test_choice_field_example_is_one_of_its_choices(case: tuple[Template, Field]) -> None:
    """A choice field has distinct, labelled choices, and its example is one of them."""
    _, spec = case
    values = [c.value for c in spec.choices]
    assert values
    assert len(set(values)) == len(values)
    assert all(c.label.strip() for c in spec.choices)
    assert spec.example in values


@pytest.mark.parametrize("case", [c for c in ALL_FIELDS if c[1].kind != "choice"], ids=_field_id)
def test_only_choice_fields_have_choices(case: tuple[Template, Field]) -> None:
    """A text, long-text or email field offers no choices."""
    assert case[1].choices == ()


@pytest.mark.parametrize("case", [c for c in ALL_FIELDS if c[1].required], ids=_field_id)
def test_required_field_has_an_example(case: tuple[Template, Field]) -> None:
    """A required field's example is not empty, so the example values always render."""
    assert case[1].example.strip()


@pytest.mark.parametrize("case", ALL_FIELDS, ids=_field_id)
def test_stand_in_is_the_blank_or_the_label_in_brackets(case: tuple[Template, Field]) -> None:
    """A field's stand-in is its `blank`, or else its label in the guide's `[...]` style."""
    _, spec = case
    assert spec.stand_in == (spec.blank or f"[{spec.label}]")
    assert spec.stand_in.startswith("[")
    assert spec.stand_in.endswith("]")


def test_candidate_name_stands_in_as_the_guides_your_name() -> None:
    """The reader's name stands in as `[Your Name]`, as the guide writes it."""
    assert get_template("thank-you").field("candidate_name").stand_in == "[Your Name]"


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.id)
def test_example_values_cover_every_field(template: Template) -> None:
    """example_values() gives each field its example, by field id."""
    assert template.example_values() == {f.id: f.example for f in template.fields}


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.id)
def test_to_dict_is_json_serialisable(template: Template) -> None:
    """to_dict() survives a JSON round trip unchanged."""
    data = template.to_dict()
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.id)
def test_to_dict_describes_every_field(template: Template) -> None:
    """to_dict() lists each field with id, label, kind, required, example and help; choices only for choice fields."""
    data = template.to_dict()
    assert (data["id"], data["title"], data["summary"]) == (template.id, template.title, template.summary)
    assert [f["id"] for f in data["fields"]] == [f.id for f in template.fields]
    for spec, field_data in zip(template.fields, data["fields"], strict=True):
        assert field_data["label"] == spec.label
        assert field_data["kind"] == spec.kind
        assert field_data["required"] is spec.required
        assert field_data["example"] == spec.example
        assert field_data["help"] == spec.help
        if spec.kind == "choice":
            assert field_data["choices"] == [{"value": c.value, "label": c.label} for c in spec.choices]
        else:
            assert "choices" not in field_data


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_get_template_finds_each_id(template_id: str) -> None:
    """get_template returns the catalog entry for a known id."""
    assert get_template(template_id) is CATALOG[template_id]


@pytest.mark.parametrize("template_id", ["no-such-template", "", "Thank-You", "thank-you.txt.jinja"])
def test_get_template_unknown_id_names_the_known_ids(template_id: str) -> None:
    """An unknown id raises UnknownTemplateError naming that id and every known id."""
    with pytest.raises(UnknownTemplateError) as raised:
        get_template(template_id)
    message = str(raised.value)
    assert repr(template_id) in message
    for known in CATALOG:
        assert known in message
    assert raised.value.template_id == template_id


def test_unknown_template_error_is_a_lookup_error() -> None:
    """UnknownTemplateError is a LookupError, so callers can catch it as one."""
    assert issubclass(UnknownTemplateError, LookupError)


def test_field_lookup_returns_none_for_unknown_id() -> None:
    """Template.field gives the field by id, or None for an id the template lacks."""
    template = get_template("follow-up")
    assert template.field("position") is template.fields[2]
    assert template.field("highlight") is None
