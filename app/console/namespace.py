"""The /console Socket.IO namespace: authenticate on connect, send the snapshot, and turn each
command into one service call. Domain errors become error acks here, in one place."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room, leave_room
from sqlalchemy.orm import Session

from app import auth, events, policy, serializers
from app.console.sessions import OpenConsoles
from app.errors import DomainError, InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from app.services import conversations, queue

Ack = dict[str, Any]
SESSION_ENDED = "Your session has ended; sign in again."
log = logging.getLogger(__name__)


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
    def __init__(self, namespace: str) -> None:
        super().__init__(namespace)
        self.consoles = OpenConsoles()
        self._sweeping = threading.Lock()

    def on_connect(self, auth_data: Any = None) -> None:
        user = auth.current_user()
        if not policy.can(user, "console.connect"):
            raise ConnectionRefusedError("unauthorized")
        assert user is not None
        sid: str = request.sid  # type: ignore[attr-defined]
        if not self.consoles.try_add(sid, user, current_config().max_consoles):
            raise ConnectionRefusedError("capacity")
        self._start_sweeping(current_app._get_current_object())  # type: ignore[attr-defined]
        join_room(events.CONSOLE_ROOM)
        try:
            with database().transaction() as session:
                state = snapshot(session, user)
        except Exception:
            self.consoles.remove(sid)  # a refused connect gets no disconnect event
            raise
        for contact in state["contacts"]:  # after a reconnect, keep following one's own claims
            if contact["navigator"] and contact["navigator"]["id"] == user.id:
                join_room(events.contact_room(contact["id"]))
        emit("queue_snapshot", state)

    def on_disconnect(self, reason: str | None = None) -> None:
        self.consoles.remove(request.sid)  # type: ignore[attr-defined]

    def _start_sweeping(self, app: Flask) -> None:
        """Once per process that serves consoles: close the sockets of ended sessions."""
        if self._sweeping.acquire(blocking=False):
            self.socketio.start_background_task(self._close_ended_sessions, app)

    def _close_ended_sessions(self, app: Flask) -> None:
        interval = app.config["SWITCHBOARD"].SWEEP_INTERVAL_SECONDS
        while True:
            self.socketio.sleep(interval)
            try:
                with app.app_context():
                    for sid in self.consoles.take_stale(database()):
                        self.emit("session_ended", {"message": SESSION_ENDED}, room=sid)
                        self.disconnect(sid)
            except Exception:
                log.exception("closing ended console sessions failed; will try again")

    def _run(self, handler: Callable[[Session, StaffUser], Ack]) -> Ack:
        user = auth.current_user()
        if user is None:  # signed out or disabled since connecting; the sweep closes the socket
            return {"ok": False, "error": "unauthorized", "message": SESSION_ENDED}
        try:
            with database().transaction() as session:
                return handler(session, user)
        except DomainError as error:
            return {"ok": False, "error": error.code, "message": error.message}

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
