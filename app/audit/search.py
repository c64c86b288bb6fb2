"""Searching the audit trail: by person (who acted, or whose account was acted upon), by contact
(the resident's: every contact of the same resident, which answers "who looked at this
resident's record?"), by action and by local days. Newest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session, aliased

from app.audit.service import ACTIONS
from app.domain import MAX_ID, digits
from app.errors import InvalidRequest
from app.models import AuditEntry, Contact, StaffUser
from app.reports import periods
from app.reports.periods import Period

_ACTOR, _SUBJECT = aliased(StaffUser), aliased(StaffUser)


@dataclass(frozen=True)
class Filters:
    period: Period
    staff_id: int | None = None
    contact_id: int | None = None
    action: str | None = None

    @classmethod
    def parse(cls, args: Mapping[str, str], zone: str, today: date) -> Filters:
        """`from` and `to` (local days; the fiscal year to date without them), `staff`, `contact`
        (ids) and `action`; anything else is a clear 400."""
        action = args.get("action") or None
        if action is not None and action not in ACTIONS:
            raise InvalidRequest(_("action must be one of: %(actions)s.", actions=", ".join(ACTIONS)))
        period = periods.asked({k: args[k] for k in ("from", "to") if args.get(k)}, zone, today)
        return cls(period, _id(args, "staff"), _id(args, "contact"), action)

    def shown(self) -> dict[str, str]:
        asked = {"staff": self.staff_id, "contact": self.contact_id, "action": self.action}
        return {"from": self.period.first.isoformat(), "to": self.period.last.isoformat()} | {
            name: str(value) for name, value in asked.items() if value is not None
        }


def _id(args: Mapping[str, str], name: str) -> int | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    if not digits(text) or not 0 < int(text) <= MAX_ID:
        raise InvalidRequest(_("%(name)s must be an id (a whole number).", name=name))
    return int(text)


def _conditions(f: Filters) -> list[ColumnElement[bool]]:
    found = [AuditEntry.at >= f.period.start, AuditEntry.at < f.period.end]
    if f.staff_id is not None:
        found.append(or_(AuditEntry.staff_id == f.staff_id, AuditEntry.subject_staff_id == f.staff_id))
    if f.contact_id is not None:
        resident = select(Contact.resident_id).where(Contact.id == f.contact_id).scalar_subquery()
        theirs = select(Contact.id).where(Contact.resident_id == resident)
        found.append(or_(AuditEntry.contact_id == f.contact_id, AuditEntry.contact_id.in_(theirs)))
    if f.action is not None:
        found.append(AuditEntry.action == f.action)
    return found


def query(f: Filters) -> Select[Any]:
    """(entry, who acted, whose account) rows, newest first."""
    return (
        select(AuditEntry, _ACTOR.display_name, _SUBJECT.display_name)
        .outerjoin(_ACTOR, AuditEntry.staff_id == _ACTOR.id)
        .outerjoin(_SUBJECT, AuditEntry.subject_staff_id == _SUBJECT.id)
        .where(*_conditions(f))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def entries(session: Session, f: Filters, limit: int) -> list[dict[str, Any]]:
    return [_shown(entry, actor, subject) for entry, actor, subject in session.execute(query(f).limit(limit))]


def _shown(entry: AuditEntry, actor: str | None, subject: str | None) -> dict[str, Any]:
    return {
        "at": entry.at, "action": entry.action, "what": ACTIONS.get(entry.action, entry.action),
        "staff_id": entry.staff_id, "who": actor or "", "contact_id": entry.contact_id,
        "subject_staff_id": entry.subject_staff_id, "account": subject or "", "detail": entry.detail or "",
        "address": entry.address or "",
    }  # fmt: skip


def staff_choices(session: Session) -> dict[int, str]:
    return {row.id: row.display_name for row in session.execute(select(StaffUser.id, StaffUser.display_name))}
