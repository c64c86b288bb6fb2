"""Every command of a staff namespace (/console, /supervisor) is answered with an ack. Called with
the arguments as sent, a handler given none would raise TypeError and the client would wait
forever; so commands take one object, checked here once for all of them, and a fault of ours is
said to the client rather than leaving it waiting."""

from __future__ import annotations

import logging
from typing import Any

from flask_socketio import Namespace

from app.console import acks

NOT_AN_OBJECT = 'Send the command with one object as its payload, e.g. {"contact_id": 12}.'
log = logging.getLogger(__name__)


class AnsweredCommands(Namespace):
    def trigger_event(self, event: str, sid: str, *args: Any) -> Any:
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, sid, *args)
        if len(args) != 1 or not isinstance(args[0], dict):
            return acks.error("invalid_request", NOT_AN_OBJECT)
        try:
            return super().trigger_event(event, sid, args[0])
        except Exception:
            log.exception("%s command %s failed", self.namespace, event)
            return acks.error("server_error", "Something went wrong on the server; try again.")
