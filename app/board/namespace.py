"""The /supervisor Socket.IO namespace (docs/socket-protocol.md, "The supervisors' board"):
supervisors and admins only (policy action `board.watch`). On connect the board's snapshot,
then its frames and alerts from the process's board task (app/board/publisher.py); commands
`open`, `take` and `reassign`, each one service call in one transaction, answered by an ack."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, SocketIO, join_room
from sqlalchemy.orm import Session

from app import auth, policy, staff_sessions
from app.board import assign
from app.board.day import check
from app.board.publisher import NAMESPACE, ROOM, BoardPublisher
from app.console import acks
from app.console.acks import Ack
from app.console.admission import Admission
from app.console.answered import AnsweredCommands
from app.console.sessions import SESSION_ENDED, OpenConsoles
from app.db import Database
from app.domain import known_id
from app.errors import DomainError, InvalidRequest
from app.models import StaffUser
from app.realtime.hub import current_hub
from app.runtime import config as current_config
from app.runtime import database
from app.services import conversations

Handler = Callable[[Session, StaffUser], Ack]


def navigator_id(data: dict) -> int:
    value = data.get("navigator_id")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequest(_("navigator_id (a number) is required."))
    return known_id(value, "Staff member")


class BoardNamespace(AnsweredCommands):
    def __init__(self, admission: Admission, publisher: BoardPublisher) -> None:
        super().__init__(NAMESPACE)
        self.admission, self.publisher = admission, publisher
        self.boards = OpenConsoles()  # closed like consoles when their session ends
        self._once = threading.Lock()

    def on_connect(self, auth_data: Any = None) -> None:
        user, times = auth.current_user(), staff_sessions.times(cookie_session)
        if not policy.can(user, "board.watch") or user is None or times is None:
            raise ConnectionRefusedError("unauthorized")
        sid: str = request.sid  # type: ignore[attr-defined]
        if not self.boards.try_add(sid, user, times, current_config().MAX_CONSOLES):
            raise ConnectionRefusedError("capacity")
        self._start_once(current_app._get_current_object())  # type: ignore[attr-defined]
        join_room(ROOM)
        self.admission.signed_in(self.socketio.server.manager.eio_sid_from_sid(sid, self.namespace))
        self.publisher.watch(sid)

    def on_disconnect(self, reason: str | None = None) -> None:
        self.boards.remove(request.sid)  # type: ignore[attr-defined]
        self.publisher.leave(request.sid)  # type: ignore[attr-defined]

    def _start_once(self, app: Flask) -> None:
        """The first board here: hear the process's events, and close ended sessions' boards."""
        if self._once.acquire(blocking=False):
            current_hub().listen(self.publisher.hear)
            self.socketio.start_background_task(self.boards.close_ended_forever, self, app)

    def _run(self, handler: Handler) -> Ack:
        try:
            with database().transaction() as session:
                user = auth.user_in(session)
                if user is None or not policy.can(user, "board.watch"):
                    return acks.error("unauthorized", SESSION_ENDED)
                times = staff_sessions.times(cookie_session)
                if times is not None:
                    self.boards.seen(request.sid, times)  # type: ignore[attr-defined]
                return handler(session, user)
        except DomainError as error:
            return acks.error(error.code, error.message)

    def on_open(self, data: dict) -> Ack:
        """Read any contact's thread (audited, as every read)."""
        return self._run(
            lambda session, user: acks.thread(*conversations.read_thread(session, user, acks.contact_id(data)))
        )

    def on_take(self, data: dict) -> Ack:
        return self._run(lambda session, user: acks.contact(assign.take(session, user, acks.contact_id(data))))

    def on_reassign(self, data: dict) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            return acks.contact(assign.assign(session, user, acks.contact_id(data), navigator_id(data)))

        return self._run(handler)


def register(app: Flask, socketio: SocketIO, admission: Admission) -> None:
    config = app.config["SWITCHBOARD"]
    check(config)  # a setting that cannot be read stops the process now

    def board_database() -> Database:
        return app.extensions["switchboard.db"]

    publisher = BoardPublisher(socketio, board_database, config.BOARD_INTERVAL_SECONDS)
    socketio.on_namespace(BoardNamespace(admission, publisher))
