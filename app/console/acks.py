"""What console commands read from their payload and answer: the contact id they name, the
snapshot a console starts from, a thread, and the error ack."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import serializers
from app.domain import known_id
from app.errors import InvalidRequest
from app.models import Contact, Message, StaffUser
from app.models.base import utcnow
from app.services import queue

Ack = dict[str, Any]


def contact_id(data: dict) -> int:
    value = data.get("contact_id")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequest("contact_id (a number) is required.")
    return known_id(value, "Contact")


def error(code: str, message: str) -> Ack:
    return {"ok": False, "error": code, "message": message}


def snapshot(session: Session, user: StaffUser, lease_seconds: int) -> dict:
    return {
        "contacts": [serializers.contact_summary(c) for c in queue.open_contacts(session)],
        "me": {"id": user.id, "name": user.display_name, "role": user.role},
        "lease_seconds": lease_seconds,
        "server_time": serializers.iso(utcnow()),
    }


def thread(contact: Contact, messages: list[Message]) -> Ack:
    return {
        "ok": True,
        "contact": serializers.contact_summary(contact),
        "messages": [serializers.message(m) for m in messages],
    }


def contact(value: Contact) -> Ack:
    return {"ok": True, "contact": serializers.contact_summary(value)}
