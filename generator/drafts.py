"""Drafts to download: an .eml a mail app opens for editing, or a .txt."""

from __future__ import annotations

import email.policy
import re
import unicodedata
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from generator.address import ADVICE as ADDRESS_ADVICE
from generator.address import is_address
from generator.text import without_lone_surrogates

_SPACES = re.compile(" {2,}")


class _DraftPolicy(email.policy.EmailPolicy):
    """SMTP's policy (CRLF, 78-character lines), 7-bit clean, with headers that decode back exactly.

    Two gaps in the email package are closed here. It reads text shaped like
    an RFC 2047 encoded word (`=?utf-8?q?hi?=`) as one, and writes ASCII text
    as it is, so such a subject would come back as "hi". And when it folds a
    long non-ASCII header into several encoded words it can drop a space
    between them, or add one (seen in CPython 3.12). So a subject, or a
    sender's name, that is not plain ASCII is written wholly as encoded words
    by `email.header.Header`, which decode to exactly the text.
    """

    # Typed as typeshed types the base class; at run time a value may also be an Address or a header object.
    def header_store_parse(self, name: str, value: str) -> tuple[str, str]:
        if name.lower() == "subject" and isinstance(value, str) and "=?" in value:
            # Encoded, the literal text survives the header parser on its way in.
            value = _encoded_words(value, name, " ")
        return super().header_store_parse(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() == "subject" and _needs_encoding(str(value)):
            return f"{name}: {_encoded_words(str(value), name, self.linesep)}{self.linesep}".encode("ascii")
        if name.lower() == "from":
            # An AddressHeader: the one mailbox eml_bytes wrote.
            sender = value.addresses[0]  # type: ignore[attr-defined]
            if _needs_encoding(sender.display_name):
                phrase = _encoded_words(sender.display_name, name, self.linesep)
                return f"{name}: {phrase}{self.linesep} <{sender.addr_spec}>{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


def _needs_encoding(text: str) -> bool:
    return "=?" in text or not text.isascii()


def _encoded_words(text: str, header_name: str, linesep: str) -> str:
    """The text as RFC 2047 encoded words in UTF-8, folded to 78 characters with `linesep`."""
    return Header(text, "utf-8", header_name=header_name).encode(linesep=linesep, maxlinelen=78)


# 7bit: a body that is not ASCII goes quoted-printable or base64 (the
# package picks the shorter), so the file survives any transfer unchanged.
_POLICY = _DraftPolicy(linesep="\r\n", cte_type="7bit")


class DraftError(ValueError):
    """A value cannot go into the draft; `field` names it and the message says what to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def header_text(text: str) -> str:
    """Text made safe for one header line, as `eml_bytes` writes it.

    Line breaks of every kind and tabs become spaces, runs of spaces become
    one and the ends are trimmed, so no text can start a header of its own;
    other control characters (NUL among them) are dropped; a lone surrogate,
    which has no UTF-8 form, becomes U+FFFD. Other characters (no-break
    spaces, right-to-left marks, emoji) are kept as they are.
    """
    kept = "".join(_safe_char(char) for char in without_lone_surrogates(text))
    return _SPACES.sub(" ", kept).strip()


def body_text(text: str) -> str:
    r"""The body as the draft holds it: line breaks as \n, NUL and lone surrogates replaced or dropped."""
    return without_lone_surrogates(text).replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")


def eml_bytes(
    to: str,
    subject: str,
    body: str,
    *,
    from_name: str = "",
    from_address: str = "",
    date: datetime | None = None,
) -> bytes:
    """The email as an unsent draft in .eml form (RFC 5322 with MIME).

    `X-Unsent: 1` asks the mail app (Outlook and others) to open the file
    as a draft ready to edit and send, rather than as a received message.

    Args:
        to: The recipient's address, or "" to leave To out for the reader to fill.
        subject: The subject; see `header_text` for how it is made safe. Non-ASCII
            text is written as RFC 2047 encoded words.
        body: The plain-text body, sent as text/plain; charset=utf-8.
        from_name: The sender's name, written with `from_address`.
        from_address: The sender's address. Without it there is no From
            header, as a From needs an address and the mail app puts in the
            account's own when the draft is sent; `from_name` alone is then unused.
        date: The Date header; left out when None, so the mail app dates the
            email when it is sent. A naive datetime is written with the
            unknown-zone offset -0000.

    Returns:
        The message with CRLF line ends, all 7-bit ASCII.

    Raises:
        DraftError: `to` or `from_address` is not one email address; `field` names which.

    """
    message = EmailMessage(policy=_POLICY)
    if from_address.strip():
        message["From"] = Address(display_name=header_text(from_name), addr_spec=_address("from_address", from_address))
    if to.strip():
        message["To"] = Address(addr_spec=_address("to", to))
    message["Subject"] = header_text(subject)
    if date is not None:
        message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(body_text(body), subtype="plain", charset="utf-8")
    return message.as_bytes()


def txt_text(subject: str, body: str) -> str:
    """The email as a plain-text file: "Subject: …", a blank line, the body and a final newline.

    The same form as the project's golden files. The subject is made one
    line as in `eml_bytes`.
    """
    text = body_text(body)
    return f"Subject: {header_text(subject)}\n\n{text}" + ("" if text.endswith("\n") else "\n")


def _address(field: str, value: str) -> str:
    address = value.strip()
    if not is_address(address):
        raise DraftError(field, f"{field} must be {ADDRESS_ADVICE}.")
    return address


def _safe_char(char: str) -> str:
    category = unicodedata.category(char)
    # Cc is every control character; the line breaks and tabs among them become spaces.
    if category == "Cc":
        return " " if char in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85" else ""
    # Zl and Zp are U+2028 and U+2029, the Unicode line and paragraph separators.
    return " " if category in {"Zl", "Zp"} else char
