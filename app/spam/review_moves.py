"""What a review decision does to the contact itself. Cleared, a text turned away goes back to the
queue at its original place (its `queued_at` is kept) when it is still live: no other contact of
the resident's is open on that channel (a new text opened one). A call is never put back: the
caller has hung up. Confirmed, a text still waiting is turned away as `judge` would have done.
Consoles hear what changed; the state machine records who moved it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import events
from app.domain import Channel, ContactState
from app.models import Contact, StaffUser
from app.models.base import Base, utcnow
from app.services import states
from app.spam.scoring import BLOCKED, CLEAN, SPAM, TURNED_AWAY

_CONTACTS = Base.metadata.tables["contact"]
SHOWN = (ContactState.QUEUED, ContactState.CLAIMED)  # the contacts a console shows


def confirm(session: Session, actor: StaffUser, contact: Contact, *, blocked: bool = False) -> str | None:
    """Spam (blocked when its address was just blocked); a suspect verdict becomes spam. A text
    in the queue is turned away (closed); a contact a navigator holds is left to them."""
    verdict = BLOCKED if blocked else contact.spam_verdict if contact.spam_verdict in TURNED_AWAY else SPAM
    contact.spam_review, contact.spam_verdict = "confirmed", verdict
    if contact.state == ContactState.QUEUED and contact.channel != Channel.VOICE:
        values = {"outcome": verdict, "closed_at": utcnow()}
        moved = states.move(session, contact.id, from_state=ContactState.QUEUED, to_state=ContactState.CLOSED,
                            reason=verdict, actor_id=actor.id, values=values)  # fmt: skip
        if moved is not None:
            events.contact_changed(session, "contact_closed", moved, reason=verdict)
            return "closed"
    _announce(session, contact)
    return None


def clear(session: Session, actor: StaffUser, contact: Contact) -> str | None:
    """Clean: it counts again. Turned away and still live, it is back in the queue."""
    contact.spam_review, contact.spam_verdict = "cleared", CLEAN
    if not _turned_away(contact):
        _announce(session, contact)
        return None
    values = {"outcome": None, "closed_at": None}  # queued_at kept: its original place
    session.flush()  # the verdict stays, whatever the savepoint below does
    try:
        with session.begin_nested():  # a text that opened a new contact just now wins the one open slot
            moved = states.move(session, contact.id, from_state=ContactState.CLOSED, to_state=ContactState.QUEUED,
                                reason="spam_cleared", actor_id=actor.id, guard=_none_open(contact),
                                values=values)  # fmt: skip
    except IntegrityError:
        moved = None
    if moved is None:
        return None
    events.contact_changed(session, "contact_queued", moved)
    return "queued"


def _turned_away(contact: Contact) -> bool:
    closed = contact.state == ContactState.CLOSED and contact.outcome in TURNED_AWAY
    return closed and contact.channel != Channel.VOICE


def _none_open(contact: Contact) -> ColumnElement[bool] | None:
    """No other contact of this address and channel is open (at most one may be)."""
    if contact.address_id is None:
        return None
    other = _CONTACTS.alias("other")
    open_one = select(other.c.id).where(
        other.c.channel == contact.channel, other.c.address_id == contact.address_id,
        other.c.state != ContactState.CLOSED, other.c.id != contact.id,
    )  # fmt: skip
    return ~open_one.exists()


def _announce(session: Session, contact: Contact) -> None:
    """A contact the consoles show changes its marker (suspect, or no longer)."""
    if contact.state in SHOWN:
        events.contact_changed(session, "contact_updated", contact)
