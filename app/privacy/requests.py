"""A resident's request to have their information erased, carried out by an administrator: every
contact of the resident erased at once (app.privacy.erase) and their addresses replaced by tokens,
with the administrator's reason in the audit trail beside each contact. Refused while something
still needs the information: a contact not closed yet, an open follow-up or an open complaint
(docs/privacy.md)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.complaints.models import OPEN as OPEN_COMPLAINT
from app.complaints.models import Complaint, reference
from app.domain import ContactState, known_id
from app.errors import InvalidRequest, InvalidState, NotFound
from app.models import Address, Contact, Resident
from app.privacy import erase
from app.privacy.holdings import contacts_of
from app.wrapup.models import FollowUp

REASON_MIN, REASON_MAX = 10, 150  # the reason goes into the audit trail's detail (200 characters)
CONFIRMATION = "ERASE"


def erase_resident(session: Session, resident_id: int, actor_id: int, reason: str, confirmation: str) -> int:
    """Erase everything personal held about the resident; returns how many contacts were erased
    now (0 when a first request already did)."""
    why = _reason(reason, confirmation)
    if session.get(Resident, known_id(resident_id, "Resident")) is None:
        raise NotFound(_("No such resident."))
    ids = list(session.scalars(select(Contact.id).where(contacts_of(resident_id)).with_for_update(of=Contact)))
    _refuse_while_needed(session, ids)
    fresh = list(session.scalars(select(Contact.id).where(Contact.id.in_(ids), Contact.erased_at.is_(None))))
    erase.contacts(session, fresh)
    erase.addresses(session, _addresses(resident_id))
    audit.record_each(session, "privacy.erased", actor_id, fresh, f"on request: {why}")
    return len(fresh)


def _reason(reason: str, confirmation: str) -> str:
    if "\x00" in reason:
        raise InvalidRequest(_("The reason cannot hold a NUL character."))
    why = " ".join(reason.split())
    if not REASON_MIN <= len(why) <= REASON_MAX:
        raise InvalidRequest(
            _(
                "Give the reason in %(least)s to %(most)s characters (no personal information).",
                least=REASON_MIN,
                most=REASON_MAX,
            )
        )
    if confirmation.strip() != CONFIRMATION:
        raise InvalidRequest(_("Type %(word)s to confirm: erasing cannot be undone.", word=CONFIRMATION))
    return why


def _refuse_while_needed(session: Session, ids: list[int]) -> None:
    """What still needs the information: each of these must close first."""
    ongoing = select(Contact.id).where(Contact.id.in_(ids), Contact.state != ContactState.CLOSED)
    follow_ups = select(FollowUp.contact_id).where(FollowUp.contact_id.in_(ids), FollowUp.closed_at.is_(None))
    complaints = select(Complaint.id).where(Complaint.contact_id.in_(ids), Complaint.status.in_(OPEN_COMPLAINT))
    needed = [
        *(f"contact {n} is not closed" for n in session.scalars(ongoing)),
        *(f"contact {n} has an open follow-up" for n in session.scalars(follow_ups)),
        *(f"complaint {reference(n)} is open" for n in session.scalars(complaints)),
    ]
    if needed:
        raise InvalidState(_("Not erased: %(value)s. Close them first, then erase.", value="; ".join(needed)))


def _addresses(resident_id: int) -> Select[tuple[int]]:
    return select(Address.id).where(Address.resident_id == resident_id)
