"""A socket event that fails for a reason no handler expected (the database restarting, a bug)
is answered, never met with silence: a command gets an error ack its page shows, a connection is
refused as `unavailable` (the page may try again), and the failure is logged with its traceback
but never the event's data, which can hold what a resident wrote (database errors leave their
parameters out: app/db.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_socketio import ConnectionRefusedError, SocketIO

log = logging.getLogger(__name__)

Ack = dict[str, Any]
SERVER_ERROR = "server_error"  # docs/socket-protocol.md
STAFF_MESSAGE = _l("Something went wrong on the server: nothing was changed. Try again in a moment.")


def register(socketio: SocketIO, namespace: str | None = None, ack: Callable[[], Ack] | None = None) -> None:
    """Answer the failures of `namespace`'s events (of every namespace without a handler of its
    own when None) with `ack()`, by default the staff's error ack."""
    answer = ack or (lambda: {"ok": False, "error": SERVER_ERROR, "message": str(STAFF_MESSAGE)})

    def failed(error: Exception) -> Ack:
        event = getattr(request, "event", {}).get("message", "?")
        log.error("socket event %r on %s failed: %s", event, getattr(request, "namespace", "?"), type(error).__name__,
                  exc_info=error)  # fmt: skip
        if event == "connect":
            raise ConnectionRefusedError("unavailable")
        return answer()

    if namespace is None:
        socketio.on_error_default(failed)
    else:
        socketio.on_error(namespace)(failed)
