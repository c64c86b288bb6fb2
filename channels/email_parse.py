"""An inbound email, raw MIME bytes from the IMAP mailbox or the inbound-parse webhook, translated
into our terms with the standard library's modern email API (email.policy.default): the Inbound
for the intake funnel plus what only email has (its ids, subject, attachments, why it was sent by
a machine). Never raises: what cannot be read is quarantined with its reason, and the message
still arrives, so nothing accepted is lost. Time is bounded by the size and depth limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import default

from app.domain import Channel, Inbound
from channels import email_automated, email_html, email_ids
from channels.email_headers import header, one_line, sender
from channels.email_parts import Limits, Part, Walk, walk

MAX_BODY_CHARS = 50_000
HEADER_BYTES = 64 * 1024  # of an oversized or unreadable message, the headers are read from this much
NO_TEXT = "(This email has no text.)"

__all__ = ["Limits", "ParsedEmail", "Part", "parse"]


@dataclass(frozen=True)
class ParsedEmail:
    inbound: Inbound
    message_id: str  # the Message-ID as sent, "" when there was none
    subject: str
    in_reply_to: str
    references: tuple[str, ...]
    automated: str | None  # why a machine sent it (app.spam tags it), None for a person
    parts: tuple[Part, ...]
    quarantine: str | None  # why the message itself was not read whole


def parse(raw: bytes, received_at: datetime, limits: Limits, size: int | None = None) -> ParsedEmail:
    """`size`: the message's whole size when `raw` holds only its headers (IMAP, oversized)."""
    size = len(raw) if size is None else size
    message, found, problem = _read(raw, size, limits)
    subject = header(message, "Subject")[:500]
    mid = email_ids.first_id(header(message, "Message-ID"))
    in_reply_to, references = header(message, "In-Reply-To"), header(message, "References")
    body = _body(subject, found, problem)
    inbound = Inbound(
        channel=Channel.EMAIL,
        provider_id=email_ids.key(mid) if mid else email_ids.digest(raw),
        from_raw=sender(message),
        to_raw=one_line(header(message, "To"), 320),
        body=body,
        received_at=received_at,
        references=email_ids.thread_keys(in_reply_to, references),
    )
    ancestry = email_ids.ids_in(references)[-email_ids.MAX_REFERENCES :]
    return ParsedEmail(inbound, mid, subject, email_ids.first_id(in_reply_to), ancestry, _automated(message),
                       tuple(found.parts), problem)  # fmt: skip


def _read(raw: bytes, size: int, limits: Limits) -> tuple[Message, Walk, str | None]:
    if size > limits.message_bytes:
        why = f"the message is {size} bytes, over the limit of {limits.message_bytes} bytes: only its headers were read"
        return _headers(raw), Walk(), why
    try:
        message = BytesParser(policy=default).parsebytes(raw)
        return message, walk(message, limits), None
    except RecursionError:
        return _headers(raw), Walk(), "nested too deeply to read: only its headers were read"
    except Exception as error:  # the parser is lenient; this is the last resort, never a lost message
        return _headers(raw), Walk(), f"unreadable MIME structure ({type(error).__name__}): only its headers were read"


def _headers(raw: bytes) -> Message:
    try:
        return BytesParser(policy=default).parsebytes(raw[:HEADER_BYTES], headersonly=True)
    except Exception:  # not even headers: the message arrives from nobody, with the reason
        return Message(policy=default)


def _automated(message: Message) -> str | None:
    try:
        return email_automated.reason(message)
    except Exception:  # headers too broken to judge: a person may still have written it
        return None


def _body(subject: str, found: Walk, problem: str | None) -> str:
    """What the navigator reads: the subject, the text, then each attachment and quarantined part."""
    text = "\n\n".join(t.strip() for t in found.plain) or email_html.to_text("\n".join(found.html))
    if len(text) > MAX_BODY_CHARS:
        text = text[:MAX_BODY_CHARS] + "\n[... the rest of this email was cut]"
    notes = [f"[Quarantined: {problem}]"] if problem else []
    notes += [_note(part) for part in found.parts]
    blocks = [f"Subject: {subject}" if subject else "", text.strip() or ("" if notes else NO_TEXT), "\n".join(notes)]
    body = "\n\n".join(block for block in blocks if block)
    return body.replace("\0", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def _note(part: Part) -> str:
    what = f"{part.filename or 'unnamed'} ({part.content_type}, {part.size} bytes)"
    return f"[Quarantined: {what}: {part.quarantine}]" if part.quarantine else f"[Attachment: {what}]"
