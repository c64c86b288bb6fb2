"""The console's side of presence (docs/socket-protocol.md): the `presence` command, and the
console bookkeeping of the /console namespace (its open consoles, app.console.sessions) extended
with presence: a console that connects or goes is also counted for its user's presence."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from app import policy, staff_sessions
from app.console.acks import Ack
from app.console.sessions import OpenConsoles
from app.models import StaffUser
from app.presence import service
from app.presence.consoles import ConsolePresence, recorder
from app.runtime import config as current_config
from app.runtime import database

_starting = threading.Lock()


class PresenceCommands:
    """Mixed into the /console namespace, whose `_run` runs a command in its transaction."""

    _run: Callable[..., Ack]
    consoles: OpenConsoles
    socketio: SocketIO
    _presence: ConsolePresence | None = None

    def on_presence(self, data: dict) -> Ack:
        """`{state}` sets the user's presence; `{}` reads it (not counted as the navigator's activity)."""
        wanted = data.get("state")

        def presence(session: Session, user: StaffUser) -> Ack:
            policy.authorize(user, "presence.set")
            now = service.of(session, user.id) if wanted is None else service.set(session, user, service.chosen(wanted))
            return {"ok": True, **service.payload(now)}

        return self._run(presence, active=wanted is not None)

    def console_added(self, sid: str, user: StaffUser, times: staff_sessions.Times, limit: int) -> bool:
        """Record a new console (OpenConsoles.try_add, refused past `limit`), and count it for
        its user's presence."""
        if not self.consoles.try_add(sid, user, times, limit):
            return False
        self._console_presence().connected(sid, user.id)
        return True

    def console_gone(self, sid: str) -> None:
        self.consoles.remove(sid)
        if self._presence is not None:
            self._presence.disconnected(sid)

    def _console_presence(self) -> ConsolePresence:
        """This process's one ConsolePresence, its task started with the first console."""
        with _starting:
            if self._presence is None:
                tracker = ConsolePresence(current_config().PRESENCE_GRACE_SECONDS)
                self.socketio.start_background_task(tracker.run, recorder(database(), self.socketio))
                self._presence = tracker
            return self._presence
