"""A supervisor's live board as the server sees one: signs in over HTTP, then connects a real
python-socketio client to /supervisor with that session cookie, records every event (snapshots,
frames, alerts) and can call the board's commands."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.socket_client import SignedInSocket

NAMESPACE = "/supervisor"
BOARDS = ("board_snapshot", "board_frame")


class Supervisor(SignedInSocket):
    namespace = NAMESPACE

    def connect(self) -> Supervisor:
        self._open()
        return self

    def boards(self) -> list[dict]:
        """Every board received (the snapshot and the frames), in order."""
        with self._cond:
            return [data for name, data in self.events if name in BOARDS]

    def latest(self, where: Callable[[dict], bool] = lambda _: True, timeout: float = 10.0) -> dict:
        """Wait for a board (snapshot or frame) satisfying `where`; the latest such."""
        found = self.wait_until(lambda: [board for board in self.boards() if where(board)], "matching board", timeout)
        return found[-1]
