"""Reading a situation's translation: the sibling file `<id>.<lang>.jinja`, merged over its English record.

The English file says what a situation *is* (its fields' kinds, its page, its
check's rules); a sibling says only what a language *says*: titles, labels,
help, choices' labels, the check's sentences and phrases, its own examples,
and the template's blocks below the front matter
(docs/development/adding-a-language.md). Every sentence English has must be
translated, and nothing else may be given: a missing or unknown key fails the
build, naming the file and the line.

Like generator.situation_file, this runs natively and at build time only.
"""

from __future__ import annotations

from typing import Any

from generator.situation_file import Checker, field_namer, load

Record = dict[str, Any]

# What a field may say in a language; everything else (kind, limits, autocomplete) is the English file's.
_FIELD_WORDS = {"label": str, "help": str, "example": str, "blank": str, "choices": dict}
_SUBJECT_WORDS = {"forms": list, "match": list, "advice": str, "ok": str, "mismatch": dict, "today": dict}


def parse(path: str, lang: str, text: str, english: Record, english_text: str, language: Record) -> Record:
    """The situation in `lang`: the English record with every word the sibling gives in place of English's.

    Args:
        path: the sibling's path, for messages.
        lang: the language's code.
        text: the sibling's text.
        english: the English file's parsed record (generator.situation_file.parse).
        english_text: the English file's text, to know which words its shared fields override.
        language: the language file's data (generator.languages), for the shared fields' words.

    Raises:
        SituationFileError: the sibling lacks a translation, or gives a key English does not translate.

    """
    data, checker = load(path, text)
    checker.table(
        "",
        data,
        {"title": str, "summary": str, "fields": dict, "check": dict, "examples": list},
        {"title", "summary", "examples"},
    )
    english_data, _ = load(path, english_text)
    own = data.get("fields", {})
    fields = []
    for n, spec in enumerate(english["fields"]):
        raw = english_data["fields"][n]
        shared = language.get("shared", {}).get(raw["shared"], {}) if "shared" in raw else {}
        fields.append(_field(checker, spec, raw, shared, own.get(spec["id"], {})))
    for field_id in own:
        if not any(spec["id"] == field_id for spec in english["fields"]):
            known = ", ".join(spec["id"] for spec in english["fields"])
            raise checker.fail(f"fields.{field_id}", f"“{field_id}” is not one of the fields ({known})")
    record = {**english, "lang": lang, "title": data["title"], "summary": data["summary"], "fields": fields}
    record["check"] = _check(checker, english["check"], data.get("check", {}), [f["id"] for f in fields])
    record["examples"] = _examples(checker, english, data["examples"], fields, record["check"])
    return record


def _field(checker: Checker, spec: Record, raw: Record, shared: Record, given: object) -> Record:
    """One field in the language: the sibling's words, else the language's shared field's, never English's."""
    where = f"fields.{spec['id']}"
    checker.table(where, given, _FIELD_WORDS, set())
    assert isinstance(given, dict)
    field = dict(spec)
    # A shared field's words come from the language file, unless the English file changed them for this situation.
    inherited = {key: value for key, value in shared.items() if key in _FIELD_WORDS and key not in raw}
    words = {**inherited, **given}
    for key in ("label", "help", "blank"):
        if spec.get(key):
            if not words.get(key):
                raise checker.fail(where, f"translate its {key}: “{spec[key]}”")
            field[key] = words[key]
    if spec["kind"] == "choice":
        labels = words.get("choices", {})
        values = [choice["value"] for choice in spec["choices"]]
        missing = [value for value in values if not isinstance(labels.get(value), str) or not labels[value]]
        if missing:
            raise checker.fail(f"{where}.choices", f"give the label of each choice: {', '.join(missing)}")
        unknown = sorted(set(labels) - set(values))
        if unknown:
            raise checker.fail(f"{where}.choices", f"“{unknown[0]}” is not a choice; choices: {', '.join(values)}")
        field["choices"] = [{"value": value, "label": labels[value]} for value in values]
    elif "choices" in words and "choices" in given:
        raise checker.fail(f"{where}.choices", "only a choice field has choices")
    elif spec.get("example") and spec["kind"] != "email":
        if not words.get("example"):
            raise checker.fail(where, f"give an example in the language for “{spec['example']}”")
        field["example"] = words["example"]
    elif "example" in words:
        field["example"] = words["example"]
    if len(field["example"]) > spec.get("max_length", 0) > 0:
        raise checker.fail(f"{where}.example", "is longer than the field takes (max_length)")
    return field


def _check(checker: Checker, english: Record, given: object, ids: list[str]) -> Record:
    """The check's data with the language's sentences and phrases; its rules stay the English file's."""
    checker.table(
        "check", given, {"words": list, "specific": str, "subject": dict, "parts": dict}, {"subject", "parts"}
    )
    assert isinstance(given, dict)
    check = dict(english)
    if "words" in given:
        words = given["words"]
        numbers = all(isinstance(w, int) and not isinstance(w, bool) for w in words)
        if len(words) != 2 or not numbers or not 0 < words[0] < words[1]:
            raise checker.fail("check.words", "give the band as [fewest, most] words, such as [60, 200]")
        check["words"] = words
    if "specific" in english:
        if not given.get("specific"):
            raise checker.fail("check", f"translate check.specific: “{english['specific']['missing']}”")
        check["specific"] = {**english["specific"], "missing": given["specific"]}
    elif "specific" in given:
        raise checker.fail("check.specific", "the English file's check has no specific detail to ask for")
    check["subject"] = _subject(checker, english["subject"], given["subject"], ids)
    check["parts"] = _parts(checker, english["parts"], given["parts"])
    return check


def _subject(checker: Checker, english: Record, given: Record, ids: list[str]) -> Record:
    checker.table("check.subject", given, _SUBJECT_WORDS, {"forms", "advice", "ok"})
    subject = {**english, **given}
    if set(subject.get("mismatch", {})) != set(english.get("mismatch", {})):
        names = ", ".join(english.get("mismatch", {})) or "none"
        raise checker.fail("check.subject.mismatch", f"say what to fix for the same fields as English: {names}")
    if ("today" in english) != ("today" in given):
        raise checker.fail("check.subject", "give “today” (its word and advice) exactly when English does")
    if "today" in english:
        today_words = {"word": str, "advice": str, "field": str}
        checker.table("check.subject.today", given["today"], today_words, {"word", "advice"})
        if given["today"].get("field", english["today"].get("field")) != english["today"].get("field"):
            raise checker.fail("check.subject.today.field", "the day field is the English file's: leave it out")
        subject["today"] = {**english["today"], **given["today"]}
    # The same checks an English subject passes: forms name fields, advice names only its slots.
    checker.subject(subject, field_namer(checker, ids))
    if "today" in english:
        # The day field's choice that is today ("today"), whatever word the language says it with.
        subject["today"]["value"] = english["today"]["word"]
    return subject


def _parts(checker: Checker, english: list[Record], given: Record) -> list[Record]:
    parts = []
    for part in english:
        where = f"check.parts.{part['id']}"
        words = {"found": str, "missing": str, **({"words": list} if "words" in part else {})}
        checker.table(where, given.get(part["id"]), words, set(words))
        translated = {**part, **given[part["id"]]}
        if "words" in part:
            checker.strings(f"{where}.words", translated["words"])
        parts.append(translated)
    unknown = sorted(set(given) - {part["id"] for part in english})
    if unknown:
        known = ", ".join(part["id"] for part in english)
        raise checker.fail(f"check.parts.{unknown[0]}", f"not a part of the English check ({known})")
    return parts


def _examples(checker: Checker, english: Record, given: list[Any], fields: list[Record], check: Record) -> list[Record]:
    """The language's own examples: one per English example, by name, each checked as English's are."""
    checked = checker.examples(given, fields, check)
    names = [example["name"] for example in checked]
    wanted = [example["name"] for example in english["examples"]]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise checker.fail("examples", f"give the examples English has, by name; missing: {', '.join(missing)}")
    extra = [name for name in names if name not in wanted]
    if extra:
        raise checker.fail("examples", f"“{extra[0]}” is not an English example's name ({', '.join(wanted)})")
    flags = {example["name"]: example.get("flags", []) for example in english["examples"]}
    return [{"flags": flags[example["name"]], **example} for example in checked]
