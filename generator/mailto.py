"""`mailto:` links per RFC 6068, so a mail app opens with the draft filled in."""

from __future__ import annotations

from urllib.parse import quote

from generator.text import without_lone_surrogates

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
