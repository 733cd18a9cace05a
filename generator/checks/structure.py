"""The parts of a draft the guide asks for: subject, greeting, the situation's own parts, sign-off and length.

What each situation asks for comes from its file (generator.checks.rules);
the judging here is the same for all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from generator.catalog import get_template
from generator.checks.draft import PLAIN_QUOTES, CheckItem, Draft, day_of, item, quote, sentence_around
from generator.checks.lexicon import lexicon
from generator.checks.rules import rules_of

# --- Subject and greeting -----------------------------------------------------------------------------


def subject_item(draft: Draft, interview_date: date | None, now: date | None) -> CheckItem:
    """Whether the subject is one the situation recommends, with the reader's own details and the right day."""
    rules = rules_of(draft.template_id, draft.lang)
    rule = rules.subject
    subject = " ".join(draft.subject.split())
    forms = [_filled(form, draft) for form in rule.forms]

    def say(text: str) -> str:
        # The file's sentence with its slots filled; what the reader typed is only ever a value here.
        return text.format(subject=quote(subject), first=quote(forms[0]), forms=" or ".join(map(quote, forms)))

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
    example = "“Dear Mr. Smith,”"
    if parts is None:
        return item(
            "greeting", False, f"Open with a greeting that uses the interviewer’s name, such as {example}.", where
        )
    word, name = parts
    words = name.replace(".", ". ").split()
    has_title = bool(words) and words[0].rstrip(".").casefold() in words_of.titles
    if not name and word.casefold() in words_of.bare_greetings:
        return item("greeting", True, f"{quote(first_line)} is the formal greeting.", where)
    if not name:
        return item("greeting", False, f"Add the interviewer’s name after “{word}”, such as {example}.", where)
    if name.casefold() in words_of.generic_addressees:
        return item(
            "greeting", False, f"Address the interviewer by name rather than {quote(name)}, such as {example}.", where
        )
    if word.casefold() in words_of.casual_greetings:
        return item("greeting", False, f"“Hey” is too casual for this email; {example} is the guide’s form.", where)
    if has_title and len(words) == 1:
        return item("greeting", False, f"Add their surname after the title, such as “Dear {words[0]} Patel,”.", where)
    if name == name.lower() and name != name.upper():
        return item(
            "greeting", False, "Write their name with capitals, as they write it, such as “Dear Mr. Smith,”.", where
        )
    greeting = quote(first_line)
    if has_title:
        return item("greeting", True, f"{greeting} uses their title and name. Double-check the spelling.", where)
    if len(words) == 1:
        advice = (
            f"{greeting} is fine if they introduced themselves by first name; otherwise use their title and "
            "surname, such as “Dear Ms. Patel,”. Double-check the spelling."
        )
    else:
        advice = (
            f"{greeting} works; if they use a title, “Dear Ms. Patel,” is the guide’s form. Double-check the spelling."
        )
    return item("greeting", True, advice, where)


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
            sentence = quote(sentence_around(text, match.start(), match.end()))
            items.append(item(part.id, True, f"{part.found}: {sentence}", where))
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
        return item(
            "specific-detail",
            False,
            f"{quote(highlight)} could be said of any interview. Name something from the conversation itself: "
            "a project they described, a challenge the team faces, something you learned.",
            where,
        )
    return item("specific-detail", True, f"Specific: you mention {quote(highlight)}.", where)


def sign_off_item(draft: Draft) -> CheckItem:
    """Whether the email ends with a sign-off and the reader's own name."""
    where = rules_of(draft.template_id, draft.lang).where
    sign_off = draft.sign_off
    name = draft.value("candidate_name")
    if sign_off is None:
        return item(
            "sign-off", False, f"End with “Best regards,” and your name on the next line ({name or 'Jane Doe'}).", where
        )
    if name and " ".join(sign_off[1].split()).casefold() != name.casefold():
        return item("sign-off", False, f"Sign with your own name under the sign-off: {name}.", where)
    return item("sign-off", True, f"Signed off with {quote(sign_off[0])} and your name.", where)


def length_item(draft: Draft) -> CheckItem:
    """Whether the body reads as neither curt nor rambling."""
    rules = rules_of(draft.template_id, draft.lang)
    low, high = rules.words
    count = len(draft.body.split())
    where = rules.where
    if count < low:
        return item(
            "length",
            False,
            f"At {count} words it may read as rushed; the guide’s example has {rules.example_words}. "
            "A sentence on something specific, or on why you fit the role, makes it warmer.",
            where,
        )
    if count > high:
        return item(
            "length",
            False,
            f"At {count} words it’s long for a busy reader; keep it to three short paragraphs, under {high} words.",
            where,
        )
    return item("length", True, f"{count} words: short enough to read at a glance.", where)
