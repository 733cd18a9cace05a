"""The command line, `python -m generator`: listing, rendering, and input errors without tracebacks."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import CATALOG, render
from generator.catalog import CATALOGS
from generator.cli import EXIT_BAD_INPUT, main
from generator.languages import greeting

ROOT = Path(__file__).resolve().parent.parent


def _run(
    *args: str | bytes, stdin: str | bytes = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator` as the reader would, from the repository root."""
    command = [sys.executable, "-m", "generator", *args]
    if isinstance(stdin, bytes):
        raw = subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, env=env, timeout=60, check=False)
        return subprocess.CompletedProcess(
            raw.args, raw.returncode, raw.stdout.decode("utf-8"), raw.stderr.decode("utf-8")
        )
    return subprocess.run(
        command,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def _in_process(*args: str, stdin: str = "") -> tuple[int, str]:
    """Run main() in this process: its exit status and what it printed."""
    stdout = io.StringIO()
    status = main(list(args), stdin=io.StringIO(stdin), stdout=stdout)
    return status, stdout.getvalue()


def _human(template_id: str, values: dict[str, str]) -> str:
    email = render(template_id, values)
    return f"Subject: {email.subject}\n\n{email.body}\n"


def _values(template_id: str, **changes: str) -> dict[str, str]:
    values = dict(CATALOG[template_id].example_values())
    values.update(changes)
    return values


# --- list ---------------------------------------------------------------------------------------------


def test_list_json_describes_every_template() -> None:
    """`list --json` prints each template's id, title and fields with id, label, kind, required and example."""
    result = _run("list", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert listed == [t.to_dict() for t in CATALOG.values()]
    for entry in listed:
        assert entry["title"]
        for spec in entry["fields"]:
            assert {"id", "label", "kind", "required", "example"} <= set(spec)


def test_list_prints_templates_and_fields_for_people() -> None:
    """`list` prints one line a template, then one indented line a field with its kind and need."""
    result = _run("list")
    assert result.returncode == 0, result.stderr
    expected = []
    for template in CATALOG.values():
        expected.append(f"{template.id}: {template.title}. {template.summary}")
        for spec in template.fields:
            need = "required" if spec.required else "optional"
            expected.append(f"  {spec.id} ({spec.kind}, {need}): {spec.label}")
    assert result.stdout.splitlines() == expected
    assert result.stderr == ""


# --- render -------------------------------------------------------------------------------------------


def test_render_json_reads_values_on_stdin_and_prints_the_email() -> None:
    """`render ID --json` reads a JSON object of values on stdin and prints {"subject", "body"}."""
    values = _values("thank-you", candidate_name="Zoë O'Brien", highlight="the {{ 7*7 }} demo")
    result = _run("render", "thank-you", "--json", stdin=json.dumps(values))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == render("thank-you", values).to_dict()


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_render_json_in_process_matches_render(template_id: str) -> None:
    """main() with `render ID --json` prints exactly render()'s subject and body for every template."""
    values = _values(template_id, candidate_name="Sam Rivera")
    status, out = _in_process("render", template_id, "--json", stdin=json.dumps(values))
    assert status == 0
    assert json.loads(out) == render(template_id, values).to_dict()


def test_render_set_prints_subject_blank_line_body() -> None:
    """`render ID --set field=value ...` prints "Subject: ...", a blank line, then the body."""
    values = {
        "candidate_name": "Jane Doe",
        "interviewer": "Ms. Patel",
        "position": "Analyst",
        "interview_when": "on March 3",
        "team_goals": "your data platform = the best",
    }
    result = _run("render", "follow-up", *[arg for k, v in values.items() for arg in ("--set", f"{k}={v}")])
    assert result.returncode == 0, result.stderr
    assert result.stdout == _human("follow-up", values)
    assert result.stderr == ""


@pytest.mark.parametrize("template_id", list(CATALOG))
def test_render_example_prints_the_guides_example(template_id: str) -> None:
    """`render ID --example` prints the email of the guide's example values."""
    result = _run("render", template_id, "--example")
    assert result.returncode == 0, result.stderr
    assert result.stdout == _human(template_id, CATALOG[template_id].example_values())


def test_set_overrides_the_example_values() -> None:
    """`--set` changes one value of `--example`, and splits at the first `=` only."""
    status, out = _in_process("render", "thank-you", "--example", "--set", "position=R&D = Lead")
    assert status == 0
    assert out == _human("thank-you", _values("thank-you", position="R&D = Lead"))


def test_set_wins_over_stdin() -> None:
    """With `--json` and `--set`, stdin is not read: the values come from --set."""
    status, out = _in_process(
        "render", "follow-up", "--example", "--json", "--set", "position=Analyst", stdin="not read, not JSON"
    )
    assert status == 0
    assert json.loads(out) == render("follow-up", _values("follow-up", position="Analyst")).to_dict()


def test_empty_stdin_with_example_renders_the_example() -> None:
    """`--example --json` with nothing on stdin renders the example values."""
    status, out = _in_process("render", "rejection-reply", "--example", "--json", stdin="  \n")
    assert status == 0
    assert json.loads(out) == render("rejection-reply", CATALOG["rejection-reply"].example_values()).to_dict()


# --- invalid input ------------------------------------------------------------------------------------

INVALID = [
    pytest.param(["render", "thank-you", "--set", "candidate_name=Jane"], "", "interviewer", id="missing-field"),
    pytest.param(["render", "thank-you", "--json"], '{"position": ', "not valid JSON", id="bad-json"),
    pytest.param(["render", "thank-you", "--json"], '["Jane Doe"]', "JSON object", id="non-object-json"),
    pytest.param(["render", "thank-you", "--json"], '"Jane Doe"', "JSON object", id="string-json"),
    pytest.param(["render", "no-such-template", "--example"], "", "no-such-template", id="unknown-template"),
    pytest.param(["render", "thank-you", "--set", "position"], "", "'position'", id="set-without-equals"),
    pytest.param(["render", "thank-you", "--example", "--set", "nickname=JD"], "", "nickname", id="unknown-field"),
    pytest.param(["render", "thank-you", "--example", "--json"], '{"position": 7}', "position", id="non-text"),
    pytest.param(["render", "thank-you", "--example", "--set", "interview_day=soon"], "", "today", id="bad-choice"),
    pytest.param(["render"], "", "ID", id="usage-no-template"),
    pytest.param(["frobnicate"], "", "frobnicate", id="usage-unknown-command"),
]


@pytest.mark.parametrize(("args", "stdin", "named"), INVALID)
def test_invalid_input_exits_2_with_a_message_and_no_traceback(args: list[str], stdin: str, named: str) -> None:
    """Input the reader must fix exits with status 2 and a message naming the problem, never a traceback."""
    result = _run(*args, stdin=stdin)
    assert result.returncode == EXIT_BAD_INPUT == 2
    assert named in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "error:" in result.stderr


def test_missing_fields_are_each_named_on_stderr() -> None:
    """Every missing field gets its own `error: FIELD: message` line on stderr."""
    result = _run("render", "follow-up", "--set", "position=Analyst")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: candidate_name: Your name is required.",
        "error: interviewer: Interviewer's name is required.",
        "error: interview_when: When you spoke is required.",
        "error: team_goals: What you want to contribute to is required.",
    ]
    assert result.stdout == ""


def test_json_errors_are_also_printed_as_json_on_stdout() -> None:
    """With `--json`, validation errors also go to stdout as {"errors": [{"field", "message"}]}."""
    result = _run("render", "thank-you", "--json", stdin='{"candidate_name": "Jane Doe", "position": 7}')
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert [e["field"] for e in errors] == ["interviewer", "position", "highlight", "contribution"]
    assert {"field": "position", "message": "Position must be text."} in errors
    assert "error: position: Position must be text." in result.stderr


def test_in_process_errors_return_2_and_print_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns 2 for bad input and writes the message to stderr, not to its stdout."""
    status, out = _in_process("render", "thank-you", "--json", stdin="[1]")
    assert status == 2
    assert out == ""
    assert "stdin must hold a JSON object" in capsys.readouterr().err


# --- text that cannot be printed as is ----------------------------------------------------------------


def test_lone_surrogate_in_json_does_not_crash() -> None:
    """A lone surrogate sent on stdin as a JSON escape renders as U+FFFD, which UTF-8 can carry."""
    result = _run("render", "thank-you", "--example", "--json", stdin='{"candidate_name": "\\ud800"}')
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["subject"] == "Thank you – \ufffd"


def test_lone_surrogate_in_human_output_is_replaced() -> None:
    """A lone surrogate given with --set is printed as U+FFFD rather than crashing."""
    status, out = _in_process("render", "thank-you", "--example", "--set", "candidate_name=\ud800")
    assert status == 0
    assert out.startswith("Subject: Thank you – \ufffd\n")


def test_lone_surrogate_in_an_unknown_key_does_not_crash() -> None:
    """An unknown key holding a lone surrogate is reported on stderr without a traceback."""
    result = _run("render", "thank-you", "--example", "--json", stdin='{"\\ud800": "x"}')
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "is not a field of this template" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="argv bytes are a POSIX notion")
def test_undecodable_argument_bytes_do_not_crash() -> None:
    """A --set value holding bytes that are not UTF-8 renders, the bad byte as U+FFFD, without a traceback."""
    result = _run("render", "thank-you", "--example", "--set", b"candidate_name=a\xffb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Subject: Thank you – a\ufffdb\n")


def test_stdin_that_is_not_utf8_exits_2_without_traceback() -> None:
    """Bytes on stdin that are not UTF-8 are bad input: status 2 and a message, not a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = _run("render", "thank-you", "--json", stdin=b'{"position": "\xff"}', env=env)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2


def test_deeply_nested_json_exits_2_without_traceback() -> None:
    """JSON nested past Python's recursion limit is bad input: status 2 and a message, not a traceback."""
    result = _run("render", "thank-you", "--json", stdin="[" * 100_000)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2


# --- In the reader's language ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [code for code in CATALOGS if code != "en"])
def test_lang_renders_and_lists_in_that_language(lang: str) -> None:
    """`--lang de` writes the language's email, with its greeting, and lists its labels."""
    template = CATALOGS[lang]["thank-you"]
    status, printed = _in_process("render", "thank-you", "--example", "--lang", lang)
    email = render("thank-you", template.example_values(), lang)
    assert (status, printed) == (0, f"Subject: {email.subject}\n\n{email.body}\n")
    interviewer = template.example_values()["interviewer"]
    assert email.body.splitlines()[0] == greeting(lang, interviewer, "formal")
    status, listed = _in_process("list", "--lang", lang)
    assert status == 0
    assert f"thank-you: {template.title}." in listed
    assert all(spec.label in listed for spec in template.fields)


def test_lang_checks_in_that_language() -> None:
    """`check --lang de` listens for German: the German example passes, a German demand fails."""
    status, printed = _in_process("check", "thank-you", "--example", "--lang", "de")
    assert status == 0, printed
    template = CATALOGS["de"]["thank-you"]
    values = {**template.example_values(), "highlight": "ich brauche eine Antwort bis Freitag"}
    status, printed = _in_process("check", "thank-you", "--json", "--lang", "de", stdin=json.dumps(values))
    assert status == 1
    assert not next(i for i in json.loads(printed) if i["id"] == "not-pushy")["ok"]


def test_an_unknown_lang_is_refused_by_name() -> None:
    result = _run("render", "thank-you", "--example", "--lang", "xx")
    assert result.returncode == EXIT_BAD_INPUT
    assert "invalid choice: 'xx'" in result.stderr
