"""How many complaints one address may send: a public form that writes rows must not let a script
fill the table. Counted in each web process's memory, by client address (behind a proxy that is
right only with PROXY_COUNT set), never stored: the complaint keeps no address."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from threading import Lock


class Limiter:
    """At most `count` events per key within `seconds`; remembers at most `keys` keys (the
    longest unused are forgotten first)."""

    def __init__(self, count: int, seconds: float, keys: int = 10_000) -> None:
        self.count, self.seconds, self.keys = count, seconds, keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = Lock()

    def blocked(self, key: str, now: float | None = None) -> bool:
        with self._lock:
            return len(self._recent(key, now)) >= self.count

    def record(self, key: str, now: float | None = None) -> None:
        with self._lock:
            self._recent(key, now).append(time.monotonic() if now is None else now)
            while len(self._events) > self.keys:
                self._events.popitem(last=False)

    def _recent(self, key: str, now: float | None) -> deque[float]:
        """The key's events still within the window (the key becomes the most recently used)."""
        since = (time.monotonic() if now is None else now) - self.seconds
        events = self._events.setdefault(key, deque())
        self._events.move_to_end(key)
        while events and events[0] <= since:
            events.popleft()
        return events
