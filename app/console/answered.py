"""Every command of a staff namespace (/console, /supervisor) is answered with an ack. Called with
the arguments as sent, a handler given none would raise TypeError and the client would wait
forever; so commands take one object, checked here once for all of them. A fault of ours is said
to the client by app.realtime.failures."""

from __future__ import annotations

from typing import Any

from flask_socketio import Namespace

from app.console import acks

NOT_AN_OBJECT = 'Send the command with one object as its payload, e.g. {"contact_id": 12}.'


class AnsweredCommands(Namespace):
    def trigger_event(self, event: str, sid: str, *args: Any) -> Any:
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, sid, *args)
        if len(args) != 1 or not isinstance(args[0], dict):
            return acks.error("invalid_request", NOT_AN_OBJECT)
        return super().trigger_event(event, sid, args[0])
