"""The console's voice commands (docs/socket-protocol.md): the in-call controls (hold the caller,
add someone to the call, hang up; mute is the browser phone's own), each on the contact's
conference so the navigator's browser never holds the caller's leg alone; and the announcement
callers hear, which supervisors set or clear."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app import serializers
from app.calls import announcements, conversation, targets
from app.console import acks
from app.console.acks import Ack
from app.db import ports
from app.errors import DomainError
from app.models import StaffUser
from channels import voice_rooms
from channels.base import SendError

Handler = Callable[[Session, StaffUser], Ack]


class CallControlFailed(DomainError):
    code = "call_control_failed"
    http_status = 502


def _twilio(act: Callable[[], None], done: Ack) -> Ack:
    try:
        act()
    except SendError as error:
        raise CallControlFailed(_("Twilio did not do it: %(error)s", error=error)) from None
    return done


class CallCommands:
    """Mixed into the /console namespace, whose `_run` runs a command in its transaction."""

    _run: Callable[[Handler], Ack]

    def on_call_hold(self, data: dict) -> Ack:
        def hold(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            on, config = bool(data.get("hold")), ports(session).config
            act = partial(voice_rooms.hold, config, conversation.room(call.contact_id), call.call_sid, on)
            return _twilio(act, {"ok": True, "held": on})

        return self._run(hold)

    def on_call_add(self, data: dict) -> Ack:
        def add(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            config = ports(session).config
            target = targets.resolve(session, config, user, str(data.get("target", "")))
            act = partial(voice_rooms.add_participant, config, conversation.room(call.contact_id), target.to)
            return _twilio(act, {"ok": True, "added": target.label})

        return self._run(add)

    def on_call_end(self, data: dict) -> Ack:
        def end(session: Session, user: StaffUser) -> Ack:
            call = conversation.held_call(session, user, acks.contact_id(data))
            config = ports(session).config
            return _twilio(
                partial(voice_rooms.end_conference, config, conversation.room(call.contact_id)), {"ok": True}
            )

        return self._run(end)


class AnnouncementCommands:
    """Mixed into the /console namespace: supervisors set or clear what callers hear."""

    _run: Callable[[Handler], Ack]

    def on_announcement_set(self, data: dict) -> Ack:
        def set_current(session: Session, user: StaffUser) -> Ack:
            made = announcements.set_current(session, user, data.get("en"), data.get("fr"))
            return {"ok": True, "announcement": serializers.announcement(made)}

        return self._run(set_current)

    def on_announcement_clear(self, data: dict) -> Ack:
        def clear(session: Session, user: StaffUser) -> Ack:
            announcements.clear(session, user)
            return {"ok": True, "announcement": None}

        return self._run(clear)
