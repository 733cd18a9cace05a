"""The command line: list the templates, render one from JSON or `--set` values."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from generator.catalog import CATALOG, CATALOGS, UnknownTemplateError, get_template
from generator.checks import CHECK_KEYS, CheckItem, check_input
from generator.languages import DEFAULT, UnknownLanguageError
from generator.render import ValidationError, render
from generator.text import printable

# Status 2 means "your input was wrong", as argparse already uses it for usage errors.
EXIT_BAD_INPUT = 2
# Status 1 from `check` means "the draft has something to fix", as linters use it.
EXIT_CHECK_FAILED = 1


class _BadInput(Exception):
    """Input the reader must fix; the message says what, and no traceback is shown."""


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: The arguments, without the program name (default: sys.argv[1:]).
        stdin: Where `render --json` and `check --json` read their values (default: sys.stdin).
        stdout: Where results go (default: sys.stdout). Errors go to sys.stderr.

    """
    stdin = stdin if stdin is not None else sys.stdin  # None when the process was started with stdin closed
    if stdout is None:
        # The guide's typography (– ’) must not crash a terminal that cannot show it.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        stdout = sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list(args.json, args.lang, stdout)
        elif args.command == "check":
            return _check(args, stdin, stdout)
        else:
            _render(args, stdin, stdout)
    except ValidationError as error:
        for problem in error.errors:
            print(printable(f"error: {problem.field}: {problem.message}"), file=sys.stderr)
        if args.json:
            _print_json({"errors": [e.to_dict() for e in error.errors]}, stdout)
        return EXIT_BAD_INPUT
    except (_BadInput, UnknownTemplateError, UnknownLanguageError) as error:
        print(printable(f"error: {error.args[0]}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Write polite interview follow-up emails from the guide's templates.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Every command speaks each language the guide is written in.
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument(
        "--lang", default=DEFAULT, choices=list(CATALOGS), help="the language of the emails and labels (default: en)"
    )
    listing = commands.add_parser("list", parents=[language], help="list the templates and their fields")
    listing.add_argument("--json", action="store_true", help="print the catalog as JSON")
    rendering = commands.add_parser(
        "render",
        parents=[language],
        help="fill a template",
        description="Fill a template. Values come from --set, or with --json from a JSON object on stdin.",
    )
    rendering.add_argument("template", metavar="ID", help=f"template id: {', '.join(CATALOG)}")
    rendering.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field's value (repeat for each field); overrides stdin",
    )
    rendering.add_argument("--example", action="store_true", help="start from the guide's example values")
    rendering.add_argument(
        "--json",
        action="store_true",
        help='read the values as a JSON object on stdin (unless --set is given) and print {"subject", "body"}',
    )
    checking = commands.add_parser(
        "check",
        parents=[language],
        help="check a draft against the guide's advice",
        description=(
            "Fill a template and check it against the guide: subject, greeting, what to include, length, "
            "tone and, given the extra keys, timing. Values come as for render. Beside the template's "
            f"fields the values may hold {', '.join(CHECK_KEYS)}: "
            'such as {"interview_date": "2026-03-03", "interview_time": "14:30", "timeline": "10 days", '
            '"now": "2026-03-03T17:30", "already_followed_up": false}. '
            "Exits 1 when an item fails, 2 when the input is wrong."
        ),
    )
    checking.add_argument("template", metavar="ID", help=f"template id: {', '.join(CATALOG)}")
    checking.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a field's or extra key's value (repeat for each); overrides stdin",
    )
    checking.add_argument("--example", action="store_true", help="start from the guide's example values")
    checking.add_argument(
        "--json",
        action="store_true",
        help="read the values as a JSON object on stdin (unless --set is given) and print the items as JSON",
    )
    return parser


def _list(as_json: bool, lang: str, stdout: TextIO) -> None:
    if as_json:
        _print_json([t.to_dict() for t in CATALOGS[lang].values()], stdout)
        return
    for template in CATALOGS[lang].values():
        print(f"{template.id}: {template.title}. {template.summary}", file=stdout)
        for spec in template.fields:
            need = "required" if spec.required else "optional"
            print(f"  {spec.id} ({spec.kind}, {need}): {spec.label}", file=stdout)


def _render(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> None:
    template = get_template(args.template, args.lang)
    values: dict[str, object] = dict(template.example_values()) if args.example else {}
    if args.json and not args.assignments:
        values.update(_read_json_object(stdin))
    values.update(_parse_assignments(args.assignments))
    email = render(template.id, values, template.lang)
    if args.json:
        _print_json(email.to_dict(), stdout)
    else:
        print(f"Subject: {email.subject}\n\n{email.body}", file=stdout)


def _check(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    template = get_template(args.template, args.lang)
    values: dict[str, object] = dict(template.example_values()) if args.example else {}
    if args.json and not args.assignments:
        values.update(_read_json_object(stdin))
    values.update(_parse_assignments(args.assignments))
    items = check_input(template.id, values, template.lang)
    if args.json:
        _print_json([item.to_dict() for item in items], stdout)
    else:
        print(_checklist(items), file=stdout)
    return 0 if all(item.ok for item in items) else EXIT_CHECK_FAILED


def _checklist(items: list[CheckItem]) -> str:
    lines = [f"{'✓' if i.ok else '✗'} {i.id}: {i.advice}\n    guide: {i.guide}#{i.section}" for i in items]
    passed = sum(item.ok for item in items)
    return "\n".join([*lines, f"{passed} of {len(items)} checks pass."])


# The most stdin may hold: the page's largest request is well under this (generator.api).
MAX_STDIN_BYTES = 256 * 1024


def _read_json_object(stdin: TextIO | None) -> dict[str, object]:
    data = _read_stdin(stdin)
    if not data.strip():
        return {}
    try:
        # JSON's own encodings (UTF-8, UTF-16 and UTF-32, with or without a
        # byte-order mark), told apart as RFC 8259 says, whatever the locale.
        text = data if isinstance(data, str) else data.decode(json.detect_encoding(data))
    except UnicodeDecodeError as error:
        raise _BadInput(f"stdin is not text in UTF-8 or UTF-16 ({error.reason} at byte {error.start})") from None
    try:
        loaded = json.loads(text)
    except RecursionError:
        raise _BadInput("stdin nests too deeply; give a flat JSON object of field ids to text") from None
    except json.JSONDecodeError as error:
        raise _BadInput(f'stdin is not valid JSON ({error}); give an object such as {{"position": "..."}}') from None
    except ValueError as error:
        # A number past the digits Python converts (4,300), for one.
        raise _BadInput(f"stdin holds a value that cannot be read ({error})") from None
    if not isinstance(loaded, dict):
        raise _BadInput('stdin must hold a JSON object of field ids to text, such as {"position": "..."}')
    return loaded


def _read_stdin(stdin: TextIO | None) -> bytes | str:
    """Stdin's bytes where there are any (a str from a text stream without them), at most MAX_STDIN_BYTES."""
    if stdin is None or getattr(stdin, "closed", False):
        raise _BadInput("stdin is closed; pipe a JSON object into it, or give the values with --set")
    try:
        # Bytes where there are any: the locale must not decide whether the input is understood.
        binary = getattr(stdin, "buffer", None)
        data: bytes | str = binary.read(MAX_STDIN_BYTES + 1) if binary is not None else stdin.read(MAX_STDIN_BYTES + 1)
    except OSError as error:
        raise _BadInput(f"stdin could not be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise _BadInput(f"stdin is not UTF-8 text ({error.reason} at byte {error.start})") from None
    if len(data) > MAX_STDIN_BYTES:
        raise _BadInput(f"stdin holds more than {MAX_STDIN_BYTES:,} bytes; the values of one email are far fewer")
    return data


def _parse_assignments(assignments: list[str]) -> dict[str, str]:
    values = {}
    for assignment in assignments:
        field_id, separator, value = assignment.partition("=")
        if not separator:
            raise _BadInput(f"--set {assignment!r} needs the form FIELD=VALUE, such as --set position=Analyst")
        values[field_id.strip()] = value
    return values


def _print_json(data: object, stdout: TextIO) -> None:
    # ASCII escapes: the output reads the same whatever the terminal's encoding.
    print(json.dumps(data, indent=2), file=stdout)
