"""The one place that knows event names, rooms and payload shapes (docs/socket-protocol.md).
Services call these functions inside their transaction; the event is published after commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import serializers
from app.db import on_commit, ports
from app.domain import ContactState
from app.models import Announcement, Contact, Message

NAMESPACE = "/console"
CONSOLE_ROOM = "console"
CONSOLE_IDENTITY = "console_identity"  # who the console's user is; just before its snapshot
QUEUE_SNAPSHOT = "queue_snapshot"
QUEUE_FRAME = "queue_frame"
ANNOUNCEMENT_CHANGED = "announcement_changed"
# What contact_changed publishes: consoles hear these batched in a QUEUE_FRAME (app.realtime).
QUEUE_CHANGES = frozenset("contact_queued contact_claimed contact_released contact_closed contact_updated".split())


def contact_room(contact_id: int) -> str:
    """Room of the leads who opened a contact to follow it, whoever holds it."""
    return f"contact:{contact_id}"


def staff_room(staff_id: int) -> str:
    """Room of one staff member's consoles: the live messages of the contacts they hold."""
    return f"staff:{staff_id}"


def _thread_rooms_of(session: Session, message: Message) -> list[str]:
    contact = session.get(Contact, message.contact_id)
    return thread_rooms(contact) if contact else [contact_room(message.contact_id)]


def thread_rooms(contact: Contact) -> list[str]:
    """Who hears a contact's messages: its holder now (not whoever held it before) and the
    leads following it. One emit to both reaches a console in both once."""
    rooms = [contact_room(contact.id)]
    if contact.state == ContactState.CLAIMED and contact.navigator_id is not None:
        rooms.append(staff_room(contact.navigator_id))
    return rooms


def _publish(session: Session, event: str, data: dict, room: str | list[str]) -> None:
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
    _publish(session, "message_added", payload, _thread_rooms_of(session, message))


def message_status(session: Session, message: Message) -> None:
    payload = {"contact_id": message.contact_id, "message": serializers.message(message)}
    _publish(session, "message_status", payload, _thread_rooms_of(session, message))


def announcement_changed(session: Session, current: Announcement | None) -> None:
    """Every console shows what callers hear now (None: nothing)."""
    _publish(session, ANNOUNCEMENT_CHANGED, {"announcement": serializers.announcement(current)}, CONSOLE_ROOM)
