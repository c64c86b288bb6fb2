"""What a claim must pass besides the state machine (app.services.queue.claim calls `admit` first):
the navigator is available, holds fewer than their capacity on the contact's channel, and the
contact is not still offered first to speakers of its language (docs/presence.md).

One statement, however many checks (claims come in bursts: docs/benchmarks.md). The caller has
locked the navigator's staff row with its first statement (app.auth.user_in(locked=True)): this
one starts after the lock, so that it counts a claim of theirs that committed while this one
waited. (Under READ COMMITTED, a statement that waited for the lock itself would read their
presence and load as they were before it waited.)"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import BindParameter, bindparam, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from app.db import ports
from app.domain import ContactState
from app.errors import DomainError
from app.i18n.words import PRESENCE, word
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.presence import capacity, routing, service
from app.presence.models import PresenceSpan, PresenceState

_ACTOR: BindParameter[int] = bindparam("actor_id")
_PRESENCE = select(PresenceSpan.state).where(PresenceSpan.staff_id == _ACTOR, PresenceSpan.ended_at.is_(None))
_held = aliased(Contact)
_HELD = select(func.count()).where(
    _held.state == ContactState.CLAIMED, _held.navigator_id == _ACTOR, _held.channel == Contact.channel
)  # on the waiting contact's channel
_WAITING = select(
    Contact.channel, Contact.language, Contact.queued_at,
    _PRESENCE.scalar_subquery().label("state"), _HELD.scalar_subquery().label("load"),
).where(Contact.id == bindparam("contact_id"), Contact.state == literal_column(f"'{ContactState.QUEUED}'"))  # fmt: skip


class NotAvailable(DomainError):
    code = "not_available"
    http_status = 409


def admit(session: Session, actor: StaffUser, contact_id: int) -> None:
    """Refuse the claim the actor may not make now; the caller has locked their staff row (above).
    A contact that is not waiting is left to the claim's own answer (already claimed, closed, not
    found), which says more.

    A claim comes from a connected console, so an actor recorded offline is one whose console has
    just (re)connected: the claim records them available (the console's arrival would, a moment
    later). Busy and away are their own choice, and refused."""
    # Columns, not objects: Core statements on the session's connection skip the ORM's work.
    waiting = session.connection().execute(_WAITING, {"actor_id": actor.id, "contact_id": contact_id}).first()
    if waiting is None:
        return
    config, state = ports(session).config, waiting.state
    if state in (None, PresenceState.OFFLINE):
        service.set(session, actor, PresenceState.AVAILABLE, reason="claimed")
    elif state != PresenceState.AVAILABLE:
        raise NotAvailable(_("You are %(state)s. Set yourself available to claim.", state=word(PRESENCE, state)))
    capacity.refuse_beyond(waiting.load, waiting.channel, config.CAPACITY)
    routing.check(session, actor, waiting, config, utcnow())
