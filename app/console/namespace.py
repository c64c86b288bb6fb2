"""The /console Socket.IO namespace: authenticate on connect, send the snapshot, and turn each
command into one service call. Domain errors become error acks here, in one place."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, SocketIO, join_room, leave_room
from sqlalchemy.orm import Session

from app import auth, events, policy, serializers, staff_sessions
from app.calls.console_commands import AnnouncementCommands, CallCommands
from app.console import acks
from app.console.acks import Ack
from app.console.admission import Admission
from app.console.answered import AnsweredCommands
from app.console.sessions import SESSION_ENDED, OpenConsoles
from app.console.staff_checks import StaffChecks
from app.errors import DomainError, InvalidRequest
from app.metrics import instruments as metrics
from app.models import StaffUser
from app.presence.console_commands import PresenceCommands
from app.realtime import view
from app.realtime.hub import current_hub
from app.runtime import config as current_config
from app.runtime import database
from app.services import conversations, queue
from app.wrapup.console_commands import WrapUpCommands


def _thread_ack(session: Session, user: StaffUser, contact_id: int) -> Ack:
    """Read a thread; a lead also follows it live (a navigator hears what they hold anyway)."""
    contact, messages = conversations.read_thread(session, user, contact_id)
    if policy.can(user, "contact.watch"):
        join_room(events.contact_room(contact_id))
    return acks.thread(contact, messages)


class ConsoleNamespace(CallCommands, AnnouncementCommands, WrapUpCommands, PresenceCommands, AnsweredCommands):
    def __init__(self, namespace: str, admission: Admission) -> None:
        super().__init__(namespace)
        self.admission = admission
        self.consoles = OpenConsoles()
        self.staff_checks = StaffChecks(database)
        self._sweeping = threading.Lock()

    def on_connect(self, auth_data: Any = None) -> None:
        user = self.staff_checks.current_user()
        times = staff_sessions.times(cookie_session)
        if not policy.can(user, "console.connect") or user is None or times is None:
            raise ConnectionRefusedError("unauthorized")
        sid: str = request.sid  # type: ignore[attr-defined]
        if not self.console_added(sid, user, times, current_config().MAX_CONSOLES):  # with presence
            raise ConnectionRefusedError("capacity")
        self._start_sweeping(current_app._get_current_object())  # type: ignore[attr-defined]
        join_room(events.CONSOLE_ROOM)
        join_room(events.staff_room(user.id))  # the messages of what they hold, after a reconnect too
        self.admission.signed_in(self.socketio.server.manager.eio_sid_from_sid(sid, self.namespace))
        # Sent by the task that sends the queue frames, so that the two never cross.
        current_hub().send_snapshot(sid, acks.identity(user, current_config().CLAIM_LEASE_SECONDS))

    def on_disconnect(self, reason: str | None = None) -> None:
        self.console_gone(request.sid)  # type: ignore[attr-defined]

    def _start_sweeping(self, app: Flask) -> None:
        """Once per process that serves consoles: close the sockets of ended sessions."""
        if self._sweeping.acquire(blocking=False):
            self.socketio.start_background_task(self.consoles.close_ended_forever, self, app)

    def _run(self, handler: Callable[[Session, StaffUser], Ack], *, active: bool = True, locked: bool = False) -> Ack:
        """One command in one transaction, the user's re-check included; `active` counts it as
        the navigator's activity; `locked` locks their staff row with that read (a claim's)."""
        try:
            with database().transaction() as session:
                user = auth.user_in(session, active=active, locked=locked)
                if user is None:  # signed out, disabled or expired since connecting: the sweep closes the socket
                    return acks.error("unauthorized", SESSION_ENDED)
                self._seen(active)
                return handler(session, user)
        except DomainError as error:
            return acks.error(error.code, error.message)

    def _seen(self, active: bool) -> None:
        times = staff_sessions.times(cookie_session)
        if active and times is not None:
            self.consoles.seen(request.sid, times)  # type: ignore[attr-defined]

    def on_claim(self, data: dict) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            queue.claim(session, user, acks.contact_id(data))
            return _thread_ack(session, user, acks.contact_id(data))

        with metrics.current().claim_seconds.time():
            return self._run(handler, locked=True)

    def on_open(self, data: dict) -> Ack:
        return self._run(lambda session, user: _thread_ack(session, user, acks.contact_id(data)))

    def on_reply(self, data: dict) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            body = data.get("body")
            if not isinstance(body, str):
                raise InvalidRequest(_("body (text) is required."))
            message = conversations.reply(session, user, acks.contact_id(data), body)
            return {"ok": True, "message": serializers.message(message)}

        return self._run(handler)

    def on_release(self, data: dict) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            contact = queue.release(session, user, acks.contact_id(data))
            leave_room(events.contact_room(contact.id))
            return acks.contact(contact)

        return self._run(handler)

    def on_close(self, data: dict) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            disposition = data.get("disposition")
            contact = queue.close(session, user, acks.contact_id(data), str(disposition or ""), data.get("tag"))
            leave_room(events.contact_room(contact.id))
            return acks.contact(contact)

        return self._run(handler)

    def on_heartbeat(self, data: dict) -> Ack:
        def renew(session: Session, user: StaffUser) -> Ack:
            return {"ok": True, "renewed": queue.renew_leases(session, user)}

        return self._run(renew, active=False)  # sent by the page on a timer, not by the navigator

    def on_queue_page(self, data: dict) -> Ack:
        def page(session: Session, user: StaffUser) -> Ack:
            contacts, more = view.page(session, user, acks.cursor(data), current_config().QUEUE_HEAD)
            return acks.page(contacts, more)

        return self._run(page)


def register(socketio: SocketIO, admission: Admission) -> None:
    socketio.on_namespace(ConsoleNamespace(events.NAMESPACE, admission))
