"""The command line: list the templates, render one from JSON or `--set` values."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from generator.catalog import CATALOG, UnknownTemplateError, get_template
from generator.render import ValidationError, render

# Status 2 means "your input was wrong", as argparse already uses it for usage errors.
EXIT_BAD_INPUT = 2


class _BadInput(Exception):
    """Input the reader must fix; the message says what, and no traceback is shown."""


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: The arguments, without the program name (default: sys.argv[1:]).
        stdin: Where `render --json` reads its values (default: sys.stdin).
        stdout: Where results go (default: sys.stdout). Errors go to sys.stderr.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list(args.json, stdout)
        else:
            _render(args, stdin, stdout)
    except ValidationError as error:
        for problem in error.errors:
            print(f"error: {problem.field}: {problem.message}", file=sys.stderr)
        if args.json:
            _print_json({"errors": [e.to_dict() for e in error.errors]}, stdout)
        return EXIT_BAD_INPUT
    except (_BadInput, UnknownTemplateError) as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Write polite interview follow-up emails from the guide's templates.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listing = commands.add_parser("list", help="list the templates and their fields")
    listing.add_argument("--json", action="store_true", help="print the catalog as JSON")
    rendering = commands.add_parser(
        "render",
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
    return parser


def _list(as_json: bool, stdout: TextIO) -> None:
    if as_json:
        _print_json([t.to_dict() for t in CATALOG.values()], stdout)
        return
    for template in CATALOG.values():
        print(f"{template.id}: {template.title}. {template.summary}", file=stdout)
        for spec in template.fields:
            need = "required" if spec.required else "optional"
            print(f"  {spec.id} ({spec.kind}, {need}): {spec.label}", file=stdout)


def _render(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> None:
    template = get_template(args.template)
    values: dict[str, object] = template.example_values() if args.example else {}
    if args.json and not args.assignments:
        values.update(_read_json_object(stdin))
    values.update(_parse_assignments(args.assignments))
    email = render(template.id, values)
    if args.json:
        _print_json(email.to_dict(), stdout)
    else:
        print(_printable(f"Subject: {email.subject}\n\n{email.body}"), file=stdout)


def _read_json_object(stdin: TextIO) -> dict[str, object]:
    text = stdin.read()
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadInput(f"stdin is not valid JSON ({error}); give an object such as {{\"position\": \"...\"}}") from None
    if not isinstance(data, dict):
        raise _BadInput("stdin must hold a JSON object of field ids to text, such as {\"position\": \"...\"}")
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
    # ASCII escapes keep every string printable, lone surrogates included.
    print(json.dumps(data, indent=2), file=stdout)


def _printable(text: str) -> str:
    # A lone surrogate cannot be written as UTF-8; show it as \udxxx rather than crash.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
