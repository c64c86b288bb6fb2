"""Complaints from the public form and from a contact, the supervisors' list, and the counts for
the funder's report (tracking one to its resolution: app.complaints.tracking). Services receive a
session; the views own the transaction and check the policy."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.complaints import fields
from app.complaints.models import (
    CHANNELS,
    CONTACT_DETAILS_MAX,
    LANGUAGES,
    NAME_MAX,
    OPEN,
    STATUSES,
    SUMMARY_MAX,
    Complaint,
)
from app.db import ports
from app.domain import Channel, known_id
from app.errors import InvalidRequest, NotFound
from app.models import StaffUser
from app.services import conversations

LIST_LIMIT = 200
STAFF_CHANNELS = tuple(c for c in CHANNELS if c != "web")  # `web` is the public form's
FROM_CONTACT: dict[str, str] = {Channel.VOICE: "phone", Channel.SMS: "sms", Channel.EMAIL: "email"}  # else `navigator`
FILTERS = ("open", "all", *STATUSES)


def submit(session: Session, data: Mapping[str, Any]) -> Complaint:
    """The public form: `summary` (required), `name`, `contact_details`, `language` (en, fr)."""
    complaint = Complaint(channel="web", language=fields.choice(data, "language", LANGUAGES), **_told(data))
    session.add(complaint)
    session.flush()
    return complaint


def log_from_contact(session: Session, actor: StaffUser, contact_id: int, data: Mapping[str, Any]) -> Complaint:
    """A navigator logs what a resident said on a contact they may read (need to know, audited: a
    refusal is the same 404 as a missing contact). The channel and language default to the
    contact's."""
    contact, _ = conversations.read_thread(session, actor, known_id(contact_id, "Contact"))
    told = _told(data)  # checked after the read, which must come before any write
    language = contact.language if contact.language in LANGUAGES else "en"
    complaint = Complaint(
        channel=fields.choice(data, "channel", STAFF_CHANNELS, FROM_CONTACT.get(contact.channel, "navigator")),
        language=fields.choice(data, "language", LANGUAGES, language),
        contact_id=contact.id, logged_by_id=actor.id, **told,
    )  # fmt: skip
    session.add(complaint)
    session.flush()
    return complaint


def _told(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the complainant told us: only what they chose to give besides the summary."""
    return {
        "summary": fields.text(data, "summary", SUMMARY_MAX, required=True),
        "name": fields.text(data, "name", NAME_MAX),
        "contact_details": fields.text(data, "contact_details", CONTACT_DETAILS_MAX),
    }


def listed(session: Session, status: str = "open", reference: int | None = None) -> list[Complaint]:
    """Oldest first (the most overdue on top), at most LIST_LIMIT; `status` is `open`, `all` or one."""
    if status not in FILTERS:
        raise InvalidRequest(_("status must be one of: %(filters)s.", filters=", ".join(FILTERS)))
    query = select(Complaint).options(selectinload(Complaint.owner)).order_by(Complaint.received_at, Complaint.id)
    if status == "open":
        query = query.where(Complaint.status.in_(OPEN))
    elif status != "all":
        query = query.where(Complaint.status == status)
    if reference is not None:
        query = query.where(Complaint.id == reference)
    return list(session.scalars(query.limit(LIST_LIMIT)))


def owners(session: Session) -> list[StaffUser]:
    """Who may own a complaint: every active staff member, by name."""
    return list(session.scalars(select(StaffUser).where(StaffUser.active).order_by(StaffUser.display_name)))


def get(session: Session, complaint_id: int, *, for_update: bool = False) -> Complaint:
    complaint = session.get(Complaint, known_id(complaint_id, "Complaint"), with_for_update=for_update)
    if complaint is None:
        raise NotFound(_("Complaint %(complaint_id)s does not exist.", complaint_id=complaint_id))
    return complaint


def count(session: Session, start: date | datetime, end: date | datetime) -> dict[str, int]:
    """For the funder's report, over [start, end) (a day is local midnight in TIME_ZONE; a month
    is `date(2026, 3, 1), date(2026, 4, 1)`): complaints received, resolved and withdrawn in the
    period, and those still open at its end (received before it, neither resolved nor withdrawn
    before it)."""
    zone = ZoneInfo(ports(session).config.TIME_ZONE)
    since, until = _instant(start, zone), _instant(end, zone)

    def within(column: Any) -> ColumnElement[bool]:
        return and_(column >= since, column < until)

    def later(column: Any) -> ColumnElement[bool]:
        return or_(column.is_(None), column >= until)

    open_at_end = and_(Complaint.received_at < until, later(Complaint.resolved_at), later(Complaint.withdrawn_at))
    counted = {"received": within(Complaint.received_at), "resolved": within(Complaint.resolved_at),
               "withdrawn": within(Complaint.withdrawn_at), "open_at_end": open_at_end}  # fmt: skip
    return {name: session.scalar(select(func.count(Complaint.id)).where(where)) or 0 for name, where in counted.items()}


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware datetimes or dates")
        return value
    return datetime.combine(value, time.min, zone)
