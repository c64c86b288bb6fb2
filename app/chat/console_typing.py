"""The navigator's side of the typing indicator: a console sends `chat_typing` on /console while
its navigator writes to a chat they hold, and the resident's page shows "typing". Not stored;
a handler of its own beside the console's commands (python-socketio tries it first)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_socketio import SocketIO

from app import auth, events
from app.chat import rooms
from app.domain import MAX_ID, Channel, ContactState
from app.models import Contact
from app.realtime.hub import current_hub
from app.runtime import database

NOT_YOURS = _l("You hold no web chat with that id.")  # as for an id that does not exist: need to know


def navigator_typing(data: Any = None) -> dict[str, Any]:
    contact_id = data.get("contact_id") if isinstance(data, dict) else None
    if isinstance(contact_id, bool) or not isinstance(contact_id, int) or not 0 < contact_id <= MAX_ID:
        return {"ok": False, "error": "invalid_request", "message": _("contact_id (a number) is required.")}
    with database().transaction() as session:
        user = auth.user_in(session, active=False)
        contact = session.get(Contact, contact_id)
        held = bool(user and contact and contact.channel == Channel.CHAT and contact.state == ContactState.CLAIMED
                    and contact.navigator_id == user.id)  # fmt: skip
    if held:
        payload = {"typing": bool(data.get("typing"))}
        current_hub().emit(rooms.TYPING, payload, to=rooms.contact_room(contact_id), namespace=rooms.NAMESPACE)
    return {"ok": True} if held else {"ok": False, "error": "not_found", "message": str(NOT_YOURS)}


def register(socketio: SocketIO) -> None:
    socketio.on_event(rooms.TYPING, navigator_typing, namespace=events.NAMESPACE)
