"""Reading one situation file: its TOML front matter, checked key by key, as plain data.

A situation file (generator/situations/<id>.jinja) opens with a Jinja2 comment
whose first and last lines are `+++`; between them is TOML. The rest of the
file is the template's blocks. Keeping the front matter inside a comment makes
the whole file a valid template, so Jinja2's own errors name the file's lines.

This module runs natively and at build time. The browser reads the same data
from the wheel, already checked (generator.situations), and never imports it.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from generator.shared_fields import KINDS, MAX_LENGTH, SHARED_FIELDS

OPEN = ("{#", "{#-")
CLOSE = ("#}", "-#}")
FENCE = "+++"
TIMING_RULES = ("within-24-hours", "after-their-timeline", "after-the-follow-up")
# Where the interview's day comes from: the planner's date, or the email's own day field (a call the planner
# does not know about).
DATED_BY = ("planner", "day_field")
# The phrase sets a part may name with `find`; generator/checks/phrases.py holds their patterns.
ADVICE_SLOTS = {"subject", "first", "forms"}
PHRASE_SETS = ("thanks", "enthusiasm", "skills", "more-info", "next-steps", "status", "future")
Record = dict[str, Any]
_ID = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")


class SituationFileError(ValueError):
    """A situation file that cannot be used: which file, which line, and what is wrong."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def front_matter(path: str, text: str) -> tuple[str, int]:
    """The TOML between the opening comment's `+++` lines, padded so its line numbers are the file's.

    Returns: the TOML text and the line of the closing `+++`.
    """
    lines = text.splitlines()
    if len(lines) < 2 or lines[0].strip() not in OPEN or lines[1].strip() != FENCE:
        raise SituationFileError(path, 1, f"a situation file opens with “{{#” and “{FENCE}” on the next line")
    for number, line in enumerate(lines[2:], start=3):
        if line.strip() == FENCE:
            if number >= len(lines) or lines[number].strip() not in CLOSE:
                raise SituationFileError(path, number + 1, f"close the front matter with “#}}” after “{FENCE}”")
            body = lines[2 : number - 1]
            for offset, content in enumerate(body, start=3):
                if "#}" in content:
                    raise SituationFileError(path, offset, "“#}” would end the comment early; write it otherwise")
            return "\n" * 2 + "\n".join(body) + "\n", number
    raise SituationFileError(path, len(lines), f"the front matter has no closing “{FENCE}” line")


def parse(path: str, situation_id: str, text: str) -> dict[str, Any]:
    """The situation's data, checked, with shared fields filled in: what generator.situations builds from.

    Raises:
        SituationFileError: the file is malformed; the message names the line and what is wrong.

    """
    data, checker = load(path, text)
    if not _ID.fullmatch(situation_id) or "_" in situation_id:
        raise SituationFileError(path, 1, f"{situation_id!r} is not an id: use lower case, digits and dashes")
    return checker.situation(situation_id, data)


def load(path: str, text: str) -> tuple[dict[str, Any], Checker]:
    """The front matter's TOML as data, and a checker that finds the line of any of its keys.

    Raises:
        SituationFileError: the file has no front matter, or its TOML does not parse.

    """
    toml, _ = front_matter(path, text)
    try:
        data = tomllib.loads(toml)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise SituationFileError(path, int(line.group(1)) if line else 1, f"TOML: {error}") from None
    return data, Checker(path, toml.splitlines())


class Checker:
    """Checks the parsed TOML against the format, finding the line of a key when something is wrong."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines

    def fail(self, where: str, message: str) -> SituationFileError:
        """The error for the key `where` (such as `fields[2].kind`), at the line that defines it."""
        return SituationFileError(self.path, self._line_of(where), f"{where}: {message}")

    def _line_of(self, where: str) -> int:
        """The line that defines `where` (such as `fields[2].kind`), or the front matter's first."""
        start = 0
        for step in where.split("."):
            name, _, index = step.partition("[")
            count = int(index.rstrip("]")) if index else None
            header = re.compile(rf"\s*\[\[(?:[\w.-]+\.)?{re.escape(name)}\]\]")
            key = re.compile(rf"\s*(?:\[)?(?:[\w-]+\.)*{re.escape(name)}\s*(?:=|\]|\.)")
            if count is None and re.search(rf"[{{,]\s*{re.escape(name)}\s*=", self.lines[start]):
                continue  # a key of an inline table, on the line found so far
            seen = -1
            for number in range(start, len(self.lines)):
                line = self.lines[number]
                if count is not None and header.match(line):
                    seen += 1
                    if seen == count:
                        start = number
                        break
                elif count is None and key.match(line):
                    start = number
                    break
            else:
                break
        return start + 1 if start else 3

    def table(self, where: str, value: object, known: Mapping[str, type], required: set[str]) -> None:
        """`value` is a table of the `known` keys, each of its type, holding every `required` one."""
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table")
        for key in value:
            if key not in known:
                raise self.fail(_join(where, key), f"unknown key; known: {', '.join(known)}")
        for key in sorted(required - value.keys()):
            raise self.fail(where or key, f"the key “{key}” is missing")
        for key, kind in known.items():
            # TOML's true is a Python int too: a number must not be a boolean.
            given = value.get(key)
            if key in value and (not isinstance(given, kind) or (isinstance(given, bool) and kind is not bool)):
                raise self.fail(_join(where, key), f"must be {_KIND_NAMES[kind]}")

    def strings(self, where: str, value: list[Any]) -> list[str]:
        """`value` is a list of strings, none of them blank."""
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(where, "must be a list of strings, none of them empty")
        return value

    def advice(self, where: str, text: object) -> None:
        """An advice sentence may name only the slots the check fills: {subject}, {first}, {forms}."""
        if not isinstance(text, str):
            raise self.fail(where, "must be a string")
        try:
            slots = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as error:
            raise self.fail(where, f"{error}; write a literal brace as {{{{ or }}}}") from None
        unknown = sorted(slots - ADVICE_SLOTS)
        if unknown:
            raise self.fail(where, f"{{{unknown[0]}}} is not a slot; advice may use {{subject}}, {{first}}, {{forms}}")

    def situation(self, situation_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """The whole front matter, checked, as the record the catalog builds from."""
        self.table(
            "",
            data,
            {
                "title": str,
                "summary": str,
                "guide": str,
                "order": int,
                "panel_fields": list,
                "fields": list,
                "check": dict,
                "examples": list,
            },
            {"title", "summary", "guide", "order", "fields", "check", "examples"},
        )
        fields = [self.field(f"fields[{n}]", spec) for n, spec in enumerate(data["fields"])]
        ids = [spec["id"] for spec in fields]
        self.kind_of = {spec["id"]: spec["kind"] for spec in fields}
        for n, field_id in enumerate(ids):
            if ids.index(field_id) != n:
                raise self.fail(f"fields[{n}]", f"the field “{field_id}” is listed twice")
        for name in self.strings("panel_fields", data.get("panel_fields", [])):
            if name not in ids:
                raise self.fail("panel_fields", f"“{name}” is not one of the fields ({', '.join(ids)})")
        return {
            "id": situation_id,
            "title": data["title"],
            "summary": data["summary"],
            "guide": data["guide"],
            "order": data["order"],
            "panel_fields": data.get("panel_fields", []),
            "fields": fields,
            "check": (check := self.check(data["check"], ids)),
            "examples": self.examples(data["examples"], fields, check),
        }

    def field(self, where: str, spec: object) -> dict[str, Any]:
        """One field, checked, with its shared field's keys under its own."""
        known = {
            "shared": str,
            "id": str,
            "label": str,
            "kind": str,
            "example": str,
            "help": str,
            "required": bool,
            "choices": list,
            "autocomplete": str,
            "blank": str,
            "max_length": int,
        }
        self.table(where, spec, known, set())
        assert isinstance(spec, dict)
        merged: dict[str, Any] = {}
        if "shared" in spec:
            if spec["shared"] not in SHARED_FIELDS:
                known_shared = ", ".join(SHARED_FIELDS)
                raise self.fail(f"{where}.shared", f"no shared field “{spec['shared']}”; shared: {known_shared}")
            if "id" in spec:
                raise self.fail(f"{where}.id", "a shared field takes its id from “shared”")
            merged = {**SHARED_FIELDS[spec["shared"]], "id": spec["shared"]}
        merged.update({key: value for key, value in spec.items() if key != "shared"})
        for key in ("id", "label", "kind"):
            if key not in merged:
                raise self.fail(where, f"the key “{key}” is missing (or name a shared field with “shared”)")
        if not _ID.fullmatch(merged["id"]) or "-" in merged["id"]:
            raise self.fail(f"{where}.id", "a field id is lower case with underscores, as the template names it")
        if merged["kind"] not in KINDS:
            raise self.fail(f"{where}.kind", f"“{merged['kind']}” is not a kind; kinds: {', '.join(KINDS)}")
        choices = merged.get("choices", [])
        if (merged["kind"] == "choice") != bool(choices):
            raise self.fail(where, "a choice field lists its choices, and only a choice field does")
        for n, choice in enumerate(choices):
            self.table(f"{where}.choices[{n}]", choice, {"value": str, "label": str}, {"value", "label"})
        values = [c["value"] for c in choices]
        if len(set(values)) != len(values):
            raise self.fail(f"{where}.choices", "two choices share a value")
        if merged["kind"] == "choice" and merged.get("example", "") not in {c["value"] for c in choices} | {""}:
            raise self.fail(f"{where}.example", "a choice field's example is one of its choices' values")
        if merged.get("max_length", 1) <= 0:
            raise self.fail(f"{where}.max_length", "must be a positive number of characters")
        if len(merged.get("example", "")) > merged.get("max_length", MAX_LENGTH[merged["kind"]]):
            raise self.fail(f"{where}.example", "is longer than the field takes (max_length)")
        merged.setdefault("example", "")
        return merged

    def check(self, check: dict[str, Any], ids: list[str]) -> dict[str, Any]:
        """The `[check]` table, checked against the fields `ids`."""
        known = {
            "section": str,
            "words": list,
            "timing": dict,
            "one_follow_up": bool,
            "specific": dict,
            "subject": dict,
            "parts": list,
        }
        self.table("check", check, known, {"section", "words", "subject", "parts"})
        words = check["words"]
        numbers = all(isinstance(w, int) and not isinstance(w, bool) for w in words)
        if len(words) != 2 or not numbers or not 0 < words[0] < words[1]:
            raise self.fail("check.words", "give the band as [fewest, most] words, such as [60, 200]")
        field_named = field_namer(self, ids)
        if "timing" in check:
            timing_keys = {"rule": str, "guide": str, "section": str, "day_field": str, "dated_by": str}
            self.table("check.timing", check["timing"], timing_keys, {"rule", "guide", "section"})
            if check["timing"]["rule"] not in TIMING_RULES:
                raise self.fail("check.timing.rule", f"rules: {', '.join(TIMING_RULES)}")
            if "day_field" in check["timing"]:
                field_named("check.timing.day_field", check["timing"]["day_field"])
                if self.kind_of[check["timing"]["day_field"]] != "choice":
                    raise self.fail("check.timing.day_field", "the day is a choice field, such as today or yesterday")
            dated_by = check["timing"].get("dated_by", "planner")
            if dated_by not in DATED_BY:
                raise self.fail("check.timing.dated_by", f"“{dated_by}”: the day comes from {' or '.join(DATED_BY)}")
            if dated_by == "day_field" and "day_field" not in check["timing"]:
                raise self.fail("check.timing.dated_by", "dated by the day field: name it with “day_field”")
        if "specific" in check:
            self.table("check.specific", check["specific"], {"field": str, "missing": str}, {"field", "missing"})
            field_named("check.specific.field", check["specific"]["field"])
        self.subject(check["subject"], field_named)
        for n, part in enumerate(check["parts"]):
            where = f"check.parts[{n}]"
            known_part = {"id": str, "find": str, "words": list, "found": str, "missing": str, "in_closing": bool}
            self.table(where, part, known_part, {"id", "found", "missing"})
            if ("find" in part) == ("words" in part):
                raise self.fail(where, "name a phrase set with “find”, or list the phrases with “words”")
            if "find" in part and part["find"] not in PHRASE_SETS:
                raise self.fail(f"{where}.find", f"no phrase set “{part['find']}”; sets: {', '.join(PHRASE_SETS)}")
            if "words" in part and not self.strings(f"{where}.words", part["words"]):
                raise self.fail(f"{where}.words", "list at least one phrase")
        return check

    def subject(self, subject: dict[str, Any], field_named: Callable[[str, str], None]) -> None:
        """The subject's forms and sentences: forms name fields, sentences name only their slots."""
        known = {"forms": list, "match": list, "advice": str, "ok": str, "mismatch": dict, "today": dict}
        self.table("check.subject", subject, known, {"forms", "advice", "ok"})
        forms = self.strings("check.subject.forms", subject["forms"])
        if not forms:
            raise self.fail("check.subject.forms", "list at least one subject form")
        for form in forms:
            if form.count("{") != form.count("}") or re.search(r"\{[^}]*\{|\}[^{]*\}", form):
                raise self.fail("check.subject.forms", f"“{form}”: each {{ closes with a }} before the next")
            for name in re.findall(r"\{([^}]*)\}", form):
                if name != "*":
                    field_named("check.subject.forms", name)
        self.advice("check.subject.advice", subject["advice"])
        self.advice("check.subject.ok", subject["ok"])
        for name, text in subject.get("mismatch", {}).items():
            self.advice(f"check.subject.mismatch.{name}", text)
        for name in self.strings("check.subject.match", subject.get("match", [])):
            field_named("check.subject.match", name)
            if name not in subject.get("mismatch", {}):
                raise self.fail("check.subject.mismatch", f"say what to fix when the subject's “{name}” differs")
        if "today" in subject:
            today_keys = {"word": str, "field": str, "advice": str}
            self.table("check.subject.today", subject["today"], today_keys, {"word", "advice"})
            if "field" in subject["today"]:
                field_named("check.subject.today.field", subject["today"]["field"])
            self.advice("check.subject.today.advice", subject["today"]["advice"])

    def examples(
        self, examples: list[Any], fields: list[dict[str, Any]], check: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Every example, checked, no two of the same name."""
        checked = [self.example(f"examples[{n}]", e, fields, check) for n, e in enumerate(examples)]
        names = [e["name"] for e in checked]
        for n, name in enumerate(names):
            if names.index(name) != n:
                raise self.fail(f"examples[{n}].name", f"two examples are named “{name}”")
        return checked

    def example(
        self, where: str, example: object, fields: list[dict[str, Any]], check: dict[str, Any]
    ) -> dict[str, Any]:
        """One example: its values are the fields' (a choice's among its choices), its flags the check's items."""
        known = {"name": str, "values": dict, "subject": str, "body": str, "guide": bool, "flags": list}
        self.table(where, example, known, {"name", "subject", "body"})
        assert isinstance(example, dict)
        by_id = {spec["id"]: spec for spec in fields}
        for key, value in example.get("values", {}).items():
            if key not in by_id:
                raise self.fail(f"{where}.values.{key}", f"“{key}” is not one of the fields ({', '.join(by_id)})")
            if not isinstance(value, str):
                raise self.fail(f"{where}.values.{key}", "must be a string")
            choices = [c["value"] for c in by_id[key].get("choices", [])]
            if choices and value not in choices:
                raise self.fail(f"{where}.values.{key}", f"“{value}” is not one of its choices ({', '.join(choices)})")
        items = {"subject", "greeting", "specific-detail", "sign-off", "length", "not-pushy"}
        items |= {part["id"] for part in check["parts"]}
        for flag in self.strings(f"{where}.flags", example.get("flags", [])):
            if flag not in items:
                raise self.fail(f"{where}.flags", f"“{flag}” is not an item of this check ({', '.join(sorted(items))})")
        return {"values": {}, **example, "body": example["body"].removeprefix("\n").removesuffix("\n")}


def field_namer(checker: Checker, ids: list[str]) -> Callable[[str, str], None]:
    """A check that a key names one of the fields `ids`, failing at its line."""

    def field_named(where: str, name: str) -> None:
        if name not in ids:
            raise checker.fail(where, f"“{name}” is not one of the fields ({', '.join(ids)})")

    return field_named


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


_KIND_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "a table"}
