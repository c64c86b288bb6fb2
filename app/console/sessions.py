"""The console sockets open in this process and whose they are, so that signing out, a role
change, a disabled account or an expired session closes that person's consoles within one sweep
interval, whatever process they are connected to (each process sweeps its own)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_socketio import Namespace
from sqlalchemy import select

from app import staff, staff_sessions
from app.db import Database
from app.models import StaffUser
from config import Config

SESSION_ENDED = _l("Your session has ended; sign in again.")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Owner:
    staff_id: int
    version: int
    times: staff_sessions.Times


class OpenConsoles:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: dict[str, _Owner] = {}  # by socket id

    def try_add(self, sid: str, user: StaffUser, times: staff_sessions.Times, limit: int) -> bool:
        """Record a new console unless this process already has `limit` open."""
        with self._lock:
            if len(self._owners) >= limit:
                return False
            self._owners[sid] = _Owner(user.id, user.session_version, times)
            return True

    def seen(self, sid: str, times: staff_sessions.Times) -> None:
        """The console's session was used (a command other than the heartbeat)."""
        with self._lock:
            if sid in self._owners:
                self._owners[sid] = replace(self._owners[sid], times=times)

    def remove(self, sid: str) -> None:
        with self._lock:
            self._owners.pop(sid, None)

    def close_ended_forever(self, namespace: Namespace, app: Flask) -> None:
        """The process's one sweep: tell each console whose session ended, then close it."""
        interval = app.config["SWITCHBOARD"].SWEEP_INTERVAL_SECONDS
        while True:
            namespace.socketio.sleep(interval)
            try:
                with app.app_context():
                    for sid in self.take_stale(app.extensions["switchboard.db"], app.config["SWITCHBOARD"]):
                        namespace.emit("session_ended", {"message": str(SESSION_ENDED)}, room=sid)
                        namespace.disconnect(sid)
            except Exception:
                log.exception("closing ended console sessions failed; will try again")

    def take_stale(self, db: Database, config: Config) -> list[str]:
        """Forget and return the sockets whose owner's session is no longer valid or expired."""
        with self._lock:
            owners = dict(self._owners)
        ids = {owner.staff_id for owner in owners.values()}
        if not ids:
            return []
        with db.transaction() as session:
            users = {u.id: u for u in session.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))}
        now = staff_sessions.now()
        stale = [
            sid
            for sid, owner in owners.items()
            if owner.times.expired(config, now) or not staff.session_valid(users.get(owner.staff_id), owner.version)
        ]
        for sid in stale:
            self.remove(sid)
        return stale
