"""Supervisors' tracking of a complaint to its resolution: owner, status, notes and outcome. Each
change of owner or status is also a note (`kind`), so the trail says who did what and when."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.complaints import fields
from app.complaints.models import (
    ACKNOWLEDGED,
    OPEN,
    RESOLVED,
    STATUSES,
    SUMMARY_MAX,
    TRANSITIONS,
    WITHDRAWN,
    Complaint,
    ComplaintNote,
)
from app.complaints.service import get
from app.domain import known_id
from app.errors import InvalidRequest, InvalidState
from app.models import StaffUser
from app.models.base import utcnow


def notes(session: Session, complaint_id: int) -> list[ComplaintNote]:
    query = select(ComplaintNote).options(selectinload(ComplaintNote.author))
    return list(session.scalars(query.where(ComplaintNote.complaint_id == complaint_id).order_by(ComplaintNote.id)))


def add_note(session: Session, actor: StaffUser, complaint_id: int, body: object, kind: str = "note") -> ComplaintNote:
    """Notes are allowed on a closed complaint too: a follow-up after the outcome belongs there."""
    text = fields.text({"note": body}, "note", SUMMARY_MAX, required=True) or ""
    note = ComplaintNote(complaint_id=get(session, complaint_id).id, author_id=actor.id, kind=kind, body=text)
    session.add(note)
    session.flush()
    return note


def assign(session: Session, actor: StaffUser, complaint_id: int, owner_id: int | None) -> Complaint:
    """Give the complaint to an active staff member (None: to nobody) while it is open."""
    complaint = _open(session, complaint_id)
    owner = session.get(StaffUser, known_id(owner_id, "Staff member")) if owner_id is not None else None
    if owner_id is not None and (owner is None or not owner.active):
        raise InvalidRequest(_("The owner must be an active staff member."))
    if complaint.owner_id != owner_id:
        complaint.owner_id = owner_id
        add_note(session, actor, complaint.id, f"Owner: {owner.display_name if owner else 'nobody'}.", "owner")
    return complaint


def change_status(
    session: Session, actor: StaffUser, complaint_id: int, status: str, outcome: object = None
) -> Complaint:
    """Only the moves of TRANSITIONS; acknowledging, resolving (with its outcome) and withdrawing
    record when. The row is locked, so two supervisors cannot both move it."""
    complaint = get(session, complaint_id, for_update=True)
    if status not in STATUSES:
        raise InvalidRequest(_("status must be one of: %(statuses)s.", statuses=", ".join(STATUSES)))
    if status not in TRANSITIONS[complaint.status]:
        allowed = ", ".join(map(_named, TRANSITIONS[complaint.status])) or _("none: it is closed")
        was, asked = _named(complaint.status), _named(status)
        raise InvalidState(
            _(
                "A complaint %(status)s cannot become %(status2)s (allowed: %(allowed)s).",
                status=was,
                status2=asked,
                allowed=allowed,
            )
        )
    text = fields.text({"outcome": outcome}, "outcome", SUMMARY_MAX, required=status == RESOLVED)
    now = utcnow()
    complaint.status = status
    if status == ACKNOWLEDGED:
        complaint.acknowledged_at = now
    elif status == RESOLVED:
        complaint.resolved_at, complaint.outcome = now, text
    elif status == WITHDRAWN:
        complaint.withdrawn_at, complaint.outcome = now, text  # why, when they said
    add_note(session, actor, complaint.id, f"Status: {status}." + (f" Outcome: {text}" if text else ""), "status")
    return complaint


def resolve(session: Session, actor: StaffUser, complaint_id: int, outcome: object) -> Complaint:
    return change_status(session, actor, complaint_id, RESOLVED, outcome)


def _open(session: Session, complaint_id: int) -> Complaint:
    complaint = get(session, complaint_id, for_update=True)
    if complaint.status not in OPEN:
        raise InvalidState(_("This complaint is %(status)s: it is closed.", status=_named(complaint.status)))
    return complaint


def _named(status: str) -> str:
    """A status as a refusal names it: its code in English, in words in French."""
    return {
        "received": pgettext("a complaint", "received"), "acknowledged": pgettext("a complaint", "acknowledged"),
        "investigating": pgettext("a complaint", "investigating"), "resolved": pgettext("a complaint", "resolved"),
        "withdrawn": pgettext("a complaint", "withdrawn"),
    }.get(status, status)  # fmt: skip
