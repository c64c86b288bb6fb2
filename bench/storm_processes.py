"""The consoles of a reconnect storm on several web instances, each instance's share from a
process of its own. Two fleets in the bench process shared its interpreter lock, and their
latencies measured that contention as well as the servers': a second instance looked no faster
than one (docs/benchmarks.md, "Issue 6 on 2026-12-01")."""

from __future__ import annotations

import multiprocessing
import queue
from types import TracebackType
from typing import Any

from bench.failure import BenchFailure
from bench.sockets_fleet import Fleet

READY_SECONDS = 120  # a spawned process imports the bench and warms its instance first


def _share(base_url: str, cookies: list[str], count: int, go: Any, results: Any) -> None:
    fleet = Fleet(base_url)
    try:
        fleet.connect(cookies, 5, at_once=5)  # warm the instance, as the earlier phases warm the first
        fleet.close_all()
        results.put(None)  # ready
        go.wait(READY_SECONDS)
        results.put(fleet.connect(cookies, count, at_once=count))
    finally:
        fleet.close_all()


class StormProcesses:
    """One process per base URL, each connecting `count` / len(base_urls) consoles when `connect` says go."""

    def __init__(self, base_urls: list[str], cookies: list[str], count: int) -> None:
        context = multiprocessing.get_context("spawn")  # not fork: the bench process runs threads
        self._go, self._results = context.Event(), context.Queue()
        share = count // len(base_urls)
        self._processes = [
            context.Process(target=_share, args=(url, cookies, share, self._go, self._results), daemon=True)
            for url in base_urls
        ]

    def __enter__(self) -> StormProcesses:
        for process in self._processes:
            process.start()
        self._collect()
        return self

    def connect(self) -> list[float]:
        """Every process connects its share at once; each console's seconds to its snapshot."""
        self._go.set()
        return [seconds for share in self._collect() for seconds in share]

    def _collect(self) -> list[Any]:
        try:
            return [self._results.get(timeout=READY_SECONDS) for _ in self._processes]
        except queue.Empty:
            raise BenchFailure("a storm process neither got ready nor connected its consoles") from None

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for process in self._processes:
            process.join(10)
            if process.is_alive():
                process.terminate()
