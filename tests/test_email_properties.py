"""Property tests over the MIME parser: whatever bytes arrive (random, or messages built from
random headers, charsets, transfer encodings, nesting and broken parts), parsing never raises,
and nothing accepted is lost: every message has a body, what a person wrote shows in it unless a
quarantine reason says why not, and every part is either kept or quarantined with a reason."""

from __future__ import annotations

import base64
import quopri
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.email_html import to_text
from channels.email_parse import Limits, parse

LIMITS = Limits(message_bytes=20_000, part_bytes=2_000, depth=4, parts=8)
AT = datetime(2026, 11, 30, tzinfo=UTC)
MARK = "zqxmarker"
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "us-ascii", "x-unknown-charset", "utf-16", ""]
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "x-bogus", ""]
header_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=60)


def _leaf(kind: str, charset: str, encoding: str, text: str, garbage: bytes) -> bytes:
    head = f"Content-Type: {kind}" + (f"; charset={charset}; name=a{text[:5]}" if charset else "") + "\r\n"
    head += f"Content-Transfer-Encoding: {encoding}\r\n" if encoding else ""
    return head.encode() + b"\r\n" + text.encode("utf-8", "replace") + garbage + b"\r\n"


KINDS = ["text/plain", "text/html", "application/octet-stream", "message/rfc822", "image/p\0ng",
         "multipart/report; report-type=x\0y"]  # fmt: skip
leaves = st.builds(
    _leaf, st.sampled_from(KINDS),
    st.sampled_from(CHARSETS), st.sampled_from(ENCODINGS), st.text(max_size=200), st.binary(max_size=40),
)  # fmt: skip


def _multipart(children: list[bytes], boundary: str, closed: bool) -> bytes:
    body = b"Content-Type: multipart/mixed; boundary=" + boundary.encode() + b"\r\n\r\n"
    for child in children:
        body += b"--" + boundary.encode() + b"\r\n" + child
    return body + (b"--" + boundary.encode() + b"--\r\n" if closed else b"")


parts = st.recursive(
    leaves,
    lambda inner: st.builds(_multipart, st.lists(inner, max_size=4), st.from_regex(r"[a-z]{1,8}", fullmatch=True),
                            st.booleans()),
    max_leaves=12,
)  # fmt: skip


def _message(headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return lines.encode("utf-8", "replace") + body


names = st.sampled_from(["From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Auto-Submitted",
                         "Precedence", "Return-Path", "Content-Type", "Content-Disposition", "X-Weird"])  # fmt: skip
messages = st.builds(_message, st.lists(st.tuples(names, header_text), max_size=8), parts)


def _check(raw: bytes) -> None:
    email = parse(raw, AT, LIMITS)
    assert email.inbound.body.strip()
    assert email.inbound.provider_id and len(email.inbound.provider_id) <= 100
    texts = [
        email.inbound.body,
        email.inbound.from_raw,
        email.inbound.to_raw,
        email.subject,
        email.message_id,
        email.automated or "",
        email.quarantine or "",
        *(p.filename + p.content_type for p in email.parts),
    ]
    for text in texts:  # storable in PostgreSQL text: no NUL, no lone surrogate
        assert "\0" not in text
        text.encode("utf-8")
    for part in email.parts:
        assert (part.content is None) == (part.quarantine is not None)
        assert part.content is None or len(part.content) <= LIMITS.part_bytes


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3_000))
def test_any_bytes_parse_into_a_message_with_a_body(raw: bytes) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(messages)
def test_random_mime_structures_never_raise_and_lose_nothing(raw: bytes) -> None:
    _check(raw)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CHARSETS[:3]), st.sampled_from(["8bit", "base64", "quoted-printable"]), st.text(max_size=300))
def test_a_persons_text_is_in_the_body_or_a_quarantine_says_why(charset: str, encoding: str, text: str) -> None:
    """What a person wrote (in a charset that can hold it) arrives, whatever the transfer encoding."""
    words = f"{text} {MARK}"
    data = words.encode("cp1252" if charset != "utf-8" else "utf-8", "ignore")
    body = {"8bit": data, "base64": base64.encodebytes(data), "quoted-printable": quopri.encodestring(data)}[encoding]
    raw = (f"From: r@example.com\r\nContent-Type: text/plain; charset={charset}\r\n"
           f"Content-Transfer-Encoding: {encoding}\r\n\r\n").encode() + body  # fmt: skip
    email = parse(raw, AT, LIMITS)
    assert MARK in email.inbound.body or email.quarantine is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_html_becomes_text_without_markup_from_tags(html: str) -> None:
    text = to_text(f"<p>{html}</p><script>{MARK}</script><style>{MARK}</style>")
    assert MARK not in text
