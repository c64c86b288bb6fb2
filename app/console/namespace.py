"""The /console Socket.IO namespace: authenticate on connect, send the snapshot, and turn each
command into one service call. Domain errors become error acks here, in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room, leave_room, rooms
from sqlalchemy.orm import Session

from app import auth, events, policy, serializers
from app.errors import DomainError, InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from app.services import conversations, queue

Ack = dict[str, Any]
# A stale socket is disconnected this long after its `unauthorized` ack: disconnecting first
# makes Socket.IO clients drop the pending ack, so the navigator would never see why.
STALE_DISCONNECT_DELAY_SECONDS = 1.0


def _contact_id(data: Any) -> int:
    value = data.get("contact_id") if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequest("contact_id (a number) is required.")
    return value


def snapshot(session: Session, user: StaffUser) -> dict:
    return {
        "contacts": [serializers.contact_summary(c) for c in queue.open_contacts(session)],
        "me": {"id": user.id, "name": user.display_name, "role": user.role},
        "lease_seconds": current_config().CLAIM_LEASE_SECONDS,
        "server_time": serializers.iso(utcnow()),
    }


def _thread_ack(session: Session, user: StaffUser, contact_id: int) -> Ack:
    contact, messages = conversations.read_thread(session, user, contact_id)
    join_room(events.contact_room(contact_id))
    return {
        "ok": True,
        "contact": serializers.contact_summary(contact),
        "messages": [serializers.message(m) for m in messages],
    }


class ConsoleNamespace(Namespace):
    def on_connect(self, auth_data: Any = None) -> None:
        user = auth.current_user()
        if not policy.can(user, "console.connect"):
            raise ConnectionRefusedError("unauthorized")
        assert user is not None
        join_room(events.CONSOLE_ROOM)
        with database().transaction() as session:
            emit("queue_snapshot", snapshot(session, user))

    def _run(self, handler: Callable[[Session, StaffUser], Ack]) -> Ack:
        user = auth.current_user()
        if user is None:  # signed out, disabled or role changed since connecting
            self._end_stale_socket(request.sid)  # type: ignore[attr-defined]
            return {"ok": False, "error": "unauthorized", "message": "Your session has ended; sign in again."}
        try:
            with database().transaction() as session:
                return handler(session, user)
        except DomainError as error:
            return {"ok": False, "error": error.code, "message": error.message}

    def _end_stale_socket(self, sid: str) -> None:
        """Stop this socket's events now; disconnect it once the `unauthorized` ack is out."""
        for room in rooms():
            if room != sid:
                leave_room(room)
        self.socketio.start_background_task(self._disconnect_later, sid)

    def _disconnect_later(self, sid: str) -> None:
        self.socketio.sleep(STALE_DISCONNECT_DELAY_SECONDS)
        self.disconnect(sid)

    def on_claim(self, data: Any) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            contact_id = _contact_id(data)
            queue.claim(session, user, contact_id)
            return _thread_ack(session, user, contact_id)

        return self._run(handler)

    def on_open(self, data: Any) -> Ack:
        return self._run(lambda session, user: _thread_ack(session, user, _contact_id(data)))

    def on_reply(self, data: Any) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            body = data.get("body") if isinstance(data, dict) else None
            if not isinstance(body, str):
                raise InvalidRequest("body (text) is required.")
            message = conversations.reply(session, user, _contact_id(data), body)
            return {"ok": True, "message": serializers.message(message)}

        return self._run(handler)

    def on_release(self, data: Any) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            contact = queue.release(session, user, _contact_id(data))
            leave_room(events.contact_room(contact.id))
            return {"ok": True, "contact": serializers.contact_summary(contact)}

        return self._run(handler)

    def on_close(self, data: Any) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            disposition = data.get("disposition") if isinstance(data, dict) else None
            contact = queue.close(session, user, _contact_id(data), str(disposition or ""))
            leave_room(events.contact_room(contact.id))
            return {"ok": True, "contact": serializers.contact_summary(contact)}

        return self._run(handler)

    def on_heartbeat(self, data: Any = None) -> Ack:
        return self._run(lambda session, user: {"ok": True, "renewed": queue.renew_leases(session, user)})


def register(socketio: SocketIO) -> None:
    socketio.on_namespace(ConsoleNamespace(events.NAMESPACE))
