"""`mailto:` links per RFC 6068, so a mail app opens with the draft filled in, or with its subject when too long."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from generator.text import without_lone_surrogates

# Some mail apps and browsers cut or refuse mailto: links past about 2,000
# characters (Outlook on Windows, for one), so a longer body is pasted instead.
MAILTO_LIMIT = 1800

# A header value cannot hold a line break (that would start a new header), and
# NUL is unsafe in every mail program: neither may reach the subject or the address.
_NOT_IN_SUBJECT = str.maketrans({"\r": " ", "\n": " ", "\0": ""})


def mailto_url(to: str, subject: str, body: str) -> str:
    """A `mailto:` URL that opens a draft with this recipient, subject and body.

    Every character outside RFC 3986's unreserved set is percent-encoded as
    UTF-8 (`&`, `?`, `#`, `%`, `=`, `+` and spaces included), so the text
    decodes back exactly. Line breaks in the body become `%0D%0A`, as
    RFC 6068 section 5 asks.

    Args:
        to: The recipient's address, or "" to leave it for the reader to fill.
        subject: The subject; line breaks become spaces, NUL is dropped.
        body: The body text.

    Returns:
        The URL, ready for an `href`.

    """
    to, subject, body = (without_lone_surrogates(text) for text in (to, subject, body))
    clean_subject = subject.translate(_NOT_IN_SUBJECT)
    clean_body = body.replace("\0", "").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    fields = [("subject", clean_subject), ("body", clean_body)]
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields if value)
    recipient = quote(to.translate(_NOT_IN_SUBJECT).strip(), safe="@")
    return f"mailto:{recipient}?{query}" if query else f"mailto:{recipient}"


@dataclass(frozen=True)
class MailtoLink:
    """A mailto: link and whether the reader must paste the body into it.

    Attributes:
        url: The link, ready for an `href`.
        paste_body: True when the body was too long for a link: the link then
            has the recipient and subject only, and the reader must paste the
            body (say, from a copy button).

    """

    url: str
    paste_body: bool

    def to_dict(self) -> dict[str, object]:
        """The link as `{"url": ..., "paste_body": ...}`."""
        return {"url": self.url, "paste_body": self.paste_body}


def mailto_or_fallback(to: str, subject: str, body: str, limit: int = MAILTO_LIMIT) -> MailtoLink:
    """A mailto: link with the whole draft if it is short enough, else one without the body.

    Args:
        to: The recipient's address, or "".
        subject: The subject.
        body: The body.
        limit: The longest link, in encoded characters, that still carries the body;
            a link of `limit` characters or more leaves it out.

    Returns:
        The full `mailto_url` when it is shorter than `limit`; else the link
        with the recipient and subject only and `paste_body` True, so the
        page can ask the reader to paste the body. That shorter link is
        returned even if it is itself over the limit (a very long subject).

    """
    full = mailto_url(to, subject, body)
    if len(full) < limit:
        return MailtoLink(full, paste_body=False)
    # An empty body leaves nothing to paste, however long the subject made the link.
    return MailtoLink(mailto_url(to, subject, ""), paste_body=bool(body))
