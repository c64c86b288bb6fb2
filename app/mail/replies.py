"""What an email reply carries besides its text (app.services.deliveries asks before sending): the
subject of the resident's last message with one "Re: ", and its thread (In-Reply-To that
message's Message-ID, References its ancestry then it), so the resident's mail client shows one
conversation and their answer threads back into the contact."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.domain import Channel, Direction
from app.mail.models import EmailHeaders
from app.models import Message
from channels import email_ids
from channels.email_headers import one_line

DEFAULT_SUBJECT = "Your message to 211 / Votre message au 211"
MAX_SUBJECT_CHARS = 200
# "Re:", "RE :", "Fwd:", "TR:", "Réf. :" and the like, as many as there are, before the subject.
_PREFIXES = re.compile(r"^\s*((re|aw|sv|fw|fwd|tr|réf?\.?)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)

_LAST_INBOUND = (
    select(EmailHeaders)
    .join(Message, and_(Message.channel == Channel.EMAIL, Message.provider_id == EmailHeaders.provider_id))
    .order_by(Message.id.desc())
    .limit(1)
)


def envelope(session: Session, message: Message) -> dict[str, Any]:
    """The Outbound fields of an email reply to `message`'s contact."""
    last = session.scalars(
        _LAST_INBOUND.where(Message.contact_id == message.contact_id, Message.direction == Direction.INBOUND)
    ).first()
    if last is None:
        return {"subject": DEFAULT_SUBJECT}
    parent = email_ids.first_id(last.message_id)
    ancestry = email_ids.ids_in(last.reference_ids) + ((parent,) if parent else ())
    return {
        "subject": reply_subject(last.subject),
        "in_reply_to": parent,
        "references": ancestry[-email_ids.MAX_REFERENCES :],
    }


def reply_subject(subject: str) -> str:
    """ "Re: " and the subject without its own reply prefixes, on one line (never "Re: Re:")."""
    bare = _PREFIXES.sub("", one_line(subject, MAX_SUBJECT_CHARS))
    return f"Re: {bare}" if bare else f"Re: {DEFAULT_SUBJECT}"
