"""The contact state machine: the legal transitions, and the one function that performs them.

Each transition is a single conditional UPDATE whose row count decides whether it happened, so
concurrent navigators and processes cannot both win; every transition that happens appends a
ContactEvent (who, when, from, to, why) in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, update
from sqlalchemy.orm import Session

from app.domain import ContactState
from app.models import Contact, ContactEvent
from app.models.base import utcnow

Q, C, X = ContactState.QUEUED, ContactState.CLAIMED, ContactState.CLOSED

TRANSITIONS: dict[tuple[ContactState | None, ContactState], frozenset[str]] = {
    (None, Q): frozenset({"created"}),
    (Q, C): frozenset({"claimed"}),
    (C, Q): frozenset({"released", "lease_expired"}),
    (C, X): frozenset({"closed"}),
}


class IllegalTransition(Exception):
    pass


def _check(from_state: ContactState | None, to_state: ContactState, reason: str) -> None:
    if reason not in TRANSITIONS.get((from_state, to_state), frozenset()):
        raise IllegalTransition(f"{from_state} -> {to_state} ({reason})")


def record(
    session: Session, contact: Contact, from_state: ContactState | None, actor_id: int | None, reason: str
) -> None:
    """Append the event row for a transition of `contact` into its current state."""
    to_state = ContactState(contact.state)
    _check(from_state, to_state, reason)
    session.add(
        ContactEvent(
            contact_id=contact.id,
            from_state=from_state,
            to_state=to_state,
            actor_id=actor_id,
            reason=reason,
            at=utcnow(),
        )
    )


def move(
    session: Session,
    contact_id: int,
    *,
    from_state: ContactState,
    to_state: ContactState,
    reason: str,
    actor_id: int | None,
    guard: ColumnElement[bool] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Contact | None:
    """Move one contact from `from_state` to `to_state` if it is still there (and `guard` holds).

    Returns the refreshed contact when this call made the transition, None when it did not."""
    _check(from_state, to_state, reason)
    stmt = (
        update(Contact)
        .where(Contact.id == contact_id, Contact.state == from_state)
        .values(state=to_state, **(values or {}))
        .execution_options(synchronize_session=False)
    )
    if guard is not None:
        stmt = stmt.where(guard)
    if cast(CursorResult[Any], session.execute(stmt)).rowcount != 1:
        return None
    contact = session.get(Contact, contact_id, populate_existing=True)
    assert contact is not None
    record(session, contact, from_state, actor_id, reason)
    return contact
