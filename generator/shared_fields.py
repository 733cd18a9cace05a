"""The kinds of field, their limits, and the fields every form shares, in one wording.

A situation file names a shared field (`shared = "position"`) instead of
spelling it out, so the forms read alike; it may still change the label, the
help or the example. Plain data: the situation files' checker and the catalog
both read it.
"""

from __future__ import annotations

from typing import Any

from generator.address import MAX_LENGTH as MAX_ADDRESS_LENGTH

KINDS = ("text", "long-text", "choice", "email")

# The longest value of each kind, in characters: a name or a job title, a few
# paragraphs, an address (RFC 5321), a choice's value with room for spaces.
MAX_LENGTH: dict[str, int] = {"text": 100, "long-text": 2000, "email": MAX_ADDRESS_LENGTH, "choice": 40}

SHARED_FIELDS: dict[str, dict[str, Any]] = {
    "candidate_name": {
        "label": "Your name",
        "kind": "text",
        "example": "Jane Doe",
        "blank": "[Your Name]",
        "help": "As you sign your emails.",
        "autocomplete": "name",
    },
    "interviewer": {
        "label": "Interviewer's name",
        "kind": "text",
        "example": "Mr. Smith",
        "blank": "[Interviewer]",
        "help": "As you greet them: title and surname, such as Ms. Patel or Dr. Chen. Double-check the spelling.",
    },
    "position": {
        "label": "Position",
        "kind": "text",
        "example": "Marketing Coordinator",
        "help": "The job title as the posting gives it.",
        "autocomplete": "organization-title",
        "max_length": 150,
    },
    "company": {
        "label": "Company",
        "kind": "text",
        "example": "",
        "required": False,
        "autocomplete": "organization",
        "max_length": 150,
    },
    "recipient_email": {
        "label": "Interviewer's email address",
        "kind": "email",
        "example": "",
        "required": False,
        "help": "Only used to address the email when you open it in your mail app.",
    },
    # Each choice's value names the template's block that writes the body in that tone.
    "tone": {
        "label": "Tone",
        "kind": "choice",
        "example": "formal",
        "choices": [{"value": "formal", "label": "Formal, as in the guide"}, {"value": "warm", "label": "Warm"}],
        "help": "The same structure either way; warm reads a little more personal.",
    },
}
