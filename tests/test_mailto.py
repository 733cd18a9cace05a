"""`mailto:` links that decode back to exactly the draft, per RFC 6068."""

import re
from urllib.parse import unquote

import pytest

from generator import mailto_url

# RFC 3986 unreserved characters, plus percent escapes: all a value may hold raw.
_ENCODED_VALUE = re.compile(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*")


def _parts(url: str) -> tuple[str, dict[str, str]]:
    """The recipient as written and each query value, still encoded."""
    assert url.startswith("mailto:")
    recipient, _, query = url.removeprefix("mailto:").partition("?")
    params = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
    return recipient, params


def _decoded(url: str) -> dict[str, str]:
    return {name: unquote(value, errors="strict") for name, value in _parts(url)[1].items()}


ROUND_TRIP = [
    ("Thank you – Jane Doe", "Dear Mr. Smith,\n\nThank you.\n\nBest regards,\nJane Doe"),
    ("Q&A? #1 at 100% = +2", "a & b ? c # d % e = f + g\n100%25 is not 100%"),
    ("Ünïcödé 👩‍💻 שלום", "Zoe\u0308 \u202etext\u202c 李小龍\n👍🏽"),
    ("  spaced  out  ", "  leading and trailing  \n\n  "),
    ("%20 already encoded", "%0D%0A stays text\n&amp; too"),
    ("plain", ""),
]


@pytest.mark.parametrize(("subject", "body"), ROUND_TRIP)
def test_decodes_back_to_exactly_the_input(subject: str, body: str) -> None:
    """Unquoting the subject and body gives the input back, with the body's line breaks as CRLF."""
    decoded = _decoded(mailto_url("", subject, body))
    assert decoded["subject"] == subject
    assert decoded.get("body", "") == body.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" ", "%20"),
        ("&", "%26"),
        ("?", "%3F"),
        ("#", "%23"),
        ("%", "%25"),
        ("=", "%3D"),
        ("+", "%2B"),
        ("/", "%2F"),
        (",", "%2C"),
        ("@", "%40"),
        ("–", "%E2%80%93"),
        ("’", "%E2%80%99"),
    ],
)
def test_reserved_characters_are_percent_encoded(value: str, expected: str) -> None:
    """Each reserved character, and any non-ASCII one as UTF-8, is percent-encoded in subject and body."""
    url = mailto_url("", f"a{value}b", f"c{value}d")
    assert url == f"mailto:?subject=a{expected}b&body=c{expected}d"


@pytest.mark.parametrize(("subject", "body"), ROUND_TRIP)
def test_values_hold_only_unreserved_characters_and_escapes(subject: str, body: str) -> None:
    """No raw `+`, `&`, `#`, `=`, `?` or space is left inside a value; the URL has one `?` and no `#`."""
    url = mailto_url("", subject, body)
    for value in _parts(url)[1].values():
        assert _ENCODED_VALUE.fullmatch(value), value
    assert url.count("?") == 1
    assert "#" not in url
    assert " " not in url
    assert "+" not in url


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a\nb", "a%0D%0Ab"),
        ("a\r\nb", "a%0D%0Ab"),
        ("a\rb", "a%0D%0Ab"),
        ("a\n\nb", "a%0D%0A%0D%0Ab"),
        ("a\r\n\r\nb", "a%0D%0A%0D%0Ab"),
        ("a\n\rb", "a%0D%0A%0D%0Ab"),
    ],
)
def test_body_line_breaks_become_crlf(body: str, expected: str) -> None:
    """Every line break in the body, whatever its form, is sent as %0D%0A (RFC 6068, section 5)."""
    assert _parts(mailto_url("", "s", body))[1]["body"] == expected


@pytest.mark.parametrize(
    "subject",
    ["one\ntwo", "one\r\ntwo", "one\rtwo", "one\0two", "\r\n\r\n", "x\nBcc: victim@example.com"],
)
def test_subject_never_holds_cr_lf_or_nul(subject: str) -> None:
    """Line breaks in the subject become spaces and NUL is dropped, so no header can be injected."""
    decoded = _decoded(mailto_url("", subject, "body"))["subject"]
    assert not {"\r", "\n", "\0"} & set(decoded)
    assert decoded.split() == subject.replace("\0", "").split()


def test_nul_is_dropped_from_the_body() -> None:
    """NUL never reaches the mail program through the body either."""
    assert _decoded(mailto_url("", "s", "a\0b\n\0c"))["body"] == "ab\r\nc"


def test_empty_recipient_leaves_the_address_blank() -> None:
    """With no recipient the URL is `mailto:?subject=...`, for the reader to address."""
    assert mailto_url("", "Hi", "Body").startswith("mailto:?subject=Hi&body=Body")


@pytest.mark.parametrize(
    ("recipient", "expected"),
    [
        ("hr@example.com", "hr@example.com"),
        ("  hr@example.com \n", "hr@example.com"),
        ("jane.doe+jobs@example.com", "jane.doe%2Bjobs@example.com"),
        ("hr@example.com?cc=x@evil.test", "hr@example.com%3Fcc%3Dx@evil.test"),
        ("a&b@example.com", "a%26b@example.com"),
        ("", ""),
    ],
)
def test_recipient_keeps_its_at_sign_and_encodes_the_rest(recipient: str, expected: str) -> None:
    """The recipient keeps `@` as written, is trimmed, and cannot add a query of its own."""
    url = mailto_url(recipient, "Hi", "Body")
    assert url == f"mailto:{expected}?subject=Hi&body=Body"
    assert url.count("?") == 1


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "", "mailto:hr@example.com"),
        ("Hi", "", "mailto:hr@example.com?subject=Hi"),
        ("", "Body", "mailto:hr@example.com?body=Body"),
    ],
)
def test_empty_parts_are_left_out(subject: str, body: str, expected: str) -> None:
    """An empty subject or body adds no parameter, and with neither there is no `?`."""
    assert mailto_url("hr@example.com", subject, body) == expected
