"""The catalog: every email template and the fields its form asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.address import MAX_LENGTH as MAX_ADDRESS_LENGTH

FieldKind = Literal["text", "long-text", "choice", "email"]

# The longest value of each kind, in characters: a name or a job title, a few
# paragraphs, an address (RFC 5321), a choice's value with room for spaces.
MAX_LENGTH: dict[str, int] = {"text": 100, "long-text": 2000, "email": MAX_ADDRESS_LENGTH, "choice": 40}


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the value stored and the words shown."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One thing the reader types or picks, named by the id the template uses.

    `example` is the guide's own value, so the catalog's examples rebuild the
    guide's example emails. `autocomplete` is the HTML token that lets a
    browser offer what it already knows (the reader's name, say).
    `max_length` is the most characters the field takes; 0 means its kind's
    (`MAX_LENGTH`). The page shows it, and the engine refuses a longer value
    before anything else.
    """

    id: str
    label: str
    kind: FieldKind
    example: str
    help: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    autocomplete: str = "off"
    blank: str = ""
    max_length: int = 0

    @property
    def limit(self) -> int:
        """The most characters this field takes."""
        return self.max_length or MAX_LENGTH[self.kind]

    @property
    def stand_in(self) -> str:
        """What a preview shows where this field is still empty, in the guide's `[Your Name]` style."""
        return self.blank or f"[{self.label}]"

    def to_dict(self) -> dict[str, object]:
        """The field as plain JSON-ready data, for the CLI and the browser."""
        data: dict[str, object] = {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
            "example": self.example,
            "help": self.help,
            "max_length": self.limit,
        }
        if self.choices:
            data["choices"] = [{"value": c.value, "label": c.label} for c in self.choices]
        return data


@dataclass(frozen=True)
class Template:
    """An email template: its id (also its file name), title and fields."""

    id: str
    title: str
    summary: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    # For a panel interview: the fields each interviewer gets their own value
    # of (the rest are shared), so each receives a personal email. Empty: no panel.
    panel_fields: tuple[str, ...] = ()

    def field(self, field_id: str) -> Field | None:
        """The field with this id, or None."""
        return next((f for f in self.fields if f.id == field_id), None)

    def example_values(self) -> dict[str, str]:
        """The values that rebuild the guide's example email."""
        return {f.id: f.example for f in self.fields}

    def to_dict(self) -> dict[str, object]:
        """The template as plain JSON-ready data, for the CLI and the browser."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "fields": [f.to_dict() for f in self.fields],
            "panel_fields": list(self.panel_fields),
        }


# Fields shared by every template keep one wording, so the forms read alike.
_CANDIDATE_NAME = Field(
    id="candidate_name",
    label="Your name",
    kind="text",
    example="Jane Doe",
    blank="[Your Name]",
    help="As you sign your emails.",
    autocomplete="name",
)
_INTERVIEWER = Field(
    id="interviewer",
    label="Interviewer's name",
    kind="text",
    example="Mr. Smith",
    blank="[Interviewer]",
    help="As you greet them: title and surname, such as Ms. Patel or Dr. Chen. Double-check the spelling.",
)
_POSITION = Field(
    id="position",
    label="Position",
    kind="text",
    example="Marketing Coordinator",
    help="The job title as the posting gives it.",
    autocomplete="organization-title",
    max_length=150,
)
_RECIPIENT_EMAIL = Field(
    id="recipient_email",
    label="Interviewer's email address",
    kind="email",
    example="",
    required=False,
    help="Only used to address the email when you open it in your mail app.",
)

_TONE = Field(
    id="tone",
    label="Tone",
    kind="choice",
    example="formal",
    choices=(Choice("formal", "Formal, as in the guide"), Choice("warm", "Warm")),
    help="The same structure either way; warm reads a little more personal.",
)

_THANK_YOU = Template(
    id="thank-you",
    title="Thank-you email",
    summary="Thank the interviewer within 24 hours, ideally the same day.",
    fields=(
        _CANDIDATE_NAME,
        _INTERVIEWER,
        _POSITION,
        Field(
            id="interview_day",
            label="When was the interview?",
            kind="choice",
            example="today",
            choices=(Choice("today", "Today"), Choice("yesterday", "Yesterday")),
            help="Send it within 24 hours, ideally the same day.",
        ),
        Field(
            id="highlight",
            label="Something specific you enjoyed",
            kind="long-text",
            example="learning more about the team and the exciting direction the company is heading",
            help="Completes “I truly enjoyed …”. Name something from the conversation itself.",
        ),
        Field(
            id="contribution",
            label="How you would contribute",
            kind="long-text",
            example=(
                "contribute to your brand strategy initiatives and help drive engagement "
                "through creative, data-driven campaigns"
            ),
            help="Completes “I’m even more enthusiastic about the opportunity to …”.",
        ),
        Field(
            id="subject_style",
            label="Subject line",
            kind="choice",
            example="thank-you",
            choices=(
                Choice("thank-you", "Thank you – [Your Name]"),
                Choice("great-speaking", "Great speaking with you today – [Your Name]"),
            ),
            help="Both are the guide’s recommended forms.",
        ),
        _TONE,
        _RECIPIENT_EMAIL,
    ),
    panel_fields=("interviewer", "highlight", "recipient_email"),
)

_FOLLOW_UP = Template(
    id="follow-up",
    title="Follow-up reminder",
    summary="Ask politely for an update once their timeline, or about 7-10 days, has passed.",
    fields=(
        _CANDIDATE_NAME,
        _INTERVIEWER,
        _POSITION,
        Field(
            id="interview_when",
            label="When you spoke",
            kind="text",
            example="last week",
            help="Completes “our conversation … about the position”, such as last week or on March 3.",
        ),
        Field(
            id="team_goals",
            label="What you want to contribute to",
            kind="text",
            example="your marketing goals",
            help="Completes “join your team and contribute to …”.",
            max_length=300,
        ),
        _TONE,
        _RECIPIENT_EMAIL,
    ),
)

_REJECTION_REPLY = Template(
    id="rejection-reply",
    title="Reply to a rejection",
    summary="Thank them with grace and keep the door open for future roles.",
    fields=(
        _CANDIDATE_NAME,
        _INTERVIEWER,
        _POSITION,
        Field(
            id="company",
            label="Company",
            kind="text",
            example="",
            required=False,
            help="Without it the email says “your team”.",
            autocomplete="organization",
            max_length=150,
        ),
        Field(
            id="highlight",
            label="Something you valued in the process",
            kind="long-text",
            example="our conversation about your brand strategy initiatives",
            required=False,
            help="Completes “I especially enjoyed …”.",
        ),
        Field(
            id="subject_style",
            label="Subject line",
            kind="choice",
            example="thank-you",
            choices=(
                Choice("thank-you", "Thank you – [Your Name]"),
                Choice("reply", "Re: [Position] position"),
            ),
        ),
        _TONE,
        _RECIPIENT_EMAIL,
    ),
)

CATALOG: dict[str, Template] = {t.id: t for t in (_THANK_YOU, _FOLLOW_UP, _REJECTION_REPLY)}
"""Every template, by id. The id names the template file, the page marker and the form."""


class UnknownTemplateError(LookupError):
    """Raised for a template id the catalog does not have."""

    def __init__(self, template_id: str) -> None:
        known = ", ".join(CATALOG)
        super().__init__(f"unknown template {template_id!r}; known templates: {known}")
        self.template_id = template_id


def get_template(template_id: str) -> Template:
    """The catalog entry for `template_id`.

    Raises:
        UnknownTemplateError: no template has that id.

    """
    try:
        return CATALOG[template_id]
    except KeyError:
        raise UnknownTemplateError(template_id) from None
