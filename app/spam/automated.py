"""Email a machine sent (auto-replies, out-of-office notices, bounces, lists: read from the
headers by channels.email_automated, kept by app.mail): a contact is automated when every one of
its messages is, so an auto-reply in a resident's conversation never makes the resident spam."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from app.domain import Channel, Direction
from app.mail.models import EmailHeaders
from app.models import Contact, Message

_REASONS = (
    select(EmailHeaders.automated)
    .select_from(Message)
    .outerjoin(EmailHeaders, and_(Message.channel == Channel.EMAIL, EmailHeaders.provider_id == Message.provider_id))
    .where(Message.contact_id == bindparam("contact_id"), Message.direction == Direction.INBOUND)
    .order_by(Message.id.desc())
    .limit(50)
)


def reason(session: Session, contact: Contact) -> str | None:
    """Why a machine sent every message of `contact` (the newest's reason), or None."""
    if contact.channel != Channel.EMAIL:
        return None
    reasons = session.scalars(_REASONS, {"contact_id": contact.id}).all()
    return reasons[0] if reasons and all(reasons) else None
