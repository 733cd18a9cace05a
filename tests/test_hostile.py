"""Hostile values in every text field: render, the JSON API, the command line and the mailto: link.

Each case of tests/hostile_inputs.py goes into every text and long-text field it fits, one field at a
time, with the guide's example values in the others. The email must be the one the guide's wording gives
with `expected_text(value)` in that field's place: literal, never HTML-escaped, never evaluated.
"""

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, unquote_to_bytes, urlsplit

import pytest
from hostile_inputs import (
    FRAGMENT_DROPS,
    HOSTILE,
    HostileCase,
    Refusal,
    expected_text,
    refusal,
    replace_lone_surrogates,
)

from generator import CATALOG, Email, ValidationError, mailto_or_fallback, mailto_url, render
from generator.api import MAX_REQUEST_CHARACTERS, handle
from generator.cli import EXIT_BAD_INPUT, MAX_STDIN_BYTES, main

ROOT = Path(__file__).resolve().parent.parent
# A value no template holds, so where it lands in the email shows where a field's value goes.
SENTINEL = "Qzx9Sentinel"
# RFC 3986 unreserved characters and percent escapes: all a mailto: parameter value may hold raw.
# Two simple patterns rather than one alternation, which is slow on a 300 KB link.
UNRESERVED_OR_PERCENT = re.compile(r"[A-Za-z0-9\-._~%]*")
BAD_ESCAPE = re.compile(r"%(?![0-9A-F]{2})")


class Slot(NamedTuple):
    """One field a reader types free text into."""

    template_id: str
    field_id: str
    kind: str
    limit: int
    required: bool


SLOTS = [
    Slot(template.id, spec.id, spec.kind, spec.limit, spec.required)
    for template in CATALOG.values()
    for spec in template.fields
    if spec.kind in ("text", "long-text")
]
CASES = [pytest.param(c, id=c.id) for c in HOSTILE]

# How the engine words each refusal, after the field's label.
REFUSAL_WORDS = {
    "too-long": " is too long: ",
    "required": " is required.",
    "one-line": " must fit on one line.",
    "control": " holds a character an email cannot show (U+",
    "punctuation": " needs words, not only punctuation.",
}


def _refusal(slot: Slot, text: str) -> Refusal | None:
    return refusal(text, multi_line=slot.kind == "long-text", limit=slot.limit, required=slot.required)


def _slots(case: HostileCase) -> list[Slot]:
    """Every free-text field that takes this case as it is."""
    return [slot for slot in SLOTS if _refusal(slot, case.text) is None]


def _refusing(case: HostileCase) -> list[tuple[Slot, Refusal]]:
    """Every free-text field that refuses this case, and why."""
    return [(slot, why) for slot in SLOTS if (why := _refusal(slot, case.text)) is not None]


REFUSED = [pytest.param(c, id=c.id) for c in HOSTILE if _refusing(c)]


def _message(slot: Slot) -> str:
    spec = CATALOG[slot.template_id].field(slot.field_id)
    assert spec is not None
    return spec.label


def _values(template_id: str, **changes: object) -> dict[str, object]:
    """The template's example values with some changed."""
    values: dict[str, object] = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


def _expected_email(slot: Slot, text: str) -> Email:
    """The example email with `expected_text(text)` where the slot's value goes."""
    marked = render(slot.template_id, _values(slot.template_id, **{slot.field_id: SENTINEL}))
    shown = expected_text(text)
    return Email(marked.subject.replace(SENTINEL, shown), marked.body.replace(SENTINEL, shown))


def _link_parts(url: str) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """The decoded recipient, the raw parameter values, and the values as parse_qs decodes them."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert not parts.fragment
    assert url.count("?") <= 1
    for forbidden in "#+ \r\n\0":
        assert forbidden not in url
    raw = dict(pair.split("=", 1) for pair in parts.query.split("&")) if parts.query else {}
    return unquote(parts.path, errors="strict"), raw, parse_qs(parts.query, keep_blank_values=True)


def _assert_link_holds(url: str, email: Email) -> None:
    """The link decodes back to the email: subject without breaks or NUL, body with CRLF breaks."""
    _, raw, decoded = _link_parts(url)
    assert set(raw) <= {"subject", "body"}
    for value in raw.values():
        assert UNRESERVED_OR_PERCENT.fullmatch(value), value[:200]
        assert not BAD_ESCAPE.search(value), value[:200]
    subject = decoded.get("subject", [""])
    body = decoded.get("body", [""])
    assert len(subject) == len(body) == 1
    # parse_qs would hide bytes that are not UTF-8 behind U+FFFD; a strict decode shows them.
    for name, value in raw.items():
        assert unquote_to_bytes(value).decode("utf-8") == decoded[name][0]
    assert subject[0] == email.subject.replace("\r", " ").replace("\n", " ").replace("\0", "")
    assert not {"\r", "\n", "\0"} & set(subject[0])
    assert body[0] == email.body.replace("\0", "").replace("\n", "\r\n")


# --- The corpus ---------------------------------------------------------------------------------------


def test_corpus_is_large_and_named_uniquely() -> None:
    """The corpus holds at least 70 cases with distinct ids, so each test id names one case."""
    ids = [case.id for case in HOSTILE]
    assert len(ids) >= 70
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_fills_a_field(case: HostileCase) -> None:
    """A case is single-line exactly when it has no CR or LF, and its shown form keeps words at its end."""
    assert case.single_line == ("\r" not in case.text and "\n" not in case.text)
    shown = expected_text(case.text)
    assert shown
    assert shown[-1] not in FRAGMENT_DROPS
    assert SENTINEL not in shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("  Jane  ", "Jane", id="spaces"),
        pytest.param("\u00a0\u3000Jane\u2028", "Jane", id="unicode-spaces"),
        pytest.param("\u200bJane\ufeff", "\u200bJane\ufeff", id="zero-width-stays"),
        pytest.param("a\r\nb\rc\nd", "a\nb\nc\nd", id="line-endings"),
        pytest.param("\r\n a \r\n", "a", id="outer-breaks"),
        pytest.param("a\ud800b\udfff", "a\ufffdb\ufffd", id="lone-surrogates"),
        pytest.param("\ud83d\ude00", "😀", id="surrogate-pair"),
        pytest.param("\udc00\ud800", "\ufffd\ufffd", id="reversed-pair"),
        pytest.param("{{ 7*7 }} &amp; <b>", "{{ 7*7 }} &amp; <b>", id="literal"),
    ],
)
def test_expected_text_describes_the_engine(text: str, shown: str) -> None:
    """expected_text strips outer whitespace, makes breaks LF and lone surrogates U+FFFD, and keeps the rest."""
    assert expected_text(text) == shown


# --- render -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_render_shows_the_value_literally(case: HostileCase) -> None:
    """In each field it fits, the email is the example email with the value, as expected_text shows it."""
    for slot in _slots(case):
        email = render(slot.template_id, _values(slot.template_id, **{slot.field_id: case.text}))
        assert email == _expected_email(slot, case.text), slot


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        pytest.param("{{ 7*7 }}", "49", id="jinja-expression"),
        pytest.param("{% for x in range(9) %}x{% endfor %}", "xxxxxxxxx", id="jinja-for"),
        pytest.param("{{ config }}", "<Config", id="jinja-config"),
        pytest.param("{{ ''.__class__.__mro__ }}", "<class", id="jinja-mro"),
        pytest.param("<b>O'Brien</b> & co", "&lt;", id="html-escaping"),
        pytest.param("<b>O'Brien</b> & co", "&#39;", id="html-quote-escaping"),
        pytest.param("%s {0} {name}", "None", id="format-string"),
    ],
)
def test_render_never_evaluates_or_escapes(text: str, unwanted: str) -> None:
    """Template syntax, format strings and markup come out as typed in every field: never evaluated or escaped."""
    for slot in SLOTS:
        email = render(slot.template_id, _values(slot.template_id, **{slot.field_id: text}))
        everything = email.subject + "\n" + email.body
        assert text in everything, slot
        assert unwanted not in everything, slot


@pytest.mark.parametrize("case", REFUSED)
def test_render_refuses_the_value_naming_its_field(case: HostileCase) -> None:
    """A value a field cannot take is a ValidationError naming that field alone, saying why in the reader's words."""
    for slot, why in _refusing(case):
        with pytest.raises(ValidationError) as raised:
            render(slot.template_id, _values(slot.template_id, **{slot.field_id: case.text}))
        assert [e.field for e in raised.value.errors] == [slot.field_id], slot
        message = raised.value.errors[0].message
        assert message.startswith(_message(slot) + REFUSAL_WORDS[why]), (slot, message)
        if why == "too-long":
            assert f"at most {slot.limit:,}" in message


def test_every_refusal_is_in_the_corpus() -> None:
    """The corpus makes some field refuse a value for each reason the engine has but emptiness."""
    reasons = {why for case in HOSTILE for _, why in _refusing(case)}
    assert reasons >= {"too-long", "one-line", "control"}


# --- The JSON API -------------------------------------------------------------------------------------


def _preview(template_id: str, values: dict[str, object]) -> dict[str, object]:
    """The worker's answer to a preview request, decoded."""
    # As the page's JSON.stringify writes it: non-ASCII text as it is, not as escapes.
    request = json.dumps({"op": "preview", "template": template_id, "values": values}, ensure_ascii=False)
    assert len(request) <= MAX_REQUEST_CHARACTERS, "a case too long for the page to send"
    answer: dict[str, object] = json.loads(handle(request))
    return answer


@pytest.mark.parametrize("case", CASES)
def test_api_preview_matches_render(case: HostileCase) -> None:
    """The worker's preview answer holds the same subject and body as render, no errors, and their link.

    A draft too long for one link gets the link without its body, and says the body must be pasted.
    """
    for slot in _slots(case):
        answer = _preview(slot.template_id, _values(slot.template_id, **{slot.field_id: case.text}))
        expected = _expected_email(slot, case.text)
        assert answer["errors"] == [], slot
        assert answer["ok"] is True
        assert (answer["subject"], answer["body"]) == (expected.subject, expected.body), slot
        link = mailto_or_fallback("", expected.subject, expected.body)
        assert (answer["mailto"], answer["paste_body"]) == (link.url, link.paste_body), slot


@pytest.mark.parametrize("case", REFUSED)
def test_api_preview_names_the_field_it_refuses(case: HostileCase) -> None:
    """A value a field refuses makes the preview not ok, naming the field, with the field's stand-in shown."""
    for slot, why in _refusing(case):
        answer = _preview(slot.template_id, _values(slot.template_id, **{slot.field_id: case.text}))
        assert answer["ok"] is False
        errors = answer["errors"]
        assert isinstance(errors, list)
        assert [e["field"] for e in errors] == [slot.field_id], slot
        assert REFUSAL_WORDS[why] in errors[0]["message"]
        spec = CATALOG[slot.template_id].field(slot.field_id)
        assert spec is not None
        assert spec.stand_in in f"{answer['subject']}\n{answer['body']}", slot


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in HOSTILE if c.single_line])
def test_api_keeps_a_hostile_recipient_inside_the_address(case: HostileCase) -> None:
    """A hostile recipient either fails validation and is left out, or stays one encoded address."""
    answer = _preview("follow-up", _values("follow-up", recipient_email=case.text))
    assert isinstance(answer["mailto"], str)
    recipient, raw, _ = _link_parts(answer["mailto"])
    assert set(raw) == {"subject", "body"}
    if answer["ok"]:
        assert recipient == expected_text(case.text)
    else:
        errors = answer["errors"]
        assert isinstance(errors, list)
        assert [e["field"] for e in errors] == ["recipient_email"]
        assert recipient == ""


@pytest.mark.parametrize(
    "request_json",
    [
        pytest.param("[" * 100_000, id="bare-array"),
        pytest.param('{"op": "preview", "template": "thank-you", "values": ' + "[" * 100_000, id="in-values"),
    ],
)
def test_api_answers_a_request_nested_too_deeply(request_json: str) -> None:
    """A request nested deeper than the parser can go gets `{"ok": false, "error": ...}`, not an exception."""
    answer = json.loads(handle(request_json))
    assert answer["ok"] is False
    assert answer["error"]


def test_api_keeps_nul_out_of_the_recipient() -> None:
    """A NUL in the recipient never reaches the link, as mailto.py keeps it out of the subject and body."""
    answer = _preview("follow-up", _values("follow-up", recipient_email="jane@example.com\0"))
    assert isinstance(answer["mailto"], str)
    assert "%00" not in answer["mailto"]


# --- The mailto: link ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_mailto_link_decodes_to_the_email(case: HostileCase) -> None:
    """The link of each hostile email decodes back to it, and no value breaks out of its parameter."""
    for slot in _slots(case):
        email = render(slot.template_id, _values(slot.template_id, **{slot.field_id: case.text}))
        _assert_link_holds(mailto_url("spy@example.com", email.subject, email.body), email)


@pytest.mark.parametrize("case", CASES)
def test_mailto_link_holds_raw_hostile_text(case: HostileCase) -> None:
    """Given the raw text as subject and body, the link decodes to it with the subject made one safe line."""
    shown = replace_lone_surrogates(case.text)
    url = mailto_url("", case.text, case.text)
    assert _link_parts(url)[0] == ""
    _assert_link_holds(url, Email(shown, shown.replace("\r\n", "\n").replace("\r", "\n")))


# --- The command line, in this process ----------------------------------------------------------------


def _cli(*args: str, stdin: str = "") -> tuple[int, str]:
    stdout = io.StringIO()
    status = main(list(args), stdin=io.StringIO(stdin), stdout=stdout)
    return status, stdout.getvalue()


def _fitting_fields(template_id: str, case: HostileCase) -> list[str]:
    return [slot.field_id for slot in _slots(case) if slot.template_id == template_id]


@pytest.mark.parametrize("case", CASES)
def test_cli_json_matches_render(case: HostileCase) -> None:
    """`render ID --json` with the case in every field it fits prints render's JSON and exits 0."""
    for template_id in CATALOG:
        values = _values(template_id, **dict.fromkeys(_fitting_fields(template_id, case), case.text))
        status, out = _cli("render", template_id, "--json", stdin=json.dumps(values, ensure_ascii=False))
        assert status == 0, template_id
        assert json.loads(out) == render(template_id, values).to_dict(), template_id


@pytest.mark.parametrize("case", CASES)
def test_cli_set_matches_render(case: HostileCase) -> None:
    """`render ID --example --set FIELD=VALUE --json` takes the value as literally as stdin does."""
    for template_id in CATALOG:
        fields = _fitting_fields(template_id, case)
        assignments = [arg for field_id in fields for arg in ("--set", f"{field_id}={case.text}")]
        status, out = _cli("render", template_id, "--example", "--json", *assignments)
        assert status == 0, template_id
        expected = render(template_id, _values(template_id, **dict.fromkeys(fields, case.text)))
        assert json.loads(out) == expected.to_dict(), template_id


@pytest.mark.parametrize("case", REFUSED)
def test_cli_names_every_field_that_refuses(case: HostileCase, capsys: pytest.CaptureFixture[str]) -> None:
    """The case in every field that refuses it exits 2, naming each of them on stderr and in the JSON errors."""
    for template_id in CATALOG:
        single = [slot.field_id for slot, _ in _refusing(case) if slot.template_id == template_id]
        if not single:
            continue
        values = _values(template_id, **dict.fromkeys(single, case.text))
        payload = json.dumps(values)
        status, out = _cli("render", template_id, "--json", stdin=payload)
        assert status == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        if len(payload.encode()) > MAX_STDIN_BYTES:
            assert err.startswith(f"error: stdin holds more than {MAX_STDIN_BYTES:,} bytes"), err[:200]
            continue
        assert [e["field"] for e in json.loads(out)["errors"]] == single
        assert "Traceback" not in err
        assert "\x1b" not in err
        assert [line.split(":")[1].strip() for line in err.splitlines()] == single


# --- The command line, as the reader runs it ---------------------------------------------------------

# A real process for the cases that stress the process boundary: encoding, size, controls.
SUBPROCESS_CASES = [
    "long-unicode-100k",
    "long-astral-2000",
    "escape-title",
    "surrogate-inside",
    "surrogate-pair-halves",
    "nul-inside",
    "bom-leading",
    "c0-controls",
    "c1-controls",
    "bidi-rlo",
    "emoji-family-zwj",
    "jinja-mro",
    "html-script",
    "line-mixed",
    "header-bcc-crlf",
]


def _run(template_id: str, payload: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "render", template_id, "--json"],
        cwd=ROOT,
        input=payload,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no child processes")
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in HOSTILE if c.id in SUBPROCESS_CASES])
def test_cli_process_renders_or_names_the_fields(case: HostileCase) -> None:
    """`python -m generator render thank-you --json`, the case in every free-text field: render's JSON, or exit 2.

    A case some field refuses exits 2 and names each such field, on stderr and in the JSON.
    """
    slots = [slot for slot in SLOTS if slot.template_id == "thank-you"]
    values = _values("thank-you", **{slot.field_id: case.text for slot in slots})
    # Lone surrogates cannot be UTF-8, so they travel as JSON escapes, as a browser would send them.
    has_surrogate = any("\ud800" <= char <= "\udfff" for char in case.text)
    payload = json.dumps(values, ensure_ascii=has_surrogate).encode("utf-8")
    result = _run("thank-you", payload)
    stderr = result.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert "\x1b" not in stderr
    if len(payload) > MAX_STDIN_BYTES:
        assert result.returncode == EXIT_BAD_INPUT
        assert stderr.startswith("error: stdin holds more than"), stderr[:200]
        return
    refusing = [slot.field_id for slot in slots if _refusal(slot, case.text)]
    if not refusing:
        assert result.returncode == 0, stderr
        assert json.loads(result.stdout) == render("thank-you", values).to_dict()
        return
    assert result.returncode == EXIT_BAD_INPUT
    assert [e["field"] for e in json.loads(result.stdout)["errors"]] == refusing
    for field_id in refusing:
        assert f"error: {field_id}: " in stderr


def test_subprocess_cases_exist() -> None:
    """Every case chosen for a real process is in the corpus, so none is skipped silently."""
    assert set(SUBPROCESS_CASES) <= {c.id for c in HOSTILE}
