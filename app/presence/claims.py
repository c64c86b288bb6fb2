"""What a claim must pass besides the state machine (app.services.queue.claim calls `admit` first):
the navigator is available, holds fewer than their capacity on the contact's channel, and the
contact is not still offered first to speakers of its language (docs/presence.md).

Two statements, however many checks (claims come in bursts: docs/benchmarks.md): the first reads
the contact and locks the navigator's staff row, the second reads their presence and load after
the lock, so that it counts a claim of theirs that committed while this one waited."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import BindParameter, bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from app.db import ports
from app.domain import ContactState
from app.errors import DomainError
from app.i18n.words import PRESENCE, word
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.presence import capacity, routing, service
from app.presence.models import PresenceSpan, PresenceState

_ACTOR: BindParameter[int] = bindparam("actor_id")
# FOR NO KEY UPDATE OF the staff row: two claims of one navigator at once wait for each other.
_WAITING = (
    select(Contact.channel, Contact.language, Contact.queued_at)
    .join(StaffUser, StaffUser.id == _ACTOR)
    .where(Contact.id == bindparam("contact_id"), Contact.state == literal_column(f"'{ContactState.QUEUED}'"))
    .with_for_update(key_share=True, of=StaffUser)
)
_PRESENCE = select(PresenceSpan.state).where(PresenceSpan.staff_id == _ACTOR, PresenceSpan.ended_at.is_(None))
_HELD = select(func.count()).where(
    Contact.state == ContactState.CLAIMED, Contact.navigator_id == _ACTOR, Contact.channel == bindparam("channel")
)
_STANDING = select(_PRESENCE.scalar_subquery(), _HELD.scalar_subquery())


class NotAvailable(DomainError):
    code = "not_available"
    http_status = 409


def admit(session: Session, actor: StaffUser, contact_id: int) -> None:
    """Refuse the claim the actor may not make now. A contact that is not waiting is left to the
    claim's own answer (already claimed, closed, not found), which says more.

    A claim comes from a connected console, so an actor recorded offline is one whose console has
    just (re)connected: the claim records them available (the console's arrival would, a moment
    later). Busy and away are their own choice, and refused."""
    # Columns, not objects: Core statements on the session's connection skip the ORM's work.
    waiting = session.connection().execute(_WAITING, {"actor_id": actor.id, "contact_id": contact_id}).first()
    if waiting is None:
        return
    config = ports(session).config
    state, load = session.connection().execute(_STANDING, {"actor_id": actor.id, "channel": waiting.channel}).one()
    if state in (None, PresenceState.OFFLINE):
        service.set(session, actor, PresenceState.AVAILABLE, reason="claimed")
    elif state != PresenceState.AVAILABLE:
        raise NotAvailable(_("You are %(state)s. Set yourself available to claim.", state=word(PRESENCE, state)))
    capacity.refuse_beyond(load, waiting.channel, config.CAPACITY)
    routing.check(session, actor, waiting, config, utcnow())
