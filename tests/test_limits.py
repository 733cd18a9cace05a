"""The gate every value passes: each field's length limit, the characters it may hold, and one address rule."""

import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import CATALOG, ValidationError, render, render_preview
from generator.address import MAX_LENGTH, is_address
from generator.api import MAX_REQUEST_CHARACTERS, handle
from generator.catalog import Field
from generator.cli import EXIT_BAD_INPUT, MAX_STDIN_BYTES, main
from generator.drafts import DraftError, eml_bytes
from generator.render import clean_value
from generator.text import describe_character, printable, refused_character

ROOT = Path(__file__).resolve().parent.parent
FIELDS = [pytest.param(t.id, f, id=f"{t.id}.{f.id}") for t in CATALOG.values() for f in t.fields]
TEXT_FIELDS = [p for p in FIELDS if p.values[1].kind in ("text", "long-text")]


def _values(template_id: str, **changes: object) -> dict[str, object]:
    values: dict[str, object] = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


def _ask(request: object) -> dict[str, object]:
    data: dict[str, object] = json.loads(handle(request if isinstance(request, str) else json.dumps(request)))
    return data


# --- Limits -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("template_id", "spec"), FIELDS)
def test_every_field_declares_a_sensible_limit(template_id: str, spec: Field) -> None:
    """Each field has a limit fit for what it holds, and hands it to the page in to_dict."""
    expected = {"text": (60, 300), "long-text": (1000, 5000), "email": (MAX_LENGTH, MAX_LENGTH), "choice": (20, 60)}
    low, high = expected[spec.kind]
    assert low <= spec.limit <= high
    assert spec.to_dict()["max_length"] == spec.limit
    assert len(spec.example) <= spec.limit


def test_an_address_takes_254_characters() -> None:
    """RFC 5321's longest address, 254 characters, is the address field's limit."""
    assert MAX_LENGTH == 254


@pytest.mark.parametrize(("template_id", "spec"), TEXT_FIELDS)
def test_a_value_at_the_limit_is_taken_and_one_past_it_refused_by_name(template_id: str, spec: Field) -> None:
    """At the limit the value fills the email; one character more, the field is named with its limit."""
    text = "a@b.co" if spec.kind == "email" else "x"
    at_limit = (text[:1] * (spec.limit - len(text) + 1) + text[1:]) if spec.kind == "email" else "x" * spec.limit
    assert len(at_limit) == spec.limit
    email = render(template_id, _values(template_id, **{spec.id: at_limit}))
    if spec.kind != "email":
        assert at_limit in email.subject + email.body
    with pytest.raises(ValidationError) as raised:
        render(template_id, _values(template_id, **{spec.id: at_limit + "x"}))
    assert [e.field for e in raised.value.errors] == [spec.id]
    message = raised.value.errors[0].message
    assert message == (f"{spec.label} is too long: {spec.limit + 1:,} characters, and it takes at most {spec.limit:,}.")


def test_the_limit_counts_characters_not_bytes_or_code_units() -> None:
    """An emoji is one character, however many bytes or UTF-16 units it takes."""
    spec = CATALOG["thank-you"].field("candidate_name")
    assert spec is not None
    assert clean_value(spec, "😀" * spec.limit) == ("😀" * spec.limit, "")
    assert clean_value(spec, "😀" * (spec.limit + 1))[1].startswith("Your name is too long")


def test_the_limit_is_checked_before_anything_else() -> None:
    """A value too long is refused as too long, even when it is also on several lines and full of controls."""
    spec = CATALOG["thank-you"].field("position")
    assert spec is not None
    _, problem = clean_value(spec, "\x1b\n" * spec.limit)
    assert problem.startswith("Position is too long")


def test_a_request_past_the_cap_is_refused_before_it_is_read() -> None:
    """A request longer than MAX_REQUEST_CHARACTERS gets an error saying so, parsed or not."""
    huge = json.dumps({"op": "preview", "template": "thank-you", "values": {"highlight": "a" * MAX_REQUEST_CHARACTERS}})
    answer = _ask(huge)
    assert answer["ok"] is False
    assert f"more than a request may hold ({MAX_REQUEST_CHARACTERS:,})" in str(answer["error"])
    assert _ask("[" * (MAX_REQUEST_CHARACTERS + 1))["ok"] is False


def test_the_largest_request_a_page_sends_fits_the_cap() -> None:
    """Every field of every form at twice its limit in UTF-16 units (the page's clip), each a JSON escape, fits."""
    for template in CATALOG.values():
        values = {f.id: "\udfff" * (2 * f.limit + 2) for f in template.fields}
        request = json.dumps({"op": "check", "template": template.id, "values": values, "context": {}})
        assert len(request) < MAX_REQUEST_CHARACTERS, template.id
        assert _ask(request)["ok"] is True
        errors = _ask({"op": "preview", "template": template.id, "values": values})["errors"]
        assert isinstance(errors, list)
        assert {e["field"] for e in errors} == {f.id for f in template.fields}


# --- Characters ---------------------------------------------------------------------------------------

ONE_LINE_REFUSED = ["\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\t", "\0", "\x1b", "\x7f", "\x9f"]
PARAGRAPHS_REFUSED = ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\0", "\x1b", "\x07", "\x7f", "\x9f"]
EVERYWHERE_KEPT = ["\u200b", "\u202e", "\ufeff", "\u00a0", "é", "😀", "\ue000"]


@pytest.mark.parametrize("char", ONE_LINE_REFUSED)
def test_a_one_line_field_refuses_every_line_end_and_control(char: str) -> None:
    """Position (one line) refuses a line end as "one line", and any other control by its code point."""
    spec = CATALOG["follow-up"].field("position")
    assert spec is not None
    _, problem = clean_value(spec, f"Data{char}Lead")
    if char in "\n\x0b\x0c\x1c\x85\u2028\u2029":
        assert problem == "Position must fit on one line."
    else:
        assert problem == f"Position holds a character an email cannot show ({describe_character(char)}); delete it."


@pytest.mark.parametrize("char", PARAGRAPHS_REFUSED)
def test_a_paragraph_field_keeps_lines_and_tabs_only(char: str) -> None:
    """Something specific (paragraphs) keeps LF and tab, and refuses every other control by its code point."""
    spec = CATALOG["thank-you"].field("highlight")
    assert spec is not None
    assert clean_value(spec, "the roadmap\n\tand the team") == ("the roadmap\n\tand the team", "")
    _, problem = clean_value(spec, f"the roadmap{char}and the team")
    assert f"({describe_character(char)})" in problem


@pytest.mark.parametrize("char", EVERYWHERE_KEPT)
def test_format_characters_and_other_scripts_are_kept(char: str) -> None:
    """Zero-width and bidi marks, no-break spaces, accents, emoji and private use stay, as the reader typed them."""
    for multi_line in (False, True):
        assert refused_character(f"a{char}b", multi_line=multi_line) is None


@pytest.mark.parametrize(
    ("char", "named"),
    [("\x1b", "U+001B ESCAPE"), ("\u2028", "U+2028 LINE SEPARATOR"), ("\x85", "U+0085 NEXT LINE"), ("\x01", "U+0001")],
)
def test_a_refused_character_is_named(char: str, named: str) -> None:
    """The message names the character by its code point and, where it has one, its name."""
    assert describe_character(char) == named


def test_printable_escapes_controls_for_a_terminal() -> None:
    """A message quoting the reader's text shows escapes, never raw terminal controls."""
    assert printable("a\x1b[31mb\u2028c\td") == "a\\x1b[31mb\\u2028c\\td"
    assert printable("Zoë 😀") == "Zoë 😀"


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\x0b", "\x1b"])
def test_every_output_gets_the_same_subject(char: str) -> None:
    """A refused character never reaches the preview, the mailto link or a download: the field is refused first."""
    values = _values("thank-you", candidate_name=f"Jane{char}Doe")
    preview = _ask({"op": "preview", "template": "thank-you", "values": values})
    assert preview["ok"] is False
    assert char not in str(preview["subject"]) + str(preview["body"])
    download = _ask({"op": "download", "template": "thank-you", "values": values, "format": "eml"})
    assert download["ok"] is False
    assert [e["field"] for e in download["errors"]] == ["candidate_name"]  # type: ignore[union-attr]


def test_the_planner_holds_the_position_to_the_same_rules() -> None:
    """The calendar's position is one line, within the position's limit, or the plan names it."""
    base = {"op": "plan", "interview_date": "2026-03-03", "now": "2026-03-03T12:00:00Z"}
    assert _ask({**base, "position": "Data Lead"})["ok"] is True
    for bad in ("Data\u2028Lead", "\x1b[2J", "x" * 151):
        answer = _ask({**base, "position": bad})
        assert answer["ok"] is False
        assert [e["field"] for e in answer["errors"]] == ["position"]  # type: ignore[union-attr]


def test_the_check_inputs_have_limits_too() -> None:
    """A timeline, date or time longer than it could be is refused by name, before it is read."""
    answer = _ask({"op": "plan", "interview_date": "2026-03-03", "timeline": " " * 59 + "1" * 2, "now": "2026"})
    assert answer["ok"] is False
    assert [e["field"] for e in answer["errors"]] == ["timeline"]  # type: ignore[union-attr]


# --- One definition of an address ---------------------------------------------------------------------

ADDRESSES = [
    ("jane@example.com", True),
    ("jane.doe+jobs@mail.example.co.uk", True),
    ("j@e.c", True),
    ("a@b.c,evil", False),
    ("<a@b.c>", False),
    ("josé@exämple.com", False),
    ("a@b@c.d", False),
    ("a@bc", False),
    ("a@.bc", False),
    ("a@b.", False),
    ("a@b..c", False),
    ("@b.c", False),
    ("a b@c.d", False),
    ('"a"@b.c', False),
    ("a@b.c;d@e.f", False),
    ("a@b.c\0", False),
    ("a@" + ".a" * 40 + "@", False),
    ("a" * 64 + "@" + "b" * 185 + ".com", True),
    ("a" * 64 + "@" + "b" * 186 + ".com", False),
]


@pytest.mark.parametrize(("address", "accepted"), ADDRESSES)
def test_the_preview_and_the_eml_agree_on_an_address(address: str, accepted: bool) -> None:
    """The preview takes exactly the addresses the .eml writes: one rule, generator.address."""
    assert is_address(address) is accepted
    spec = CATALOG["thank-you"].field("recipient_email")
    assert spec is not None
    _, problem = clean_value(spec, address)
    assert (problem == "") is accepted
    if accepted:
        assert f"To: {address}".encode() in eml_bytes(address, "Hi", "Hello")
        answer = _ask(
            {"op": "preview", "template": "thank-you", "values": _values("thank-you", recipient_email=address)}
        )
        assert unquote(urlsplit(str(answer["mailto"])).path) == address
    else:
        with pytest.raises(DraftError):
            eml_bytes(address, "Hi", "Hello")


# --- Every answer is an answer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now",
    ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "not a time", "", None, 7, ["2026"], "9" * 5000],
)
def test_the_planner_answers_every_now(now: object) -> None:
    """A `now` at the calendar's edges, or not a time at all, is an answer naming `now`, never an exception."""
    answer = _ask({"op": "plan", "interview_date": "2026-03-03", "now": now})
    assert answer["ok"] is False
    assert [e["field"] for e in answer["errors"]] == ["now"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "request_json",
    [
        '{"op": "preview", "template": "thank-you", "values": {"position": ' + "9" * 5000 + "}}",
        '{"op": "plan", "interview_date": "0001-01-01", "timeline": "2 days", "now": "0001-01-01T00:00:00Z"}',
        '{"op": "plan", "interview_date": "9999-12-31", "interview_time": "23:59", "now": "9999-12-31T00:00"}',
        '{"op": "check", "template": "follow-up", "values": {}, "context": {"interview_date": "9999-12-31", '
        '"now": "9999-12-31"}}',
        '{"op": "download", "template": "thank-you", "values": {}, "format": null}',
        '{"op": "preview", "template": "thank-you", "values": {"\\u0000": 1e999}}',
        "\ufeff{}",
        '{"op": "catalog"}' * 3,
    ],
)
def test_every_request_gets_an_answer_with_ok(request_json: str) -> None:
    """Huge numbers, calendar edges, NaN-like floats and junk: each gets a JSON answer with ok."""
    answer = _ask(request_json)
    assert isinstance(answer["ok"], bool)


# --- The command line, whatever arrives on stdin --------------------------------------------------------


def _cli_bytes(payload: bytes | None, *args: str) -> tuple[int, str]:
    """The CLI in this process, with stdin of these bytes (None: closed); its status and stderr."""
    stdin = None if payload is None else io.TextIOWrapper(io.BytesIO(payload), encoding="ascii")
    if stdin is not None:
        stdin.close = lambda: None  # type: ignore[method-assign]
    err = io.StringIO()
    original = sys.stderr
    sys.stderr = err
    try:
        status = main(["render", "follow-up", "--json", *args], stdin=stdin, stdout=io.StringIO())
    finally:
        sys.stderr = original
    return status, err.getvalue()


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        (b'{"position": ' + b"9" * 5000 + b"}", "cannot be read"),
        (b"\xff\xfe\x00\xd8", "not text in UTF-8 or UTF-16"),
        (bytes(range(256)), "not"),
        (b"[" * 300_000, "more than 262,144 bytes"),
        (b" " * (MAX_STDIN_BYTES + 1), "more than"),
    ],
)
def test_cli_names_what_is_wrong_with_stdin(payload: bytes, said: str) -> None:
    """A number too long, bytes that are no text, or too much of it: exit 2 with a message, no traceback."""
    status, err = _cli_bytes(payload)
    assert status == EXIT_BAD_INPUT
    assert err.startswith("error: stdin ")
    assert said in err
    assert "Traceback" not in err


def test_cli_reads_utf16_json() -> None:
    """JSON in UTF-16 with a byte-order mark (as some shells write it) is read as JSON allows."""
    values = _values("follow-up", candidate_name="Zoë Müller")
    status, err = _cli_bytes(json.dumps(values, ensure_ascii=False).encode("utf-16"))
    assert (status, err) == (0, "")


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no child processes")
def test_cli_with_stdin_closed_exits_2() -> None:
    """Started with stdin closed (`<&-`), `render --json` says so and exits 2."""
    result = subprocess.run(
        f"{sys.executable} -m generator render follow-up --json <&-",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr.startswith("error: stdin is closed")
    assert "Traceback" not in result.stderr


def test_cli_error_messages_carry_no_terminal_controls(capsys: pytest.CaptureFixture[str]) -> None:
    """A key or value with an escape sequence is quoted back escaped, so it cannot drive the terminal."""
    status = main(["render", "follow-up", "--example", "--set", "\x1b[2Jkey=x", "--set", "position=\x1b]0;t\x07"])
    assert status == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\\x1b" in err


def test_render_preview_names_an_unknown_key_short() -> None:
    """An unknown key comes back quoted short and escaped, not as a page of text."""
    preview = render_preview("follow-up", {"\x1b" + "k" * 500: "x"})
    message = preview.errors[0].message
    assert len(message) < 300
    assert "\x1b" not in message
