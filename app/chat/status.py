"""What the visitor's page shows of their chat: its state, their place in the one queue and the
estimated wait (the same figures a waiting caller hears, app.calls.waiting), the messages so far,
and whether the survey is open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import serializers
from app.calls import waiting
from app.chat import service
from app.chat.models import ChatConversation
from app.domain import ContactState
from app.models import Contact, Message


def view(session: Session, conversation: ChatConversation) -> dict[str, Any]:
    """The `chat_state` event's payload (docs/socket-protocol.md)."""
    contact = service.contact_of(session, conversation)
    shown = {
        "conversation": conversation.public_id,
        "language": conversation.language,
        "state": contact.state if contact else "new",
        "ended": service.ended(conversation, contact),
        "survey": survey_open(conversation, contact),
        "messages": [message(m) for m in _messages(session, contact)] if contact else [],
    }
    return shown | (place(session, contact) if contact else {})


def place(session: Session, contact: Contact) -> dict[str, Any]:
    """A waiting contact's position (1: next) and estimated minutes (None: no honest estimate)."""
    if contact.state != ContactState.QUEUED:
        return {"position": None, "minutes": None}
    position = waiting.position(session, contact)
    return {"position": position, "minutes": waiting.estimated_minutes(session, position)}


def survey_open(conversation: ChatConversation, contact: Contact | None) -> bool:
    """A resident a navigator served answers once, when the chat is over."""
    served = contact is not None and contact.navigator_id is not None and contact.satisfaction is None
    return served and service.ended(conversation, contact)


def message(row: Message) -> dict[str, Any]:
    """A message as the visitor sees it: no staff name, no delivery details."""
    return {"id": row.id, "direction": row.direction, "body": row.body, "created_at": serializers.iso(row.created_at)}


def _messages(session: Session, contact: Contact) -> list[Message]:
    query = select(Message).where(Message.contact_id == contact.id).order_by(Message.created_at, Message.id)
    return list(session.scalars(query))
