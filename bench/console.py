"""The bench's navigator console: a real Socket.IO client that stamps what it is told."""

from __future__ import annotations

import time
from typing import Any

from bench.failure import WAIT_SECONDS
from bench.stack import PASSWORD, Stack
from tests.support.console_client import FRAME, Navigator

HEARTBEAT_SECONDS = 30.0  # the console beats every third of the default 90 s lease


class BenchNavigator(Navigator):
    """A console stamping when each contact was queued (by preview) and keeping the ids shown as
    claimed. Queue changes come in frames, which the base class unpacks into the events they carry."""

    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.frames = 0
        self.queued_at: dict[str, float] = {}
        self.taken: set[int] = set()
        self.snapshot_at = 0.0
        self.snapshot_size = 0
        super().__init__(base_url, email, password)

    def _record(self, event: str, data: Any = None) -> None:
        now = time.perf_counter()
        if event == "contact_queued":
            self.queued_at.setdefault(data["contact"]["preview"], now)
            return  # thousands of these: keep only the stamp
        if event == "contact_claimed":
            self.taken.add(data["contact_id"])
            return
        if event == FRAME:
            self.frames += 1
            return  # its changes follow one by one
        if event == "queue_snapshot":
            self.snapshot_at, self.snapshot_size = now, len(data["contacts"])
        super()._record(event, data)

    def open_console(self) -> None:
        """Connect the console and wait for its queue_snapshot."""
        self.connect(heartbeat_every=HEARTBEAT_SECONDS)
        self.wait_for("queue_snapshot", timeout=WAIT_SECONDS)


def connect(stack: Stack, email: str) -> BenchNavigator:
    """Sign a navigator in and connect the console, waiting for its queue_snapshot."""
    navigator = BenchNavigator(stack.base_url, email, PASSWORD)
    stack.consoles.append(navigator)
    navigator.open_console()
    return navigator
