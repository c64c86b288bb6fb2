"""This web process's consoles by staff member, and its one task that records what their coming and
going means for presence: a console's arrival makes an offline user available; the last console of
a user leaving starts PRESENCE_GRACE_SECONDS, after which they are offline unless one came back.

Counted per process: a navigator's browser reaches one process (the proxy is sticky by client
address, docs/operations.md). A process that dies runs no grace period: its consoles reconnect
elsewhere and keep their presence. The task is a thread under the threading async mode and a
greenlet under gevent (`socketio.start_background_task`); its waits are on threading primitives,
which gevent patches."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from app import events
from app.db import Database
from app.presence import service
from app.presence.models import PresenceState
from app.realtime.tasks import forever

log = logging.getLogger(__name__)
Record = Callable[[dict[str, int], list[int]], None]  # (arrived: socket id -> staff id, gone staff ids)


class ConsolePresence:
    def __init__(self, grace_seconds: float) -> None:
        self._grace = grace_seconds
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._staff_of: dict[str, int] = {}  # every console here: socket id -> staff id
        self._consoles: Counter[int] = Counter()  # consoles here by staff id
        self._arrived: dict[str, int] = {}  # consoles not yet recorded
        self._leaving: dict[int, float] = {}  # staff id -> when (monotonic) they go offline

    def connected(self, sid: str, staff_id: int) -> None:
        with self._lock:
            self._staff_of[sid] = staff_id
            self._consoles[staff_id] += 1
            self._arrived[sid] = staff_id
            self._leaving.pop(staff_id, None)  # back within the grace period: nothing changes
        self._wake.set()

    def disconnected(self, sid: str) -> None:
        with self._lock:
            staff_id = self._staff_of.pop(sid, None)
            self._arrived.pop(sid, None)
            if staff_id is None:
                return
            self._consoles[staff_id] -= 1
            if self._consoles[staff_id] > 0:
                return
            del self._consoles[staff_id]
            self._leaving[staff_id] = time.monotonic() + self._grace
        self._wake.set()

    def run(self, record: Record) -> None:
        """The task, forever: record arrivals at once and departures when their grace period ends.
        What could not be recorded (the database is down) is tried again."""
        forever(self._wake, self._seconds_to_wait, lambda: self._record_due(record), "could not record presence")

    def _record_due(self, record: Record) -> None:
        arrived, gone = self._take_due()
        if not arrived and not gone:
            return
        try:
            record(arrived, gone)
        except Exception:
            self._put_back(arrived, gone)
            raise

    def _seconds_to_wait(self) -> float | None:
        with self._lock:
            if self._arrived:
                return 0.0
            if not self._leaving:
                return None
            return max(0.0, min(self._leaving.values()) - time.monotonic())

    def _take_due(self) -> tuple[dict[str, int], list[int]]:
        now = time.monotonic()
        with self._lock:
            gone = [staff_id for staff_id, at in self._leaving.items() if at <= now]
            for staff_id in gone:
                del self._leaving[staff_id]
            arrived, self._arrived = self._arrived, {}
        return arrived, gone

    def _put_back(self, arrived: dict[str, int], gone: list[int]) -> None:
        with self._lock:
            self._arrived.update({sid: staff for sid, staff in arrived.items() if sid in self._staff_of})
            for staff_id in gone:
                if not self._consoles[staff_id]:
                    self._leaving.setdefault(staff_id, time.monotonic())
        self._wake.set()


def recorder(database: Database, socketio: SocketIO) -> Record:
    """`record` for ConsolePresence.run: one transaction for all that is due; then each console
    that arrived is told its user's presence (the changes also went to their staff rooms)."""

    def record(arrived: dict[str, int], gone: list[int]) -> None:
        with database.transaction() as session:
            now = _record(session, set(arrived.values()), gone)
        for sid, staff_id in arrived.items():
            if staff_id in now:
                data = service.payload(now[staff_id])
                socketio.emit(service.PRESENCE_CHANGED, data, to=sid, namespace=events.NAMESPACE)

    return record


def _record(session: Session, arrived: set[int], gone: list[int]) -> dict[int, service.Presence]:
    users = {user.id: user for user in service.lock(session, arrived | set(gone))}  # a deleted row: skipped
    for staff_id in gone:
        if staff_id in users:
            service.set(session, users[staff_id], PresenceState.OFFLINE, reason="console_gone")
    now = service.current(session, [staff_id for staff_id in arrived if staff_id in users])
    for staff_id, presence in now.items():
        if presence.state == PresenceState.OFFLINE:
            now[staff_id] = service.set(session, users[staff_id], PresenceState.AVAILABLE, reason="console_connected")
    return now
