"""The console's in-call controls (docs/socket-protocol.md): hold the caller, add someone to the
call, hang up. Mute is the browser phone's own. Each works on the contact's conference, so the
navigator's browser never holds the caller's leg alone."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session

from app.calls import conversation, targets
from app.console import acks
from app.console.acks import Ack
from app.db import ports
from app.errors import DomainError
from app.models import StaffUser
from channels import voice
from channels.base import SendError

Handler = Callable[[Session, StaffUser], Ack]


class CallControlFailed(DomainError):
    code = "call_control_failed"
    http_status = 502


def _twilio(act: Callable[[], None], done: Ack) -> Ack:
    try:
        act()
    except SendError as error:
        raise CallControlFailed(f"Twilio did not do it: {error}") from None
    return done


class CallCommands:
    """Mixed into the /console namespace, whose `_run` runs a command in its transaction."""

    _run: Callable[[Handler], Ack]

    def on_call_hold(self, data: dict) -> Ack:
        def hold(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            on, config = bool(data.get("hold")), ports(session).config
            act = partial(voice.hold, config, conversation.room(call.contact_id), call.call_sid, on)
            return _twilio(act, {"ok": True, "held": on})

        return self._run(hold)

    def on_call_add(self, data: dict) -> Ack:
        def add(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            config = ports(session).config
            target = targets.resolve(session, config, user, str(data.get("target", "")))
            act = partial(voice.add_participant, config, conversation.room(call.contact_id), target.to)
            return _twilio(act, {"ok": True, "added": target.label})

        return self._run(add)

    def on_call_end(self, data: dict) -> Ack:
        def end(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            config = ports(session).config
            return _twilio(partial(voice.end_conference, config, conversation.room(call.contact_id)), {"ok": True})

        return self._run(end)
