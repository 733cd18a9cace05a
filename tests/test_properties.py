"""Properties over arbitrary text: nothing crashes, values show literally and links decode back.

Hypothesis draws the text, lone surrogates included, mixed with the characters that matter here (line
breaks, NUL, the mailto specials, trailing punctuation) and with short cases of tests/hostile_inputs.py.
The settings are derandomized, so CI runs the same examples every time.
"""

import json
from urllib.parse import parse_qs, unquote, unquote_to_bytes, urlsplit

import pytest
from hostile_inputs import FRAGMENT_DROPS, HOSTILE, expected_text, refusal, replace_lone_surrogates
from hypothesis import event, given, settings
from hypothesis import strategies as st

from generator import CATALOG, Email, ValidationError, mailto_url, render, render_preview
from generator.api import handle

PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None)

# Characters that break things when anything goes wrong, drawn often rather than by luck.
SPECIALS = "\r\n\0\t\x0b\x0c\x1c\x85\u2028 \u00a0&?#%=+.,;:!{}<>'\"\\\u200b\ufeff\u202e\ud800\udbff\udc00\udfff\ufffd"
TRAILERS = ".!?;:, \t\n\r\u00a0\u3000\0"
CHARS = st.one_of(
    st.characters(exclude_categories=()),  # every code point, surrogates included
    st.characters(categories=["Cs"]),
    st.sampled_from(SPECIALS),
)
TEXT = st.one_of(
    st.text(CHARS, max_size=30),
    st.sampled_from([case.text for case in HOSTILE if len(case.text) <= 200]),
    st.builds(lambda a, b, c: a + b + c, st.text(CHARS, max_size=5), st.text(max_size=10), st.text(CHARS, max_size=5)),
    # Closing punctuation and spaces, which the `fragment` filter trims, alone or after words.
    st.builds(lambda a, b: a + b, st.text(CHARS, max_size=10), st.text(st.sampled_from(TRAILERS), max_size=4)),
    st.text(st.sampled_from(TRAILERS), min_size=1, max_size=4),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
TEMPLATE_IDS = st.sampled_from(list(CATALOG))
FIELD_IDS = sorted({spec.id for template in CATALOG.values() for spec in template.fields})


def _free_fields(template_id: str) -> list[tuple[str, str, bool, int]]:
    """Each field the reader types free text into: id, kind, whether it is required, and its limit."""
    return [(f.id, f.kind, f.required, f.limit) for f in CATALOG[template_id].fields if f.kind in ("text", "long-text")]


def _problem(kind: str, required: bool, limit: int, value: str) -> bool:
    """Whether the engine should refuse this value, by the rules the form's help states."""
    return refusal(value, multi_line=kind == "long-text", limit=limit, required=required) is not None


def _expected_email(template_id: str, values: dict[str, str]) -> Email:
    """The example email with each value, as expected_text shows it, in its field's places.

    Each field first gets a marker ending in ";": where the template keeps the value whole the marker
    keeps its ";", and where the `fragment` filter trims it, it does not, so each place gets its form.
    """
    marked: dict[str, object] = dict(CATALOG[template_id].example_values())
    for index, (field_id, value) in enumerate(values.items()):
        marked[field_id] = f"Qzx{index}Marker;" if expected_text(value) else ""
    email = render(template_id, marked)
    subject, body = email.subject, email.body
    for index, value in enumerate(values.values()):
        shown = expected_text(value)
        for marker, text in ((f"Qzx{index}Marker;", shown), (f"Qzx{index}Marker", shown.rstrip(FRAGMENT_DROPS))):
            subject, body = subject.replace(marker, text), body.replace(marker, text)
    return Email(subject, body)


@PROPERTY
@given(template_id=TEMPLATE_IDS, values=st.dictionaries(st.sampled_from(FIELD_IDS) | TEXT, JSON, max_size=8))
def test_render_preview_never_raises(template_id: str, values: dict[str, object]) -> None:
    """Any values, of any JSON type, give a preview whose text is valid UTF-8 and whose errors name real keys."""
    preview = render_preview(template_id, values)
    preview.email.subject.encode("utf-8")
    preview.email.body.encode("utf-8")
    fields = {spec.id for spec in CATALOG[template_id].fields}
    named = {error.field for error in preview.errors}
    assert named <= fields | set(values)
    assert set(values) - fields <= named


@PROPERTY
@given(data=st.data(), template_id=TEMPLATE_IDS)
def test_render_shows_values_or_names_exactly_the_bad_fields(data: st.DataObject, template_id: str) -> None:
    """Arbitrary text in every free-text field renders literally, or fails naming exactly the unusable fields."""
    free = _free_fields(template_id)
    values: dict[str, str] = data.draw(st.fixed_dictionaries({field_id: TEXT for field_id, *_ in free}))
    _check_render(template_id, values)


@PROPERTY
@given(data=st.data(), template_id=TEMPLATE_IDS)
def test_render_shows_one_value_or_names_its_field(data: st.DataObject, template_id: str) -> None:
    """Arbitrary text in one free-text field, the guide's examples in the rest, renders literally or names it."""
    field_id = data.draw(st.sampled_from([field_id for field_id, *_ in _free_fields(template_id)]))
    _check_render(template_id, {field_id: data.draw(TEXT)})


def _check_render(template_id: str, values: dict[str, str]) -> None:
    kinds = {field_id: (kind, required, limit) for field_id, kind, required, limit in _free_fields(template_id)}
    bad = [field_id for field_id in kinds if field_id in values and _problem(*kinds[field_id], values[field_id])]
    event(f"{len(bad)} unusable")
    all_values = {**CATALOG[template_id].example_values(), **values}
    if bad:
        with pytest.raises(ValidationError) as raised:
            render(template_id, all_values)
        assert [e.field for e in raised.value.errors] == bad
    else:
        assert render(template_id, all_values) == _expected_email(template_id, values)


@PROPERTY
@given(to=TEXT, subject=TEXT, body=TEXT)
def test_mailto_decodes_back(to: str, subject: str, body: str) -> None:
    """Any recipient, subject and body decode back: address and subject as one line without NUL, the body with CRLF."""
    url = mailto_url(to, subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert not parts.fragment
    for forbidden in "#+ \r\n\0":
        assert forbidden not in url
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    raw = dict(pair.split("=", 1) for pair in parts.query.split("&")) if parts.query else {}
    for name, value in raw.items():
        assert unquote_to_bytes(value).decode("utf-8") == query[name][0]
    clean_subject = replace_lone_surrogates(subject).replace("\r", " ").replace("\n", " ").replace("\0", "")
    clean_to = replace_lone_surrogates(to).replace("\r", " ").replace("\n", " ").replace("\0", "").strip()
    assert unquote(parts.path, errors="strict") == clean_to
    clean_body = replace_lone_surrogates(body).replace("\0", "").replace("\r\n", "\n").replace("\r", "\n")
    assert query.get("subject", [""]) == [clean_subject]
    assert query.get("body", [""]) == [clean_body.replace("\n", "\r\n")]


OPS = st.sampled_from(["preview", "example", "catalog"]) | TEXT | JSON
REQUESTS = st.one_of(
    JSON,
    st.fixed_dictionaries(
        {"op": OPS},
        optional={
            "template": TEMPLATE_IDS | JSON,
            "values": st.dictionaries(st.sampled_from(FIELD_IDS) | TEXT, JSON, max_size=8) | JSON,
        },
    ),
)


@PROPERTY
@given(request=REQUESTS)
def test_api_handle_answers_any_json_request(request: object) -> None:
    """Any JSON request gets a JSON object back with `ok`; a failed one says why, in `error` or `errors`."""
    answer = json.loads(handle(json.dumps(request)))
    assert isinstance(answer, dict)
    assert isinstance(answer["ok"], bool)
    if not answer["ok"]:
        assert answer.get("error") or answer.get("errors")
    if "subject" in answer:
        assert isinstance(answer["subject"], str)
        assert isinstance(answer["body"], str)
        assert answer["mailto"].startswith("mailto:")


@PROPERTY
@given(request_json=TEXT)
def test_api_handle_answers_any_text(request_json: str) -> None:
    """Text that is not a request, or not JSON at all, gets `{"ok": false, "error": ...}` rather than an exception."""
    answer = json.loads(handle(request_json))
    assert isinstance(answer, dict)
    assert answer["ok"] is False or "templates" in answer or "subject" in answer


@PROPERTY
@given(template_id=TEMPLATE_IDS, values=st.dictionaries(st.sampled_from(FIELD_IDS) | TEXT, JSON, max_size=8))
def test_api_preview_is_render_preview(template_id: str, values: dict[str, object]) -> None:
    """The worker's preview holds exactly render_preview's subject, body and errors."""
    answer = json.loads(handle(json.dumps({"op": "preview", "template": template_id, "values": values})))
    preview = render_preview(template_id, json.loads(json.dumps(values)))
    assert answer["subject"] == preview.email.subject
    assert answer["body"] == preview.email.body
    assert answer["errors"] == [error.to_dict() for error in preview.errors]
    assert answer["ok"] == (not preview.errors)
