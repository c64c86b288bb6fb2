"""The one place that knows event names, rooms and payload shapes (docs/socket-protocol.md).
Services call these functions inside their transaction; the emit happens after commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import serializers
from app.db import on_commit, ports
from app.models import Contact, Message

NAMESPACE = "/console"
CONSOLE_ROOM = "console"


def contact_room(contact_id: int) -> str:
    """Room of the staff who claimed or opened a contact: they receive its messages."""
    return f"contact:{contact_id}"


def _publish(session: Session, event: str, data: dict, room: str) -> None:
    emitter = ports(session).emitter
    on_commit(session, lambda: emitter.emit(event, data, to=room, namespace=NAMESPACE))


def contact_changed(session: Session, event: str, contact: Contact, **extra: str) -> None:
    """contact_queued, contact_claimed, contact_released, contact_closed or contact_updated."""
    session.flush()
    payload = {"contact_id": contact.id, "contact": serializers.contact_summary(contact), **extra}
    _publish(session, event, payload, CONSOLE_ROOM)


def message_added(session: Session, message: Message) -> None:
    session.flush()
    payload = {"contact_id": message.contact_id, "message": serializers.message(message)}
    _publish(session, "message_added", payload, contact_room(message.contact_id))


def message_status(session: Session, message: Message) -> None:
    payload = {"contact_id": message.contact_id, "message": serializers.message(message)}
    _publish(session, "message_status", payload, contact_room(message.contact_id))
