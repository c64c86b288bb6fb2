"""Presence: set it, read it, the time spent in each state, and what the supervisors' live board
shows of every staff member (docs/presence.md). A change closes the open span and opens the next
in the caller's transaction; the staff member's consoles hear `presence_changed` after commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import events, serializers
from app.db import on_commit, ports
from app.errors import InvalidRequest
from app.models import StaffUser
from app.models.base import utcnow
from app.presence import capacity, routing
from app.presence.models import PresenceSpan, PresenceState

PRESENCE_CHANGED = "presence_changed"
CHOSEN = (PresenceState.AVAILABLE, PresenceState.BUSY, PresenceState.AWAY)  # offline is the server's


@dataclass(frozen=True)
class Presence:
    state: str
    since: datetime | None  # None: never recorded (offline since before presence was kept)
    reason: str | None = None


NEVER = Presence(PresenceState.OFFLINE, None)


def chosen(value: object) -> PresenceState:
    """The state a navigator asks for; offline is not one: it means no console of theirs is open."""
    if value not in CHOSEN:
        raise InvalidRequest(_("state must be available, busy or away (offline is when no console of yours is open)."))
    return PresenceState(str(value))


def payload(presence: Presence) -> dict:
    """What an ack and `presence_changed` carry."""
    return {"presence": presence.state, "since": serializers.iso(presence.since), "reason": presence.reason}


def _of_span(span: PresenceSpan) -> Presence:
    return Presence(span.state, span.started_at, span.reason)


def current(session: Session, staff_ids: Iterable[int]) -> dict[int, Presence]:
    """Each staff member's presence now (NEVER for one who has no span)."""
    ids = list(staff_ids)
    query = select(PresenceSpan).where(PresenceSpan.staff_id.in_(ids), PresenceSpan.ended_at.is_(None))
    found = {span.staff_id: _of_span(span) for span in session.scalars(query)} if ids else {}
    return {staff_id: found.get(staff_id, NEVER) for staff_id in ids}


def of(session: Session, staff_id: int) -> Presence:
    return current(session, [staff_id])[staff_id]


def lock(session: Session, staff_ids: Iterable[int]) -> list[StaffUser]:
    """Lock the staff rows (in id order, so that two batches never deadlock) until the transaction
    ends: one staff member's presence changes and claims then happen one after the other. FOR NO
    KEY UPDATE leaves the row to the key-share locks that claims' foreign keys take."""
    query = select(StaffUser).where(StaffUser.id.in_(list(staff_ids))).order_by(StaffUser.id)
    return list(session.scalars(query.with_for_update(key_share=True)))


def set(session: Session, user: StaffUser, state: str, reason: str = "set") -> Presence:
    """Make `user`'s presence `state`: close the open span and open one (the same state: nothing).
    (It shadows the builtin `set` here, which this module does not use.)"""
    lock(session, [user.id])
    open_span = session.scalars(
        select(PresenceSpan).where(PresenceSpan.staff_id == user.id, PresenceSpan.ended_at.is_(None))
    ).first()
    if open_span is not None and open_span.state == state:
        return _of_span(open_span)
    if open_span is None and state == PresenceState.OFFLINE:
        return NEVER  # never present: nothing to record
    now = utcnow()
    if open_span is not None:
        open_span.ended_at = now
        session.flush()  # closed before the next opens (one open span per staff member)
    span = PresenceSpan(staff_id=user.id, state=state, reason=reason, started_at=now)
    session.add(span)
    session.flush()
    presence = _of_span(span)
    emitter, data = ports(session).emitter, payload(presence)
    room = events.staff_room(user.id)
    on_commit(session, lambda: emitter.emit(PRESENCE_CHANGED, data, to=room, namespace=events.NAMESPACE))
    return presence


def time_in(session: Session, staff_id: int, start: datetime, end: datetime) -> dict[str, float]:
    """Seconds `staff_id` spent in each state between `start` and `end` (the open span up to now)."""
    spans = session.scalars(
        select(PresenceSpan).where(
            PresenceSpan.staff_id == staff_id,
            PresenceSpan.started_at < end,
            or_(PresenceSpan.ended_at.is_(None), PresenceSpan.ended_at > start),
        )
    )
    totals: dict[str, float] = {}
    now = utcnow()
    for span in spans:
        until = min(end, span.ended_at or now)
        seconds = (until - max(start, span.started_at)).total_seconds()
        totals[span.state] = totals.get(span.state, 0.0) + max(0.0, seconds)
    return totals


def board(session: Session) -> list[dict]:
    """Every active staff member for the supervisors' live board, by name: `id`, `name`, `role`,
    `languages` (codes), `presence` (available, busy, away, offline), `since` (ISO 8601, when that
    presence began; None if never recorded), `load` (contacts they hold now, by channel, e.g.
    {"sms": 2, "voice": 1}; channels with none left out). Three queries whatever the staff."""
    staff = session.scalars(
        select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.display_name, StaffUser.id)
    ).all()
    ids = [user.id for user in staff]
    presences, loads = current(session, ids), capacity.held(session, ids)
    return [
        {
            "id": user.id,
            "name": user.display_name,
            "role": user.role,
            "languages": routing.spoken(user),
            "presence": presences[user.id].state,
            "since": serializers.iso(presences[user.id].since),
            "load": loads.get(user.id, {}),
        }
        for user in staff
    ]
