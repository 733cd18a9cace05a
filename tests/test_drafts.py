"""Drafts to download: .eml files a mail app opens as drafts, .txt files, and mailto: links that fit."""

import email
import email.policy
from datetime import UTC, datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import CATALOG, mailto_url, render
from generator.drafts import DraftError, body_text, eml_bytes, header_text, txt_text
from generator.mailto import MAILTO_LIMIT, MailtoLink, mailto_or_fallback

PROPERTIES = settings(derandomize=True, database=None, deadline=None, max_examples=300)

EXAMPLE = render("thank-you", CATALOG["thank-you"].example_values())
BASE_HEADERS = ["Subject", "X-Unsent", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    return message


def _content(message: EmailMessage) -> str:
    r"""The body as sent: its line ends are the wire's CRLF, which the parser keeps; read them as \n."""
    content = message.get_content()
    assert isinstance(content, str)
    assert "\r" not in content.replace("\r\n", "")
    return content.replace("\r\n", "\n")


def _assert_wire_format(data: bytes) -> None:
    """CRLF line ends only, 7-bit ASCII, lines within RFC 5322's 78 characters."""
    assert data.isascii()
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n"):
        assert b"\r" not in line
        assert b"\n" not in line
        assert len(line) <= 78, line


# --- .eml ---------------------------------------------------------------------------------------------


def test_eml_is_an_unsent_plain_text_draft() -> None:
    """X-Unsent: 1, text/plain in UTF-8, the subject and body of the email, and nothing else."""
    data = eml_bytes("", EXAMPLE.subject, EXAMPLE.body)
    _assert_wire_format(data)
    message = _parse(data)
    assert message.keys() == BASE_HEADERS
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] in {"7bit", "quoted-printable", "base64"}
    assert message["Subject"] == "Thank you – Jane Doe"
    assert _content(message) == EXAMPLE.body + "\n"


def test_non_ascii_subject_is_an_rfc_2047_encoded_word() -> None:
    """The en dash in the guide's subject goes out as =?utf-8?...?= and decodes back."""
    data = eml_bytes("", "Thank you – Zoë", "Hi")
    subject_line = next(line for line in data.split(b"\r\n") if line.startswith(b"Subject:"))
    assert b"=?utf-8?" in subject_line
    assert _parse(data)["Subject"] == "Thank you – Zoë"


def test_addresses_and_date_are_written_when_given() -> None:
    """To, From (name and address) and Date appear when given and read back exactly."""
    sent = datetime(2026, 3, 3, 17, 30, tzinfo=timezone(timedelta(hours=-5)))
    data = eml_bytes(
        " hr@example.com ",
        "Hi",
        "Body",
        from_name="Zoë O'Brien, Jr.",
        from_address="zoe@example.com",
        date=sent,
    )
    _assert_wire_format(data)
    message = _parse(data)
    assert message.keys() == ["From", "To", *BASE_HEADERS[:1], "Date", *BASE_HEADERS[1:]]
    assert message["To"].addresses[0].addr_spec == "hr@example.com"
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Zoë O'Brien, Jr.", "zoe@example.com")
    assert message["Date"].datetime == sent


def test_from_name_alone_writes_no_from() -> None:
    """A From needs an address, and the mail app adds the account's: a name alone writes no From."""
    assert "From" not in _parse(eml_bytes("", "Hi", "Body", from_name="Jane Doe"))


@pytest.mark.parametrize(
    "to",
    [
        "hr at example.com",
        "hr@example.com, boss@example.com",
        "hr@example.com; boss@example.com",
        "Jane <hr@example.com>",
        "hr@example.com\r\nBcc: victim@example.com",
        "hr@example.com\nBcc: victim@example.com",
        "zoë@example.com",  # internationalised addresses would need SMTPUTF8
    ],
)
@pytest.mark.parametrize("field", ["to", "from_address"])
def test_anything_but_one_plain_address_is_refused(to: str, field: str) -> None:
    """To and From take exactly one plain address: a second one, a name or a header is a DraftError naming it."""
    with pytest.raises(DraftError) as raised:
        eml_bytes(**{"to": "", field: to}, subject="Hi", body="Body")
    assert raised.value.field == field
    assert "name@example.com" in str(raised.value)


INJECTIONS = [
    "Hi\r\nBcc: victim@example.com",
    "Hi\nBcc: victim@example.com",
    "Hi\rBcc: victim@example.com",
    "Hi\r\n\r\nInjected body",
    "Hi\r\n Bcc: folded@example.com",
    "Hi\0Bcc: victim@example.com",
    "Hi\x85Bcc: victim@example.com",
    "Hi\u2028Bcc: victim@example.com",
    "Hi\u2029Bcc: victim@example.com",
    "Hi\x0bBcc: victim@example.com",
    "\r\nBcc: x@y",
    "=?utf-8?q?Hi=0D=0ABcc=3A_x=40y?=",
]


@pytest.mark.parametrize("subject", INJECTIONS)
def test_subject_cannot_add_a_header(subject: str) -> None:
    """Line breaks, NUL and encoded line breaks in the subject never start a header or the body."""
    data = eml_bytes("", subject, "Body")
    _assert_wire_format(data)
    message = _parse(data)
    assert message.keys() == BASE_HEADERS
    assert "Bcc" not in message
    assert message["Subject"] == header_text(subject)
    assert not {"\r", "\n", "\0"} & set(str(message["Subject"]))
    assert _content(message) == "Body\n"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("  Thank you  –  Jane  ", "Thank you – Jane"),
        ("a\r\nb", "a b"),
        ("a\tb", "a b"),
        ("a\0b", "ab"),
        ("a\x1bb", "ab"),
        ("a\u00a0b", "a\u00a0b"),  # a no-break space is kept
        ("\u202eevil\u202c", "\u202eevil\u202c"),
        ("a\ud800b", "a\ufffdb"),
    ],
)
def test_header_text_makes_one_clean_line(subject: str, expected: str) -> None:
    """Breaks and tabs become single spaces, the ends are trimmed, other controls dropped, the rest kept."""
    assert header_text(subject) == expected


@pytest.mark.parametrize(
    "subject",
    [
        "=?utf-8?q?hi?=",
        "a =?utf-8?b?aGk=?= b",
        "=?iso-8859-1?q?caf=E9?= and more",
        pytest.param("=?" * 60, id="many-=?"),
        pytest.param("Thank you – " + "Zoë " * 60, id="long-non-ascii"),
        pytest.param("👩‍💻 " * 40, id="emoji"),
        pytest.param("x" * 500, id="long-ascii"),
    ],
)
def test_subject_reads_back_exactly(subject: str) -> None:
    """Long subjects, emoji, and text shaped like an encoded word come back as written, not decoded twice."""
    data = eml_bytes("", subject, "Body")
    _assert_wire_format(data)
    assert _parse(data)["Subject"] == header_text(subject)


@pytest.mark.parametrize(
    "body",
    [
        "plain ASCII",
        "Dear Mr. Smith,\n\nI’m even more enthusiastic.\n\nBest regards,\nZoë",
        "a\r\nb\rc\n",
        "From the start: a line beginning with From\nFrom here",
        ".\n..\n. lone dots",
        pytest.param("x" * 2000, id="one-long-line"),
        "trailing spaces   \nand tabs\t\n",
        pytest.param("שלום 👩‍💻 " * 500, id="long-non-ascii"),
        "a\0b",
    ],
)
def test_body_reads_back_exactly(body: str) -> None:
    r"""The body comes back as written, with \n line ends, a final newline, and NUL dropped."""
    data = eml_bytes("", "Hi", body)
    _assert_wire_format(data)
    expected = body_text(body)
    assert _content(_parse(data)) == expected + ("" if expected.endswith("\n") else "\n")


def _display_name(data: bytes, message: EmailMessage) -> str:
    """The From header's name, decoded as RFC 2047 says.

    Python's address parser (3.12) puts a space between adjacent encoded words
    in a name, where RFC 2047 section 6.2 says to drop the white space between
    them; so a name written as encoded words is decoded with `decode_header`,
    which follows the RFC.
    """
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii").replace("\r\n ", " ")
    value = next(line for line in head.split("\r\n") if line.startswith("From: ")).removeprefix("From: ")
    if value == "me@example.com":
        return ""
    phrase, _, address = value.rpartition(" <")
    assert address == "me@example.com>"
    if phrase.startswith("=?"):
        return str(make_header(decode_header(phrase)))
    name = message["From"].addresses[0].display_name
    assert isinstance(name, str)
    return name


@pytest.mark.parametrize(
    "name",
    ["Jane Doe", "Zoë O'Brien, Jr.", 'Say "Hi" \\ ok', "=?utf-8?q?hi?=", "李小龍", pytest.param("𐀀" * 30, id="astral")],
)
def test_sender_name_reads_back(name: str) -> None:
    """The sender's name, quoted or encoded as it needs, reads back as written."""
    data = eml_bytes("", "Hi", "Body", from_name=name, from_address="me@example.com")
    _assert_wire_format(data)
    assert _display_name(data, _parse(data)) == name


@PROPERTIES
@given(st.text(max_size=200), st.text(max_size=60))
def test_any_subject_and_name_read_back(subject: str, name: str) -> None:
    """For any text, the subject and the sender's name decode back to the cleaned text, with no extra header."""
    data = eml_bytes("hr@example.com", subject, "Body", from_name=name, from_address="me@example.com")
    _assert_wire_format(data)
    message = _parse(data)
    assert message.keys() == ["From", "To", *BASE_HEADERS]
    assert message["Subject"] == header_text(subject)
    assert _display_name(data, message) == header_text(name)


@PROPERTIES
@given(st.text(max_size=500))
def test_any_body_reads_back(body: str) -> None:
    """For any text, the body decodes back to the cleaned text plus a final newline."""
    data = eml_bytes("", "Hi", body)
    _assert_wire_format(data)
    expected = body_text(body)
    assert _content(_parse(data)) == expected + ("" if expected.endswith("\n") else "\n")


# --- .txt ---------------------------------------------------------------------------------------------


def test_txt_is_subject_blank_line_body() -> None:
    """The .txt is "Subject: …", a blank line, the body and a final newline, as the golden files are."""
    assert txt_text(EXAMPLE.subject, EXAMPLE.body) == f"Subject: {EXAMPLE.subject}\n\n{EXAMPLE.body}\n"


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("a\r\nb", "x", "Subject: a b\n\nx\n"),
        ("s", "x\r\ny\rz\n", "Subject: s\n\nx\ny\nz\n"),
        ("s", "", "Subject: s\n\n\n"),
    ],
)
def test_txt_keeps_the_subject_on_one_line(subject: str, body: str, expected: str) -> None:
    r"""The subject is made one line and the body's line ends become \n."""
    assert txt_text(subject, body) == expected


# --- mailto: ------------------------------------------------------------------------------------------


def test_short_draft_keeps_its_body() -> None:
    """Under the limit, the link is mailto_url's full link."""
    link = mailto_or_fallback("hr@example.com", EXAMPLE.subject, EXAMPLE.body)
    assert link == MailtoLink(mailto_url("hr@example.com", EXAMPLE.subject, EXAMPLE.body), paste_body=False)
    assert link.to_dict() == {"url": link.url, "paste_body": False}


def test_long_draft_leaves_the_body_to_paste() -> None:
    """Over the limit, the link has the recipient and subject only, and says the body must be pasted."""
    body = "👩‍💻 " * 200
    link = mailto_or_fallback("hr@example.com", "Hi", body)
    assert link == MailtoLink("mailto:hr@example.com?subject=Hi", paste_body=True)
    assert len(mailto_url("hr@example.com", "Hi", body)) >= MAILTO_LIMIT


@pytest.mark.parametrize(("extra", "paste"), [(-1, False), (0, True), (1, True)])
def test_limit_counts_encoded_characters(extra: int, paste: bool) -> None:
    """A link shorter than the limit keeps the body; one of exactly `limit` characters or more does not."""
    base = len(mailto_url("", "s", "a")) - 1
    limit = 100
    body = "a" * (limit - base + extra)
    assert len(mailto_url("", "s", body)) == limit + extra
    assert mailto_or_fallback("", "s", body, limit=limit).paste_body is paste


def test_empty_body_never_asks_for_pasting() -> None:
    """With no body there is nothing to paste, even when a huge subject makes the link long."""
    assert mailto_or_fallback("", "s" * 5000, "").paste_body is False


def test_default_limit_is_safe_for_mail_apps() -> None:
    """The default limit leaves room under the ~2,000 characters some mail apps accept."""
    assert MAILTO_LIMIT == 1800
    assert mailto_or_fallback("", "s", "b" * 3000) == mailto_or_fallback("", "s", "b" * 3000, limit=MAILTO_LIMIT)


def test_dates_need_no_clock() -> None:
    """Without a date there is no Date header, so the same draft gives the same bytes every time."""
    first = eml_bytes("hr@example.com", "Hi", "Body")
    assert first == eml_bytes("hr@example.com", "Hi", "Body")
    assert "Date" not in _parse(first)
    assert b"Date:" in eml_bytes("", "Hi", "Body", date=datetime(2026, 3, 3, tzinfo=UTC))
