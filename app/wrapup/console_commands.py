"""The console's wrap-up commands (docs/socket-protocol.md): each changes the record of a contact
the user holds (or, for a lead, any) and answers with the whole wrap-up, what `close` still needs
included, so the console shows one state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app.console import acks
from app.console.acks import Ack
from app.db import ports
from app.errors import InvalidRequest
from app.models import Contact, StaffUser
from app.wrapup import follow_ups, sending, serializers, service
from app.wrapup.models import Need, Referral

Handler = Callable[[Session, StaffUser], Ack]
Change = Callable[[Session, StaffUser, int], object]


def _string(data: dict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value or len(value) > 250:
        raise InvalidRequest(_("%(name)s (text) is required.", name=name))
    return value


def _item(data: dict, name: str) -> int:
    return acks.contact_id({"contact_id": data.get(name)})


class WrapUpCommands:
    """Mixed into the /console namespace, whose `_run` runs a command in its transaction."""

    _run: Callable[[Handler], Ack]

    def _change(self, data: dict, change: Change) -> Ack:
        def handler(session: Session, user: StaffUser) -> Ack:
            contact_id = acks.contact_id(data)
            change(session, user, contact_id)
            session.flush()
            return {"ok": True, "wrapup": serializers.full(session, session.get(Contact, contact_id))}  # type: ignore[arg-type]

        return self._run(handler)

    def on_wrapup_get(self, data: dict) -> Ack:
        return self._change(data, service.held)

    def on_wrapup_set(self, data: dict) -> Ack:
        fields = {k: v for k, v in data.items() if k != "contact_id"}
        return self._change(data, lambda session, user, contact_id: service.update(session, user, contact_id, fields))

    def on_need_set(self, data: dict) -> Ack:
        def code(session: Session, user: StaffUser, contact_id: int) -> Any:
            reason = data.get("unmet_reason") or None
            return service.code_need(
                session, user, contact_id, _string(data, "term_id"), _string(data, "status"), reason
            )

        return self._change(data, code)

    def on_need_remove(self, data: dict) -> Ack:
        return self._change(
            data,
            lambda session, user, contact_id: service.remove(session, user, contact_id, Need, _item(data, "need_id")),
        )

    def on_referral_add(self, data: dict) -> Ack:
        def refer(session: Session, user: StaffUser, contact_id: int) -> Any:
            return service.refer(
                session, user, contact_id, _string(data, "service_at_location_id"), _string(data, "kind")
            )

        return self._change(data, refer)

    def on_referral_remove(self, data: dict) -> Ack:
        return self._change(
            data,
            lambda session, user, contact_id: service.remove(
                session, user, contact_id, Referral, _item(data, "referral_id")
            ),
        )

    def on_referrals_send(self, data: dict) -> Ack:
        return self._change(data, sending.send_referrals)

    def on_followup_schedule(self, data: dict) -> Ack:
        def schedule(session: Session, user: StaffUser) -> Ack:
            assignee = _item(data, "assignee_id") if data.get("assignee_id") is not None else None
            made = follow_ups.schedule(session, user, acks.contact_id(data), data.get("due_on"), assignee)
            shown = follow_ups.shown(session, made, _today(session))
            return {"ok": True, "follow_up": shown, "wrapup": serializers.full(session, made.contact)}

        return self._run(schedule)

    def on_followup_attempt(self, data: dict) -> Ack:
        def attempt(session: Session, user: StaffUser) -> Ack:
            made = follow_ups.attempt(session, user, _item(data, "follow_up_id"), data.get("outcome"), data.get("note"))
            return {"ok": True, "follow_up": follow_ups.shown(session, made.follow_up, _today(session))}

        return self._run(attempt)

    def on_followup_close(self, data: dict) -> Ack:
        def close(session: Session, user: StaffUser) -> Ack:
            needs = data.get("needs") or {}
            if not isinstance(needs, dict):
                raise InvalidRequest(_("needs maps need ids to their final status."))
            follow_up = follow_ups.close(session, user, _item(data, "follow_up_id"), data.get("outcome"), needs)
            return {"ok": True, "wrapup": serializers.full(session, follow_up.contact)}

        return self._run(close)

    def on_followups_mine(self, data: dict) -> Ack:
        return self._run(
            lambda session, user: {"ok": True, "follow_ups": follow_ups.due_for(session, user, _today(session))}
        )


def _today(session: Session) -> date:
    return datetime.now(ZoneInfo(ports(session).config.TIME_ZONE)).date()
