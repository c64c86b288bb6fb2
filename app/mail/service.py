"""Taking in one parsed email, whichever way it came: its headers and parts are stored, then the
message goes through the one intake funnel (deduplicated there on its Message-ID), in the
caller's transaction. Nothing here answers the sender: no automatic acknowledgement is sent for
any mail (so automated mail can never start a loop; docs/email.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.mail.models import EmailHeaders, EmailPart
from app.services import intake
from app.services.upserts import Insert, Overtaken
from channels.email_parse import ParsedEmail

_HEADERS = Insert(EmailHeaders, "(provider_id)")


def receive(session: Session, parsed: ParsedEmail, source: str) -> intake.IntakeResult:
    """Store `parsed` exactly once; a copy (the mailbox and the webhook, a replay) changes nothing."""
    try:
        headers = _HEADERS(session, [], **_columns(parsed, source))
    except Overtaken:  # its copy is stored: the funnel finds the message and reports a duplicate
        return intake.receive(session, parsed.inbound)
    session.add_all(EmailPart(email_id=headers.id, **_part(part)) for part in parsed.parts)
    session.flush()
    return intake.receive(session, parsed.inbound)


def _columns(parsed: ParsedEmail, source: str) -> dict[str, Any]:
    return {
        "provider_id": parsed.inbound.provider_id, "message_id": parsed.message_id, "subject": parsed.subject,
        "in_reply_to": parsed.in_reply_to, "reference_ids": " ".join(parsed.references),
        "automated": parsed.automated[:200] if parsed.automated else None, "quarantine": parsed.quarantine,
        "source": source, "received_at": parsed.inbound.received_at,
    }  # fmt: skip


def _part(part: Any) -> dict[str, Any]:
    return {
        "filename": part.filename, "content_type": part.content_type, "size": part.size,
        "content": part.content, "quarantine": part.quarantine,
    }  # fmt: skip
