"""What failing means for the bench: the system did something wrong, or a bounded wait ran out."""

from __future__ import annotations

import time
from collections.abc import Callable

WAIT_SECONDS = 60.0  # the longest any single wait may take before the run fails


class BenchFailure(Exception):
    """The system under test did something wrong (not merely slow)."""


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll `predicate` until it holds; fail the run if it does not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise BenchFailure(f"{what}: not done within {timeout:.0f}s")
        time.sleep(0.02)
