"""The wrap-up as the console and `GET /api/contacts/<id>` show it, with what `close` still needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import serializers
from app.directory.terms import TaxonomyTerm
from app.models import Contact
from app.wrapup import service
from app.wrapup.models import FollowUp, Need, Referral

RECORD_FIELDS = (
    "contact_type",
    "inquirer",
    "area",
    "demographics",
    "consent_follow_up",
    "follow_up_method",
    "mailing_address",
    "notes",
)


def full(session: Session, contact: Contact) -> dict[str, Any]:
    record = service.record_of(session, contact.id)
    return {
        **{name: getattr(record, name) for name in RECORD_FIELDS},
        "needs": [_need(session, need) for need in _of(session, Need, contact.id)],
        "referrals": [_referral(referral) for referral in _of(session, Referral, contact.id)],
        "follow_ups": [_follow_up(f) for f in _of(session, FollowUp, contact.id)],
        "missing": service.missing(session, contact),
    }


def _of(session: Session, model: type[Any], contact_id: int) -> list[Any]:
    return list(session.scalars(select(model).where(model.contact_id == contact_id).order_by(model.id)))


def _need(session: Session, need: Need) -> dict[str, Any]:
    term = session.get(TaxonomyTerm, need.term_id)
    names = {"name": term.name, "name_fr": term.name_fr, "code": term.code} if term else {}
    statuses = {"status": need.status, "unmet_reason": need.unmet_reason, "final_status": need.final_status}
    return {"id": need.id, "term_id": need.term_id, **names, **statuses}


def _referral(referral: Referral) -> dict[str, Any]:
    kept = ("service_at_location_id", "kind", "name", "name_fr", "phone", "address", "hours", "hours_fr")
    return {
        "id": referral.id,
        **{name: getattr(referral, name) for name in kept},
        "created_at": serializers.iso(referral.created_at),
        "sent": referral.sent_message_id is not None,
    }


def _follow_up(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "id": follow_up.id,
        "due_on": follow_up.due_on.isoformat(),
        "assignee_id": follow_up.assignee_id,
        "outcome": follow_up.outcome,
    }
