"""The console sockets open in this process and whose they are, so that signing out, a role
change or a disabled account closes that person's consoles within one sweep interval, whatever
process they are connected to (each process sweeps its own)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from app import staff
from app.db import Database
from app.models import StaffUser


class OpenConsoles:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owners: dict[str, tuple[int, int]] = {}  # sid -> (staff id, session version)

    def try_add(self, sid: str, user: StaffUser, limit: int) -> bool:
        """Record a new console unless this process already has `limit` open."""
        with self._lock:
            if len(self._owners) >= limit:
                return False
            self._owners[sid] = (user.id, user.session_version)
            return True

    def remove(self, sid: str) -> None:
        with self._lock:
            self._owners.pop(sid, None)

    def take_stale(self, db: Database) -> list[str]:
        """Forget and return the sockets whose owner's session is no longer valid."""
        with self._lock:
            owners = dict(self._owners)
        ids = {user_id for user_id, _ in owners.values()}
        if not ids:
            return []
        with db.transaction() as session:
            users = {u.id: u for u in session.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))}
        stale = [sid for sid, (uid, version) in owners.items() if not staff.session_valid(users.get(uid), version)]
        for sid in stale:
            self.remove(sid)
        return stale
