"""A provider's inbound-parse webhook in raw mode (SendGrid Inbound Parse "POST the raw, full MIME
message": multipart/form-data with the message in the field `email`; integration-facts §6.1).
The form is read with the email package itself, so the message's bytes arrive exactly as sent,
whatever charset its 8-bit parts use (a form parser would decode the field as text first)."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP

from channels.base import InvalidPayload

FIELD = "email"
HOW = "POST multipart/form-data with the raw MIME message in the field 'email' (SendGrid Inbound Parse, raw mode)"


def raw_message(content_type: str, body: bytes) -> bytes:
    """The raw MIME message of the form; InvalidPayload saying what is wrong otherwise."""
    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in content_type.lower():
        raise InvalidPayload(f"Expected multipart/form-data. {HOW}.")
    form = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    fields = [part for part in form.iter_parts() if _name(part) == FIELD] if form.is_multipart() else []
    raw = _payload(fields[0]) if fields else b""
    if not raw.strip():
        raise InvalidPayload(f"The field 'email' is missing or empty. {HOW}.")
    return raw


def _name(part: Message) -> str | None:
    name = part.get_param("name", header="content-disposition")
    return name if isinstance(name, str) else None


def _payload(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    inner = part.get_payload()  # sent as message/rfc822: the parser has read the message already
    return b"".join(bytes(child) for child in inner if isinstance(child, Message)) if isinstance(inner, list) else b""
