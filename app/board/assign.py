"""A supervisor's hand on the queue (policy action `contact.assign`): take a contact for
themselves, or give it to a navigator. A waiting contact is claimed for them (a call's caller is
brought to them, as on a claim); a claimed one moves from its holder to them (`reassigned`: the
claim keeps its time, the lease starts again). Consoles hear `contact_claimed`, with `reason`
`assigned` or `reassigned` unless supervisors claimed a waiting contact for themselves; the
previous holder's console loses the thread at once."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app import events, policy
from app.calls import conversation
from app.db import ports
from app.domain import Channel, ContactState
from app.errors import InvalidState, NotFound
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.services import queue, refusals, states

Q, C = ContactState.QUEUED, ContactState.CLAIMED


def take(session: Session, actor: StaffUser, contact_id: int) -> Contact:
    """The supervisor becomes the contact's holder."""
    return assign(session, actor, contact_id, actor.id)


def assign(session: Session, actor: StaffUser, contact_id: int, navigator_id: int) -> Contact:
    """Give a waiting or claimed contact to `navigator_id` (an active staff member)."""
    policy.authorize(actor, "contact.assign")
    target = session.get(StaffUser, navigator_id)
    if target is None or not target.active:
        raise NotFound(_("Staff member %(id)s does not exist or is disabled.", id=navigator_id))
    current = queue.get(session, contact_id)
    if current.state == Q:
        return _assign_waiting(session, actor, current, target)
    if current.state == C and current.navigator_id == target.id:
        raise refusals.already_claimed(actor, target)
    if current.state == C:
        return _reassign(session, actor, current, target)
    raise InvalidState(_("This contact is %(state)s and cannot be assigned.", state=refusals.state_of(current)))


def _lease(session: Session) -> dict[str, object]:
    return {"lease_expires_at": utcnow() + timedelta(seconds=ports(session).config.CLAIM_LEASE_SECONDS)}


def _assign_waiting(session: Session, actor: StaffUser, current: Contact, target: StaffUser) -> Contact:
    values = {"navigator_id": target.id, "claimed_at": utcnow(), **_lease(session)}
    reason = "claimed" if target.id == actor.id else "assigned"
    moved = states.move(session, current.id, from_state=Q, to_state=C, reason=reason, actor_id=actor.id,
                        values=values)  # fmt: skip
    if moved is None:
        return _lost(session, current.id)
    if moved.channel == Channel.VOICE:  # the caller is brought to the navigator before this is final
        conversation.connect_caller(session, moved)
    events.contact_changed(session, "contact_claimed", moved, **({"reason": reason} if reason == "assigned" else {}))
    return moved


def _reassign(session: Session, actor: StaffUser, current: Contact, target: StaffUser) -> Contact:
    moved = states.move(
        session, current.id, from_state=C, to_state=C, reason="reassigned", actor_id=actor.id,
        guard=Contact.navigator_id == current.navigator_id, values={"navigator_id": target.id, **_lease(session)},
    )  # fmt: skip
    if moved is None:
        return _lost(session, current.id)
    events.contact_changed(session, "contact_claimed", moved, reason="reassigned")
    return moved


def _lost(session: Session, contact_id: int) -> Contact:
    """Someone else moved the contact first: say what it is now."""
    now = session.get(Contact, contact_id, populate_existing=True)
    state = refusals.state_of(now) if now else _("gone")
    raise InvalidState(_("This contact changed meanwhile (it is %(state)s); look at the board again.", state=state))
