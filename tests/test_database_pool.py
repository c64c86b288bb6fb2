"""A web process's PostgreSQL connections (docs/configuration.md, DATABASE_POOL_SIZE): a burst of
transactions beyond the pool waits for a connection instead of opening more, every transaction of
the burst still completes, and the connections opened stay open for the next burst, so that
PostgreSQL does not start a new session for each burst (docs/decisions.md)."""

from __future__ import annotations

import threading

from sqlalchemy import text

from app import create_app
from app.db import Database
from config import Config

POOL = 3
BURST = 12


def _burst(database: Database, sessions_seen: list[int]) -> None:
    """BURST transactions at once, each holding its connection a moment; records each one's PostgreSQL backend."""
    lock = threading.Lock()

    def one() -> None:
        with database.transaction() as session:
            pid = session.scalar(text("SELECT pg_backend_pid() FROM pg_sleep(0.05)"))
        with lock:
            sessions_seen.append(pid)

    threads = [threading.Thread(target=one) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def test_a_burst_waits_for_the_pools_connections_and_keeps_them_for_the_next(settings: dict[str, str]) -> None:
    app = create_app(Config.from_env({**settings, "DATABASE_POOL_SIZE": str(POOL)}))
    database = app.extensions["switchboard.db"]
    try:
        first: list[int] = []
        _burst(database, first)
        second: list[int] = []
        _burst(database, second)
        assert len(first) == len(second) == BURST  # nothing refused, nothing lost
        assert len(set(first)) == POOL  # never more sessions than the pool keeps
        assert set(second) == set(first)  # the same sessions served the next burst
    finally:
        database.engine.dispose()
