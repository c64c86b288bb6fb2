"""The loop of every background task a web process runs (queue frames, the supervisors' board,
presence's grace periods): sleep until woken or until something is due, do what is due; what
fails (the database is down) is logged and tried again a moment later, and the task lives on."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import NoReturn

log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0


def forever(wake: threading.Event, wait: Callable[[], float | None], due: Callable[[], None], failing: str) -> NoReturn:
    """`wait()`: seconds until something is due (None: until woken)."""
    while True:
        wake.wait(wait())
        wake.clear()
        try:
            due()
        except Exception:
            log.exception(failing)
            time.sleep(RETRY_SECONDS)
