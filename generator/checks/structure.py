"""The parts of a draft the guide asks for: subject, greeting, the template's own parts, sign-off and length."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.checks.draft import (
    PLAIN_QUOTES,
    STRUCTURE,
    THANK_YOU,
    CheckItem,
    Draft,
    day_of,
    item,
    name_for_example,
    quote,
    sentence_around,
)

EXAMPLE_WORDS = {"thank-you": 95, "follow-up": 83, "rejection-reply": 77}
# Word counts that read as neither curt nor rambling, around the examples.
WORD_BANDS: dict[str, tuple[int, int]] = {
    "thank-you": (60, 200),
    "follow-up": (50, 175),
    "rejection-reply": (40, 175),
}

# The greeting's word; what follows it is taken apart with str methods, not a
# pattern, which no run of spaces can make backtrack (see _greeting_parts).
_GREETING_WORD = re.compile(r"(?:dear|hello|hi|hey|good (?:morning|afternoon|evening))\b", re.IGNORECASE)
_TITLES = {"mr", "ms", "mrs", "mx", "miss", "dr", "prof", "professor", "doctor"}
_GENERIC_ADDRESSEES = {
    "hiring manager",
    "hiring team",
    "recruiter",
    "recruitment team",
    "team",
    "all",
    "sir",
    "madam",
    "sir or madam",
    "sir/madam",
    "sirs",
    "there",
    "interviewer",
    "[interviewer]",
}


# --- Subject and greeting -----------------------------------------------------------------------------

_DASH = "[–—-]"


def subject_item(draft: Draft, interview_date: date | None, now: date | None) -> CheckItem:
    """Whether the subject is one the guide recommends, with the reader's own name and the right day."""
    subject = " ".join(draft.subject.split())
    name = name_for_example(draft)
    where = STRUCTURE[draft.template_id]
    if draft.template_id == "follow-up":
        position = draft.value("position") or "Marketing Coordinator"
        expected = f"Following Up on Interview for {position}"
        match = re.fullmatch(r"following up on interview for (.+)", subject, re.IGNORECASE)
        if match is None:
            return item("subject", False, f"Use the guide’s subject line: {quote(expected)}.", where)
        if draft.value("position") and match.group(1).casefold() != position.casefold():
            return item("subject", False, f"Name the position you interviewed for: {quote(expected)}.", where)
        return item("subject", True, f"{quote(subject)} is the guide’s subject line for a follow-up.", where)

    forms = (f"Thank you – {name}", f"Great speaking with you today – {name}")
    if draft.template_id == "rejection-reply":
        if re.fullmatch(rf"thank you {_DASH} .+|re: .+", subject, re.IGNORECASE):
            return item("subject", True, f"{quote(subject)} reads as a gracious reply.", where)
        return item(
            "subject",
            False,
            f"Reply in their thread (“Re: …”) or use {quote(forms[0])}, so it reads as thanks.",
            where,
        )

    match = re.fullmatch(rf"(thank you|great speaking with you today) {_DASH} (.+)", subject, re.IGNORECASE)
    if match is None:
        return item(
            "subject", False, f"Use one of the guide’s subject lines: {quote(forms[0])} or {quote(forms[1])}.", where
        )
    if draft.value("candidate_name") and match.group(2).casefold() != name.casefold():
        return item("subject", False, f"End the subject with your own name: {quote(forms[0])}.", where)
    says_today = match.group(1).lower().startswith("great")
    not_today = draft.value("interview_day") == "yesterday" or (
        interview_date is not None and now is not None and day_of(now) != interview_date
    )
    if says_today and not_today:
        return item(
            "subject",
            False,
            f"The subject says “today”, but the interview was not today: use {quote(forms[0])} instead.",
            where,
        )
    return item("subject", True, f"{quote(subject)} is one of the guide’s recommended subject lines.", where)


def _greeting_parts(line: str) -> tuple[str, str] | None:
    """The greeting's word and the name after it ("Dear", "Mr. Smith"), or None if the line greets no one.

    The name is what follows the word and any spaces or commas, less one
    closing mark (`,` `:` `!` `.`) and the spaces around it.
    """
    word = _GREETING_WORD.match(line)
    if word is None:
        return None
    name = line[word.end() :].lstrip(" \t,").rstrip(" \t")
    if name[-1:] in {",", ":", "!", "."}:
        name = name[:-1].rstrip(" \t")
    return word.group(), name.strip()


def greeting_item(draft: Draft) -> CheckItem:
    """Whether the email opens by greeting the interviewer by name."""
    where = STRUCTURE[draft.template_id]
    first_line = next((line.strip() for line in draft.body.splitlines() if line.strip()), "")
    parts = _greeting_parts(first_line)
    example = "“Dear Mr. Smith,”"
    if parts is None:
        return item(
            "greeting", False, f"Open with a greeting that uses the interviewer’s name, such as {example}.", where
        )
    word, name = parts
    words = name.replace(".", ". ").split()
    has_title = bool(words) and words[0].rstrip(".").lower() in _TITLES
    if not name:
        return item("greeting", False, f"Add the interviewer’s name after “{word}”, such as {example}.", where)
    if name.lower() in _GENERIC_ADDRESSEES:
        return item(
            "greeting", False, f"Address the interviewer by name rather than {quote(name)}, such as {example}.", where
        )
    if word.lower() == "hey":
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


# --- The parts each template's guide asks for ---------------------------------------------------------

_ENTHUSIASM = (
    r"\b(?:enthusias\w*|excited|excitement|eager\w*|keen to|thrilled|delighted|passionate about|look(?:ing)? forward|"
    r"(?:very|still|remain|really|genuinely) interested|(?:strong|real|genuine|continued|keen) interest)\b"
)
_SKILLS = r"\b(?:skills?|experience|background|expertise|qualifications?|strengths?|abilit(?:y|ies))\b"
_MORE_INFO = (
    r"\b(?:(?:additional|more|further|other) (?:information|details|materials?|references?|examples?)|"
    r"anything else|reach out|any (?:other )?questions)\b"
)
_NEXT_STEPS = (
    r"\b(?:look(?:ing)? forward|next steps?|hear(?:ing)? from you|working (?:together|with you)|"
    r"(?:next|further) (?:conversations?|discussions?|rounds?))\b"
)
_THANKS = r"\b(?:thank(?:s| you)|grateful|appreciat(?:e|ed|ion) (?:your|the|you)\b)"
_STATUS = r"\b(?:follow(?:ing)? up|updates?|status|where things stand|next steps?|decision)\b"
_FUTURE = (
    r"\b(?:future (?:roles?|opportunit\w+|openings?|positions?|vacancies)|stay in touch|keep in touch|"
    r"keep me in mind|considered for)\b"
)


@dataclass(frozen=True)
class _Part:
    """A part of the email the guide asks for, found by a pattern."""

    id: str
    pattern: str
    found: str
    missing: str
    in_closing: bool = False


_PARTS: dict[str, tuple[_Part, ...]] = {
    "thank-you": (
        _Part("enthusiasm", _ENTHUSIASM, "Reiterates your enthusiasm", "Reiterate your enthusiasm for the role."),
        _Part("skills-fit", _SKILLS, "Says how you fit", "Briefly say how your skills align with the position."),
        _Part(
            "offer-more-info",
            _MORE_INFO,
            "Offers more information",
            "Offer to provide any additional information they need.",
        ),
        _Part(
            "next-steps",
            _NEXT_STEPS,
            "Open to next steps",
            "Close with openness to next steps, such as “I look forward to the possibility of working together.”",
        ),
        _Part("thanks", _THANKS, "Thanks them", "Thank them for their time and the opportunity to interview."),
    ),
    "follow-up": (
        _Part(
            "thanks",
            _THANKS,
            "Thanks them in closing",
            "Close by thanking them again for their time and consideration.",
            in_closing=True,
        ),
        _Part(
            "status-request",
            _STATUS,
            "Asks about the status",
            "Say politely that you’re following up on the status of your application.",
        ),
        _Part("enthusiasm", _ENTHUSIASM, "Reaffirms your interest", "Reaffirm your interest in the role."),
        _Part(
            "offer-more-info",
            _MORE_INFO,
            "Invites them to ask",
            "Invite them to reach out if they need anything else from you.",
        ),
    ),
    "rejection-reply": (
        _Part(
            "thanks",
            _THANKS,
            "Thanks them with grace",
            "Thank the interviewer for the opportunity.",
            in_closing=True,
        ),
        _Part(
            "future-roles",
            _FUTURE,
            "Keeps the door open",
            "Say you’re interested in future opportunities, to keep the door open.",
        ),
    ),
}


def parts_items(draft: Draft) -> list[CheckItem]:
    """One item for each part the template's guide asks for (and, for a thank-you, the specific detail)."""
    where = STRUCTURE[draft.template_id]
    items = [_specific_detail(draft)] if draft.template_id == "thank-you" else []
    for part in _PARTS[draft.template_id]:
        text = draft.closing if part.in_closing else draft.body
        match = re.search(part.pattern, text.translate(PLAIN_QUOTES), re.IGNORECASE)
        if match is None:
            items.append(item(part.id, False, part.missing, where))
        else:
            sentence = quote(sentence_around(text, match.start(), match.end()))
            items.append(item(part.id, True, f"{part.found}: {sentence}", where))
    return items


# Words that say nothing about what was discussed: "the interview", "everything", "meeting you".
_FILLER_WORDS = """
    a an the and or but of to in on at for with about from by as into over than so very really much more most
    i me my we us our you your it its this that these those there here all any some each every just also too
    is was are were be been being am has have had do did
    their them they his her he she who what how which when where why
    learning hearing talking speaking meeting discussing chatting getting knowing having seeing
    learn hear talk speak meet discuss chat get know see
    learned heard talked spoke met discussed chatted got knew saw
    time today yesterday great good nice lovely wonderful fantastic amazing awesome interesting fun
    everything anything something nothing things thing stuff lot lots bit whole overall
    interview interviews interviewing conversation conversations chat chats discussion discussions
    call calls session process opportunity role position job company team organization organisation
    people person everyone everybody
"""
_FILLER = frozenset(_FILLER_WORDS.split())


def _specific_detail(draft: Draft) -> CheckItem:
    highlight = draft.value("highlight")
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", highlight.translate(PLAIN_QUOTES).lower())
    telling = [w for w in words if w not in _FILLER]
    if not highlight:
        return item(
            "specific-detail",
            False,
            "Mention something specific from the interview that you found valuable or interesting.",
            THANK_YOU,
        )
    # "At least a few words", two of them about the conversation itself.
    if len(words) < 3 or len(telling) < 2:
        return item(
            "specific-detail",
            False,
            f"{quote(highlight)} could be said of any interview. Name something from the conversation itself: "
            "a project they described, a challenge the team faces, something you learned.",
            THANK_YOU,
        )
    return item("specific-detail", True, f"Specific: you mention {quote(highlight)}.", THANK_YOU)


def sign_off_item(draft: Draft) -> CheckItem:
    """Whether the email ends with a sign-off and the reader's own name."""
    where = STRUCTURE[draft.template_id]
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
    low, high = WORD_BANDS[draft.template_id]
    count = len(draft.body.split())
    where = STRUCTURE[draft.template_id]
    if count < low:
        return item(
            "length",
            False,
            f"At {count} words it may read as rushed; the guide’s example has {EXAMPLE_WORDS[draft.template_id]}. "
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
