"""Reading a contact's thread (audited) and replying to the resident. A reply is an outbound
message row plus an outbox row in one transaction; a worker delivers it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import events, policy
from app.db import ports
from app.domain import ContactState, Direction
from app.errors import InvalidRequest, InvalidState, NoAddress, OptedOut
from app.models import AuditEntry, Contact, Message, StaffUser
from app.services import outbox
from app.services.queue import get


def read_thread(session: Session, actor: StaffUser, contact_id: int) -> tuple[Contact, list[Message]]:
    """The contact and its messages, oldest first; writes who read it to the audit log."""
    contact = get(session, contact_id)
    policy.authorize(actor, "contact.read", contact)
    session.add(AuditEntry(staff_id=actor.id, action="contact.read", contact_id=contact.id))
    messages = session.scalars(
        select(Message)
        .where(Message.contact_id == contact.id)
        .options(selectinload(Message.author))
        .order_by(Message.created_at, Message.id)
    ).all()
    return contact, list(messages)


def reply(session: Session, actor: StaffUser, contact_id: int, body: str) -> Message:
    text = (body or "").strip()
    limit = ports(session).config.MAX_REPLY_CHARS
    if not text:
        raise InvalidRequest("Write a message before sending.")
    if len(text) > limit:
        raise InvalidRequest(f"A reply is at most {limit} characters ({len(text)} given).")
    contact = get(session, contact_id)
    policy.authorize(actor, "contact.reply", contact)
    if contact.state == ContactState.CLOSED:
        raise InvalidState("This contact is closed; a new text from the resident opens a new one.")
    if contact.state != ContactState.CLAIMED:
        raise InvalidState("Claim this contact before replying.")
    if contact.address is None:
        raise NoAddress("This resident withheld their number: there is nowhere to reply.")
    if contact.address.opted_out_at is not None:
        when = contact.address.opted_out_at.strftime("%Y-%m-%d %H:%M UTC")
        raise OptedOut(f"This resident texted STOP on {when}; texts cannot be sent until they text START.")
    message = Message(
        contact_id=contact.id,
        channel=contact.channel,
        direction=Direction.OUTBOUND,
        body=text,
        status="pending",
        author_id=actor.id,
        media=[],
    )
    session.add(message)
    session.flush()
    outbox.add_send(session, message)
    events.message_added(session, message)
    return message
