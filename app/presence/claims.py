"""What a claim must pass besides the state machine (app.services.queue.claim calls `admit` first):
the navigator is available, holds fewer than their capacity on the contact's channel, and the
contact is not still offered first to speakers of its language (docs/presence.md)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db import ports
from app.domain import ContactState
from app.errors import DomainError
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.presence import capacity, routing, service
from app.presence.models import PresenceState


class NotAvailable(DomainError):
    code = "not_available"
    http_status = 409


def admit(session: Session, actor: StaffUser, contact_id: int) -> None:
    """Refuse the claim the actor may not make now. A contact that is not waiting is left to the
    claim's own answer (already claimed, closed, not found), which says more.

    The actor's staff row stays locked to the end of the claim's transaction, so that two claims
    of theirs at once cannot both pass the capacity check.

    A claim comes from a connected console, so an actor recorded offline is one whose console has
    just (re)connected: the claim records them available (the console's arrival would, a moment
    later). Busy and away are their own choice, and refused."""
    contact = session.get(Contact, contact_id)
    if contact is None or contact.state != ContactState.QUEUED:
        return
    config = ports(session).config
    service.lock(session, [actor.id])
    presence = service.of(session, actor.id)
    if presence.state == PresenceState.OFFLINE:
        service.set(session, actor, PresenceState.AVAILABLE, reason="claimed")
    elif presence.state != PresenceState.AVAILABLE:
        raise NotAvailable(f"You are {presence.state}. Set yourself available to claim.")
    capacity.check(session, actor, contact.channel, config.CAPACITY)
    routing.check(session, actor, contact, config, utcnow())
