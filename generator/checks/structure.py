"""The parts of a draft the guide asks for: subject, greeting, the situation's own parts, sign-off and length.

What each situation asks for comes from its file (generator.checks.rules);
the judging here is the same for all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import reduce

from generator.catalog import get_template
from generator.checks.draft import PLAIN_QUOTES, CheckItem, Draft, day_of, item, quote, quoted, sentence_around
from generator.checks.lexicon import lexicon
from generator.checks.rules import rules_of
from generator.languages import language, message
from generator.shared_fields import SHARED_FIELDS

# --- Subject and greeting -----------------------------------------------------------------------------


def subject_item(draft: Draft, interview_date: date | None, now: date | None) -> CheckItem:
    """Whether the subject is one the situation recommends, with the reader's own details and the right day."""
    rules = rules_of(draft.template_id, draft.lang)
    rule = rules.subject
    subject = " ".join(draft.subject.split())
    forms = [quote(_filled(form, draft), lang=draft.lang) for form in rule.forms]
    # The file's sentences are the draft's language's own, so its quotes and its "or" are too.
    either = reduce(lambda first, second: message(draft.lang, "subject.or", first=first, second=second), forms)

    def say(text: str) -> str:
        # The file's sentence with its slots filled; what the reader typed is only ever a value here.
        return text.format(subject=quote(subject, lang=draft.lang), first=forms[0], forms=either)

    matches = ((form, pattern.fullmatch(subject)) for form, pattern in zip(rule.forms, rule.patterns, strict=True))
    form, match = next(((form, m) for form, m in matches if m is not None), ("", None))
    if match is None:
        return item("subject", False, say(rule.advice), rules.where)
    for name in rule.match:
        given = draft.value(name)
        if given and name in match.groupdict() and match[name].casefold() != given.casefold():
            return item("subject", False, say(rule.mismatch[name]), rules.where)
    if rule.today:
        word = rule.today["word"]
        says_today = re.search(rf"\b{re.escape(word)}\b", re.sub(r"\{[^}]*\}", "", form), re.IGNORECASE)
        # The day field's value is the choice's id ("today"), whatever word the language says it with.
        today = rule.today.get("value", word)
        said = _value_or_example(draft, rule.today["field"]) if "field" in rule.today else today
        not_today = said != today or (interview_date is not None and now is not None and day_of(now) != interview_date)
        if says_today and not_today:
            return item("subject", False, say(rule.today["advice"]), rules.where)
    return item("subject", True, say(rule.ok), rules.where)


def _filled(form: str, draft: Draft) -> str:
    """A subject form with the reader's values, or the fields' examples where none is given yet."""
    return re.sub(r"\{([^}]*)\}", lambda m: "…" if m[1] == "*" else _value_or_example(draft, m[1]), form)


def _value_or_example(draft: Draft, field_id: str) -> str:
    spec = get_template(draft.template_id, draft.lang).field(field_id)
    return draft.value(field_id) or (spec.example if spec else "")


def _greeting_parts(line: str, greeting_word: re.Pattern[str]) -> tuple[str, str] | None:
    """The greeting's word and the name after it ("Dear", "Mr. Smith"), or None if the line greets no one.

    The name is what follows the word and any spaces or commas, less one
    closing mark (`,` `:` `!` `.`) and the spaces around it.
    """
    word = greeting_word.match(line)
    if word is None:
        return None
    name = line[word.end() :].lstrip(" \t,").rstrip(" \t")
    if name[-1:] in {",", ":", "!", "."}:
        name = name[:-1].rstrip(" \t")
    return word.group(), name.strip()


def greeting_item(draft: Draft) -> CheckItem:
    """Whether the email opens by greeting the interviewer by name."""
    where = rules_of(draft.template_id, draft.lang).where
    words_of = lexicon(draft.lang)
    first_line = next((line.strip() for line in draft.body.splitlines() if line.strip()), "")
    parts = _greeting_parts(first_line, words_of.greeting_word)

    def say(ok: bool, key: str, **slots: object) -> CheckItem:
        return item("greeting", ok, message(draft.lang, key, **slots), where)

    if parts is None:
        return say(False, "greeting.missing")
    word, name = parts
    words = name.replace(".", ". ").split()
    has_title = bool(words) and words[0].rstrip(".").casefold() in words_of.titles
    greeting = quoted(first_line)
    if not name and word.casefold() in words_of.bare_greetings:
        return say(True, "greeting.bare", greeting=greeting)
    if not name:
        return say(False, "greeting.no_name", word=word)
    if name.casefold() in words_of.generic_addressees:
        return say(False, "greeting.generic", name=quoted(name))
    if word.casefold() in words_of.casual_greetings:
        return say(False, "greeting.casual")
    if has_title and len(words) == 1:
        return say(False, "greeting.title_only", title=words[0])
    if name == name.lower() and name != name.upper():
        return say(False, "greeting.lower_case")
    if has_title:
        return say(True, "greeting.titled", greeting=greeting)
    return say(True, "greeting.first_name" if len(words) == 1 else "greeting.full_name", greeting=greeting)


# --- The parts each situation asks for ----------------------------------------------------------------


def parts_items(draft: Draft) -> list[CheckItem]:
    """One item for each part the situation asks for, after the specific detail if it asks for one."""
    rules = rules_of(draft.template_id, draft.lang)
    where = rules.where
    items = [_specific_detail(draft, rules.specific, where)] if rules.specific else []
    for part in rules.parts:
        text = draft.closing if part.in_closing else draft.body
        match = part.pattern.search(text.translate(PLAIN_QUOTES))
        if match is None:
            items.append(item(part.id, False, part.missing, where))
        else:
            # The part's words are the draft's language's own, so its sentence is quoted as that language quotes.
            sentence = quote(sentence_around(text, match.start(), match.end()), lang=draft.lang)
            items.append(
                item(part.id, True, message(draft.lang, "part.found", found=part.found, sentence=sentence), where)
            )
    return items


def _specific_detail(draft: Draft, rule: Mapping[str, str], where: tuple[str, str]) -> CheckItem:
    highlight = draft.value(rule["field"])
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", highlight.translate(PLAIN_QUOTES).lower())
    filler = lexicon(draft.lang).filler
    telling = [w for w in words if w not in filler]
    if not highlight:
        return item("specific-detail", False, rule["missing"], where)
    # "At least a few words", two of them about the conversation itself.
    if len(words) < 3 or len(telling) < 2:
        return item("specific-detail", False, message(draft.lang, "specific.vague", highlight=quoted(highlight)), where)
    return item("specific-detail", True, message(draft.lang, "specific.ok", highlight=quoted(highlight)), where)


def sign_off_item(draft: Draft) -> CheckItem:
    """Whether the email ends with a sign-off and the reader's own name."""
    where = rules_of(draft.template_id, draft.lang).where
    sign_off = draft.sign_off
    name = draft.value("candidate_name")
    if sign_off is None:
        # Without the reader's name, the example name of the language the sentence is said in.
        return item("sign-off", False, message(draft.lang, "sign_off.missing", name=name or _example_name), where)
    if name and " ".join(sign_off[1].split()).casefold() != name.casefold():
        return item("sign-off", False, message(draft.lang, "sign_off.other_name", name=name), where)
    return item("sign-off", True, message(draft.lang, "sign_off.ok", sign_off=quoted(sign_off[0])), where)


_EXAMPLE_NAME = SHARED_FIELDS["candidate_name"]["example"]


def _example_name(lang: str) -> str:
    """The shared name field's example in `lang` ("Jane Doe"), for advice that shows where a name goes."""
    return str(language(lang).get("shared", {}).get("candidate_name", {}).get("example", _EXAMPLE_NAME))


def length_item(draft: Draft) -> CheckItem:
    """Whether the body reads as neither curt nor rambling."""
    rules = rules_of(draft.template_id, draft.lang)
    low, high = rules.words
    count = len(draft.body.split())
    where = rules.where
    if count < low:
        return item(
            "length", False, message(draft.lang, "length.short", count=count, example=rules.example_words), where
        )
    if count > high:
        return item("length", False, message(draft.lang, "length.long", count=count, most=high), where)
    return item("length", True, message(draft.lang, "length.ok", count=count), where)
