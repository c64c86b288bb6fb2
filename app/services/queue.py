"""The live queue: list open contacts, claim exactly once, release, close with a disposition,
and the claim lease that returns a vanished navigator's contacts to the queue."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from app import events, policy
from app.calls import conversation
from app.db import ports
from app.domain import Channel, ContactState, Disposition
from app.errors import InvalidDisposition, InvalidState, NotFound
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.presence import claims as presence
from app.services import refusals, states
from app.spam import tags
from app.wrapup import service as wrapup


def get(session: Session, contact_id: int, *options: ORMOption) -> Contact:
    contact = session.get(Contact, contact_id, options=options)
    if contact is None:
        raise NotFound(_("Contact %(id)s does not exist.", id=contact_id))
    return contact


def open_contacts(session: Session, state: ContactState | None = None) -> list[Contact]:
    """Queued and claimed contacts (or only those in `state`), longest waiting first."""
    wanted = [state] if state else [ContactState.QUEUED, ContactState.CLAIMED]
    return list(
        session.scalars(
            select(Contact)
            .where(Contact.state.in_(wanted))
            .options(selectinload(Contact.address), selectinload(Contact.navigator))
            .order_by(Contact.queued_at, Contact.id)
        )
    )


def _lease_end(session: Session) -> datetime:
    return utcnow() + timedelta(seconds=ports(session).config.CLAIM_LEASE_SECONDS)


def claim(session: Session, actor: StaffUser, contact_id: int) -> Contact:
    """Claim a queued contact for `actor`, whose staff row the caller locked (app.presence.claims);
    exactly one of any number of racing claims wins."""
    policy.authorize(actor, "contact.claim")
    presence.admit(session, actor, contact_id)  # available, within capacity, language first (docs/presence.md)
    contact = states.move(
        session,
        contact_id,
        from_state=ContactState.QUEUED,
        to_state=ContactState.CLAIMED,
        reason="claimed",
        actor_id=actor.id,
        values={"navigator_id": actor.id, "claimed_at": utcnow(), "lease_expires_at": _lease_end(session)},
    )
    if contact is None:  # a lost race (a fifth of a burst's claims) names the winner: read with it
        current = get(session, contact_id, joinedload(Contact.navigator))
        if current.state == ContactState.CLAIMED:
            raise refusals.already_claimed(actor, current.navigator)
        raise InvalidState(_("This contact is %(state)s and cannot be claimed.", state=refusals.state_of(current)))
    if contact.channel == Channel.VOICE:  # the caller is brought to the navigator before the claim is final
        conversation.connect_caller(session, contact)
    events.contact_changed(session, "contact_claimed", contact)
    return contact


def release(session: Session, actor: StaffUser, contact_id: int) -> Contact:
    """Give a claimed contact back to the queue; it keeps its place by original queue time."""
    current = get(session, contact_id)
    policy.authorize(actor, "contact.release", current)
    return _unclaim(session, current, actor.id, "released") or _not_claimed(current)


def close(session: Session, actor: StaffUser, contact_id: int, disposition: str, tag: object = None) -> Contact:
    """Close a claimed contact; with a navigator's `tag` (app.spam.tags) the wrap-up may be incomplete."""
    tagged = tags.checked(tag)
    disposition = tags.disposition(tagged, disposition)
    if disposition not in set(Disposition):
        raise InvalidDisposition(_("Choose a disposition: %(choices)s.", choices=", ".join(Disposition)))
    current = get(session, contact_id)
    policy.authorize(actor, "contact.close", current)
    lacking = [] if tagged else wrapup.missing(session, current)
    if lacking:
        raise refusals.wrapup_incomplete(lacking)
    contact = states.move(
        session,
        contact_id,
        from_state=ContactState.CLAIMED,
        to_state=ContactState.CLOSED,
        reason="closed",
        actor_id=actor.id,
        guard=Contact.navigator_id == current.navigator_id,
        values={"disposition": disposition, "closed_at": utcnow(), "lease_expires_at": None, "navigator_tag": tagged},
    )
    if contact is None:
        return _not_claimed(current)
    tags.judge_tagged(session, contact)
    events.contact_changed(session, "contact_closed", contact)
    return contact


def renew_leases(session: Session, actor: StaffUser) -> list[int]:
    """Extend the lease of every contact `actor` holds; called by the console's heartbeat."""
    result = session.execute(
        update(Contact)
        .where(Contact.state == ContactState.CLAIMED, Contact.navigator_id == actor.id)
        .values(lease_expires_at=_lease_end(session))
        .returning(Contact.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars())


def expire_leases(session: Session) -> list[int]:
    """Return to the queue every claimed contact whose lease ran out."""
    now = utcnow()
    expired = session.scalars(
        select(Contact.id).where(Contact.state == ContactState.CLAIMED, Contact.lease_expires_at < now)
    ).all()
    returned = []
    for contact_id in expired:
        contact = session.get(Contact, contact_id)
        if contact and _unclaim(session, contact, None, "lease_expired", Contact.lease_expires_at < now):
            returned.append(contact_id)
    return returned


def _unclaim(
    session: Session,
    current: Contact,
    actor_id: int | None,
    reason: str,
    guard: ColumnElement[bool] | None = None,
) -> Contact | None:
    held_by_same = Contact.navigator_id == current.navigator_id
    contact = states.move(
        session,
        current.id,
        from_state=ContactState.CLAIMED,
        to_state=ContactState.QUEUED,
        reason=reason,
        actor_id=actor_id,
        guard=held_by_same if guard is None else held_by_same & guard,
        values={"navigator_id": None, "claimed_at": None, "lease_expires_at": None},
    )
    if contact is not None:
        events.contact_changed(session, "contact_released", contact, reason=reason)
    return contact


def _not_claimed(current: Contact) -> Contact:
    raise InvalidState(_("This contact is %(state)s, not claimed.", state=refusals.state_of(current)))
