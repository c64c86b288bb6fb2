"""Supervisors' review of flagged and turned-away contacts: the list to review (filtered by
channel, rule, verdict, review state and date), and the decisions on one contact — confirm, clear
or block its address. Every decision is a SpamDecision row (who, when, note), shown in the
contact's history (`record`, in `GET /api/contacts/<id>`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app import policy
from app.domain import known_id
from app.errors import InvalidRequest, NotFound
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.serializers import iso
from app.spam import blocklist, review_moves
from app.spam.models import SpamDecision
from app.spam.review_filters import Filters

LIMIT = 200  # the newest first; narrow the filters to see older ones
NOTE_MAX = 1000
DECISIONS = {"confirm": "confirmed", "clear": "cleared", "block": "blocked"}  # asked -> recorded


@dataclass(frozen=True)
class Decided:
    decision: SpamDecision
    contact: Contact
    moved: str | None  # "queued" (back in its place), "closed" (turned away), or None


def flagged(session: Session, filters: Filters, limit: int = LIMIT) -> list[Contact]:
    """The contacts to review, newest first, with their addresses loaded."""
    query = select(Contact).options(joinedload(Contact.address)).where(*filters.conditions())
    return list(session.scalars(query.order_by(Contact.created_at.desc(), Contact.id.desc()).limit(limit)))


def decisions_of(session: Session, contact_ids: list[int]) -> dict[int, list[SpamDecision]]:
    """Each contact's decisions, oldest first, with who took them."""
    found: dict[int, list[SpamDecision]] = {contact_id: [] for contact_id in contact_ids}
    if not contact_ids:
        return found
    query = select(SpamDecision).where(SpamDecision.contact_id.in_(contact_ids))
    query = query.options(joinedload(SpamDecision.decided_by)).order_by(SpamDecision.decided_at, SpamDecision.id)
    for row in session.scalars(query):
        found[row.contact_id].append(row)
    return found


def record(session: Session, contact: Contact) -> dict[str, Any]:
    """The contact's spam verdict and every review decision, as its history shows them."""
    decisions = decisions_of(session, [contact.id])[contact.id]
    return {
        "verdict": contact.spam_verdict, "score": contact.spam_score, "reasons": contact.spam_reasons or [],
        "review": contact.spam_review, "navigator_tag": contact.navigator_tag,
        "decisions": [{"decision": d.decision, "note": d.note, "by": d.decided_by.display_name,
                       "at": iso(d.decided_at)} for d in decisions],
    }  # fmt: skip


def decide(session: Session, actor: StaffUser, contact_id: int, decision: str, note: str = "") -> Decided:
    """Take `decision` (confirm, clear or block) on a contact, and record it. A refused one
    (a withheld number cannot be blocked, a note too long) raises and changes nothing."""
    policy.authorize(actor, "spam.review")
    if decision not in DECISIONS:
        raise InvalidRequest(_("The decision is one of %(decisions)s.", decisions=", ".join(DECISIONS)))
    if decision == "block":
        policy.authorize(actor, "spam.block")
    note = _note(note)
    contact = _contact(session, contact_id)
    if decision == "block":
        _block(session, actor, contact, note)
    if decision == "clear":
        moved = review_moves.clear(session, actor, contact)
    else:
        moved = review_moves.confirm(session, actor, contact, blocked=decision == "block")
    row = SpamDecision(contact_id=contact.id, decision=DECISIONS[decision], note=note, decided_by_id=actor.id,
                       decided_at=utcnow())  # fmt: skip
    session.add(row)
    session.flush()
    return Decided(row, contact, moved)


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidRequest(_("The note is at most %(limit)s characters.", limit=NOTE_MAX))
    if "\x00" in note:
        raise InvalidRequest(_("The note cannot hold a NUL character."))
    return note


def _contact(session: Session, contact_id: int) -> Contact:
    known_id(contact_id, "Contact")
    contact = session.get(Contact, contact_id, with_for_update=True, populate_existing=True)
    if contact is None:
        raise NotFound(_("Contact %(contact_id)s does not exist.", contact_id=contact_id))
    return contact


def _block(session: Session, actor: StaffUser, contact: Contact, note: str) -> None:
    """The contact's address on the block list, the note its reason."""
    if contact.address_id is None:
        raise InvalidRequest(_("This contact's number was withheld: there is no address to block."))
    blocklist.block(session, actor, contact.channel, contact.from_raw, note or f"Spam (contact {contact.id})")
