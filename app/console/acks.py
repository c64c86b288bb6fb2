"""What console commands read from their payload and answer: the contact id they name, the
queue page cursor, who the console's user is (for the snapshot), a thread, and the error ack."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import serializers
from app.domain import MAX_ID, known_id
from app.errors import InvalidRequest
from app.models import Contact, Message, StaffUser
from app.realtime.view import Cursor

Ack = dict[str, Any]
BAD_CURSOR = _l('after must be the last waiting contact shown: {"queued_at": "<ISO 8601 with offset>", "id": 12}.')


def contact_id(data: dict) -> int:
    value = data.get("contact_id")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequest(_("contact_id (a number) is required."))
    return known_id(value, "Contact")


def cursor(data: dict) -> Cursor | None:
    """`queue_page`'s `after`; none means from the start of the queue."""
    after = data.get("after")
    if after is None:
        return None
    if not isinstance(after, dict):
        raise InvalidRequest(BAD_CURSOR)
    at, last_id = after.get("queued_at"), after.get("id")
    if not isinstance(at, str) or isinstance(last_id, bool) or not isinstance(last_id, int):
        raise InvalidRequest(BAD_CURSOR)
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise InvalidRequest(BAD_CURSOR) from None
    if when.tzinfo is None or not 0 < last_id <= MAX_ID:
        raise InvalidRequest(BAD_CURSOR)
    return when, last_id


def error(code: str, message: str | LazyString) -> Ack:
    return {"ok": False, "error": code, "message": str(message)}


def identity(user: StaffUser, lease_seconds: int) -> dict:
    """A console's `console_identity`: who its user is, sent just before its `queue_snapshot`."""
    me = {"id": user.id, "name": user.display_name, "role": user.role}
    phone = {"phone": "desk" if user.desk_number else "browser", "desk_number": user.desk_number}
    return {"me": {**me, **phone, "languages": user.languages.split(",")}, "lease_seconds": lease_seconds}


def page(contacts: list[Contact], more: bool) -> Ack:
    return {"ok": True, "contacts": [serializers.contact_summary(c) for c in contacts], "more": more}


def thread(contact: Contact, messages: list[Message]) -> Ack:
    return {
        "ok": True,
        "contact": serializers.contact_summary(contact),
        "messages": [serializers.message(m) for m in messages],
    }


def contact(value: Contact) -> Ack:
    return {"ok": True, "contact": serializers.contact_summary(value)}
