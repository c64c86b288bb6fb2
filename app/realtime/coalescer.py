"""Queue changes leave a web process in frames: after a quiet moment a change goes at once,
and however many processes publish and however fast, at most one frame per interval on
average. Two frames may go back to back (`BURST`), so a change that follows another closely
on a quiet queue (a text, then the worker's update of it) is not held for an interval.

The same task serves the consoles' snapshots, without waiting for the interval: since one task
sends both, a console's snapshot and the frames around it are built and sent in one order."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from app.realtime.tasks import forever

log = logging.getLogger(__name__)
Change = dict[str, Any]  # {"event": "contact_claimed", "data": {...}}
SnapshotRequest = tuple[str, dict]  # (socket id, what the snapshot says of its user)
BURST = 2  # frames that may go without waiting, after a quiet moment


class Coalescer:
    def __init__(
        self,
        interval: float,
        send_frame: Callable[[list[Change]], None],
        send_snapshots: Callable[[list[SnapshotRequest]], None],
    ) -> None:
        self._interval = interval
        self._send_frame = send_frame
        self._send_snapshots = send_snapshots
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._changes: list[Change] = []
        self._snapshots: list[SnapshotRequest] = []
        self._allowance = float(BURST)  # frames that may go now; one more accrues per interval
        self._accrued_at = time.monotonic()

    def add_change(self, change: Change) -> None:
        self._add(self._changes, change)

    def add_snapshot(self, request: SnapshotRequest) -> None:
        self._add(self._snapshots, request)

    def run(self) -> None:
        """The sending task, forever. What could not be sent (the database is down) stays
        pending and is tried again."""
        forever(self._wake, self._seconds_to_wait, self._send_due, "could not send queue frames or snapshots")

    def _add(self, pending: list, item: Any) -> None:
        with self._lock:
            pending.append(item)
        self._wake.set()

    def _seconds_to_wait(self) -> float | None:
        with self._lock:
            if self._snapshots:
                return 0.0
            if not self._changes:
                return None
        return max(0.0, (1 - self._accrue()) * self._interval)

    def _accrue(self) -> float:
        now = time.monotonic()
        self._allowance = min(BURST, self._allowance + (now - self._accrued_at) / self._interval)
        self._accrued_at = now
        return self._allowance

    def _send_due(self) -> None:
        self._send_pending(self._snapshots, self._send_snapshots)
        if self._accrue() >= 1 and self._send_pending(self._changes, self._send_frame):
            self._allowance -= 1

    def _send_pending(self, pending: list, send: Callable[[list], None]) -> bool:
        """Send what is pending; it is forgotten only once sent."""
        with self._lock:
            batch = list(pending)
        if batch:
            send(batch)
            with self._lock:
                del pending[: len(batch)]
        return bool(batch)
