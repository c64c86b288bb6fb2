"""A web process's board task: it builds the board and sends it to the supervisors connected
here. Any event this process hears (its own, and every other process's through the bus) marks
the board stale; the task rebuilds it at most once per BOARD_INTERVAL_SECONDS and sends it whole
as a `board_frame` (it is small), and rebuilds it every QUIET_SECONDS anyway, as waits grow and
alerts start without any event. Nothing is built while no supervisor is connected here.

Snapshots (on connect) are sent by the same task without waiting for the interval, so a
snapshot and the frames around it go out in the order they were built. An alert that was not
active in the previous build here is pushed as a `board_alert` too."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask_socketio import SocketIO

from app.board import alerts, service
from app.db import Database
from app.models.base import utcnow
from app.realtime.bus import Message
from app.realtime.tasks import forever

log = logging.getLogger(__name__)
NAMESPACE, ROOM = "/supervisor", "supervisors"
BOARD_SNAPSHOT, BOARD_FRAME, BOARD_ALERT = "board_snapshot", "board_frame", "board_alert"
QUIET_SECONDS = 5.0
NOT_THE_BOARDS = frozenset({"message_added", "message_status", "announcement_changed"})


class BoardPublisher:
    def __init__(self, socketio: SocketIO, database: Callable[[], Database], interval: float) -> None:
        self._socketio, self._database, self._interval = socketio, database, interval
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stale = True
        self._watchers: set[str] = set()
        self._snapshots: list[str] = []
        self._alerts: set[str] | None = None  # keys active at the last build; None: none yet
        self._built_at = 0.0
        self._started = False

    def hear(self, message: Message) -> None:
        """The hub's listener: cheap, it only marks the board stale."""
        if message["event"] not in NOT_THE_BOARDS:
            self._stale = True
            self._wake.set()

    def watch(self, sid: str) -> None:
        """A supervisor connected: send them a snapshot soon, and frames from then on."""
        with self._lock:
            self._watchers.add(sid)
            self._snapshots.append(sid)
            start, self._started = not self._started, True
        if start:
            self._socketio.start_background_task(self.run)
        self._wake.set()

    def leave(self, sid: str) -> None:
        with self._lock:
            self._watchers.discard(sid)

    def run(self) -> None:
        """The task, forever; a failed build (the database is down) is tried again."""
        forever(self._wake, self._seconds_to_wait, self._send_due, "could not build or send the supervisors' board")

    def _seconds_to_wait(self) -> float | None:
        with self._lock:
            if self._snapshots:
                return 0.0
            if not self._watchers:
                return None
        due = self._built_at + (self._interval if self._stale else QUIET_SECONDS)
        return max(0.0, due - time.monotonic())

    def _send_due(self) -> None:
        with self._lock:
            snapshots, watched = list(self._snapshots), bool(self._watchers)
        due = self._built_at + (self._interval if self._stale else QUIET_SECONDS)
        frame = watched and time.monotonic() >= due
        if not snapshots and not frame:
            return
        board = self._build(frame)
        if snapshots:
            self._socketio.emit(BOARD_SNAPSHOT, board, to=snapshots, namespace=NAMESPACE)
            with self._lock:
                del self._snapshots[: len(snapshots)]
        if frame:  # to everyone else connected (one encoding for all of them)
            self._socketio.emit(BOARD_FRAME, board, to=ROOM, skip_sid=snapshots or None, namespace=NAMESPACE)
        self._push_alerts(board["alerts"])

    def _build(self, frame: bool) -> dict[str, Any]:
        """The board now; `frame`: it goes to every supervisor, so they are up to date."""
        if frame:
            self._stale = False  # an event arriving during the build marks it stale again
            self._built_at = time.monotonic()
        try:
            with self._database().transaction() as session:
                return service.build(session, utcnow())
        except Exception:
            self._stale = True  # built again on the next try
            raise

    def _push_alerts(self, now: list[alerts.Alert]) -> None:
        before, self._alerts = self._alerts, {alert["key"] for alert in now}
        if before is None:
            return  # the first build here: its alerts are in the snapshot, not news
        for alert in alerts.started(now, before):
            self._socketio.emit(BOARD_ALERT, alert, to=ROOM, namespace=NAMESPACE)
