"""The contact state machine: the legal transitions, and the one function that performs them.

Each transition is a single conditional UPDATE whose row count decides whether it happened, so
concurrent navigators and processes cannot both win; every transition that happens appends a
ContactEvent (who, when, from, to, why) in the same transaction (on PostgreSQL, in the same
statement)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session, aliased, joinedload

from app.db import core, on_postgresql
from app.domain import ContactState
from app.models import Contact, ContactEvent
from app.models.base import Base, utcnow

M, Q, C, X = ContactState.MENU, ContactState.QUEUED, ContactState.CLAIMED, ContactState.CLOSED

TRANSITIONS: dict[tuple[ContactState | None, ContactState], frozenset[str]] = {
    (None, Q): frozenset({"created"}),
    (None, M): frozenset({"answered"}),  # a call, in the phone menu
    (M, Q): frozenset({"queued"}),
    (M, X): frozenset({"hung_up_in_menu", "voice_unavailable", "spam", "blocked"}),
    (Q, X): frozenset({"abandoned", "spam", "blocked"}),  # the resident left; or turned away (app.spam)
    (X, Q): frozenset({"spam_cleared"}),  # a supervisor cleared a contact turned away: back in its place
    (Q, C): frozenset({"claimed", "assigned"}),  # assigned: by a supervisor, to a navigator (app.board)
    (C, Q): frozenset({"released", "lease_expired"}),
    (C, X): frozenset({"closed"}),
    (C, C): frozenset({"reassigned"}),  # a supervisor moved the claim to another navigator (app.board)
}


# Built once, so that SQLAlchemy keeps their cache keys and compiled forms.
_RECORD = insert(ContactEvent)
_EVENT_COLUMNS = ("contact_id", "from_state", "to_state", "actor_id", "reason", "at")
_CONTACTS = Base.metadata.tables["contact"]
_MOVED_KEY = "moved_contacts"


def _moving(columns: tuple[str, ...], guard: ColumnElement[bool] | None, one_statement: bool) -> Update | Select:
    """The UPDATE of one contact still in its state (and `guard`), setting `columns`. With
    `one_statement` (PostgreSQL), a SELECT from its RETURNING, which reads the moved contact back
    with its number (which its summary shows), and an INSERT of its event row from the same
    RETURNING: no row, no move and no event. SQLite takes no UPDATE in a WITH.
    The contact's navigator is left to the lazy loader, which finds a claim's actor in the session."""
    where = _CONTACTS.c.id == bindparam("contact_id"), _CONTACTS.c.state == bindparam("from_state")
    new = {c: bindparam(f"new_{c}", type_=_CONTACTS.c[c].type) for c in columns}
    stmt = update(_CONTACTS).where(*where).values(new)
    if guard is not None:
        stmt = stmt.where(guard)
    if not one_statement:
        return stmt
    returned = stmt.returning(*_CONTACTS.c).cte("moved")
    event = (returned.c.id, *(bindparam(c, type_=ContactEvent.__table__.c[c].type) for c in _EVENT_COLUMNS[1:]))
    recorded = insert(ContactEvent).from_select(_EVENT_COLUMNS, select(*event).select_from(returned))
    moved = aliased(Contact, returned)
    return (
        select(moved).add_cte(recorded.cte("recorded")).options(joinedload(moved.address))
        .execution_options(populate_existing=True)
    )  # fmt: skip


# Without a guard, built once per column set (a claim's, a release's, a close's), so that
# SQLAlchemy keeps the statement's cache key instead of building it again.
_unguarded = cache(_moving)
_READ_BACK = (  # after SQLite's UPDATE
    select(Contact)
    .where(Contact.id == bindparam("contact_id"))
    .options(joinedload(Contact.address))
    .execution_options(populate_existing=True)
)


def _moved(session: Session, stmt: Update | Select, params: dict[str, Any]) -> Contact | None:
    """The moved contact, its event recorded; None when it was not moved. Either way what the session
    holds pending is written first: the ORM's SELECT autoflushes, and `core` flushes before SQLite's UPDATE."""
    if isinstance(stmt, Select):
        return session.scalars(stmt, params).one_or_none()
    if cast(CursorResult[Any], core(session, stmt, params)).rowcount != 1:
        return None
    session.connection().execute(_RECORD, {name: params[name] for name in _EVENT_COLUMNS})
    return session.scalars(_READ_BACK, {"contact_id": params["contact_id"]}).one()


class IllegalTransition(Exception):
    pass


def _check(from_state: ContactState | None, to_state: ContactState, reason: str) -> None:
    if reason not in TRANSITIONS.get((from_state, to_state), frozenset()):
        raise IllegalTransition(f"{from_state} -> {to_state} ({reason})")


def record(
    session: Session, contact: Contact, from_state: ContactState | None, actor_id: int | None, reason: str
) -> None:
    """Append the event row for a transition of `contact` (whose row exists) into its current state."""
    to_state = ContactState(contact.state)
    _check(from_state, to_state, reason)
    session.connection().execute(_RECORD, _event(contact.id, from_state, to_state, actor_id, reason))


def _event(contact_id: int, from_state: ContactState | None, to_state: ContactState, actor_id: int | None,
           reason: str) -> dict[str, Any]:  # fmt: skip
    return dict(zip(_EVENT_COLUMNS, (contact_id, from_state, to_state, actor_id, reason, utcnow()), strict=True))


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

    Returns the refreshed contact when this call made the transition, None when it did not.
    The UPDATE is a Core one: the ORM's bulk-update bookkeeping is not needed, as the contact
    is read back (in the same statement on PostgreSQL)."""
    _check(from_state, to_state, reason)
    new = {"state": to_state, **(values or {})}
    one_statement = on_postgresql(session)
    stmt = (_moving if guard is not None else _unguarded)(tuple(new), guard, one_statement)
    params = {**_event(contact_id, from_state, to_state, actor_id, reason), **{f"new_{k}": v for k, v in new.items()}}
    contact = _moved(session, stmt, params)
    if contact is not None:
        # The session holds its objects weakly: keep the contact for the transaction, so that what the
        # caller reads next (the thread a claim acknowledges) finds it, its number and navigator loaded.
        session.info.setdefault(_MOVED_KEY, []).append(contact)
    return contact
