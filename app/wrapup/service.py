"""Recording a contact's wrap-up: the navigator who holds the contact (or a lead) sets its fields,
codes needs to taxonomy terms and refers to service locations; `missing` says what `close` still
needs (WRAPUP_REQUIRED). Every value is checked here, so a console or the API cannot store one
the reports would not understand."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import policy
from app.db import ports
from app.directory.terms import TaxonomyTerm
from app.errors import InvalidRequest, NotFound
from app.models import Contact, StaffUser
from app.models.base import utcnow
from app.wrapup import snapshot, vocabulary
from app.wrapup.fields import SETTERS
from app.wrapup.models import Need, Referral, WrapUp


def held(session: Session, actor: StaffUser, contact_id: int) -> Contact:
    """The contact, if `actor` may record its wrap-up (its holder, or a lead)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(policy.UNREADABLE)
    policy.authorize(actor, "contact.wrapup", contact)
    return contact


def record_of(session: Session, contact_id: int) -> WrapUp:
    return session.get(WrapUp, contact_id) or WrapUp(contact_id=contact_id, demographics={})


def update(session: Session, actor: StaffUser, contact_id: int, changes: dict[str, Any]) -> WrapUp:
    """Set the given fields (others unchanged). A mailing address only with consent to follow up by mail."""
    held(session, actor, contact_id)
    unknown = set(changes) - set(SETTERS)
    if unknown:
        raise InvalidRequest(_("Unknown wrap-up fields: %(unknown)s.", unknown=", ".join(sorted(unknown))))
    record = record_of(session, contact_id)
    for name, value in changes.items():
        setattr(record, name, SETTERS[name](value))
    if record.mailing_address and not (record.consent_follow_up and record.follow_up_method == "mail"):
        raise InvalidRequest(_("A mailing address is kept only when the resident asks for a follow-up by mail."))
    record.updated_by_id, record.updated_at = actor.id, utcnow()
    session.add(record)
    return record


def code_need(
    session: Session, actor: StaffUser, contact_id: int, term_id: str, status: str, reason: str | None
) -> Need:
    """Add or change a need (one per term): met, partially met or unmet, with a reason if not met."""
    held(session, actor, contact_id)
    if session.get(TaxonomyTerm, term_id) is None:
        raise NotFound(_("No taxonomy term %(term_id)s.", term_id=term_id))
    if status not in vocabulary.NEED_STATUSES:
        raise InvalidRequest(_("status is one of: %(choices)s.", choices=", ".join(vocabulary.NEED_STATUSES)))
    reasons = ports(session).config.WRAPUP_UNMET_REASONS.split(",")
    if (status != "met") != (reason in reasons):
        raise InvalidRequest(
            _("A need not met has a reason, one of: %(reasons)s; a met need has none.", reasons=", ".join(reasons))
        )
    need = session.scalars(select(Need).where(Need.contact_id == contact_id, Need.term_id == term_id)).first()
    need = need or Need(contact_id=contact_id, term_id=term_id, created_by_id=actor.id)
    need.status, need.unmet_reason = status, reason
    session.add(need)
    session.flush()
    return need


def refer(session: Session, actor: StaffUser, contact_id: int, service_at_location_id: str, kind: str) -> Referral:
    held(session, actor, contact_id)
    if kind not in vocabulary.REFERRAL_KINDS:
        raise InvalidRequest(_("kind is one of: %(choices)s.", choices=", ".join(vocabulary.REFERRAL_KINDS)))
    referral = Referral(
        contact_id=contact_id, kind=kind, created_by_id=actor.id, **snapshot.of(session, service_at_location_id)
    )
    session.add(referral)
    session.flush()
    return referral


def remove(
    session: Session, actor: StaffUser, contact_id: int, model: type[Need] | type[Referral], item_id: int
) -> None:
    held(session, actor, contact_id)
    removed = session.execute(delete(model).where(model.id == item_id, model.contact_id == contact_id))
    if not removed.rowcount:  # type: ignore[attr-defined]
        raise NotFound(_("No such item %(item_id)s on this contact.", item_id=item_id))


def missing(session: Session, contact: Contact) -> list[str]:
    """What WRAPUP_REQUIRED asks for and the record lacks ("needs": one, unless not I&R)."""
    required = [name for name in ports(session).config.WRAPUP_REQUIRED.split(",") if name.strip()]
    record = record_of(session, contact.id)
    lacking = [name for name in required if name != "needs" and getattr(record, name.strip()) is None]
    if (
        "needs" in required
        and record.contact_type not in vocabulary.NON_I_AND_R
        and not _has_needs(session, contact.id)
    ):
        lacking.append("needs")
    return lacking


def _has_needs(session: Session, contact_id: int) -> bool:
    return session.scalar(select(Need.id).where(Need.contact_id == contact_id).limit(1)) is not None
