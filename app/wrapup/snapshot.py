"""What a referral keeps of the service it points to, as the resident was told it: name, phone,
address and hours in English and French. Short enough that a text of it fits two SMS segments."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.directory.details import LocationAddress, Phone, Schedule
from app.directory.models import Location, Service, ServiceAtLocation
from app.directory.normalize import weekdays
from app.errors import NotFound

DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
}


def of(session: Session, service_at_location_id: str) -> dict[str, Any]:
    link = session.get(ServiceAtLocation, service_at_location_id)
    if link is None:
        raise NotFound(_("No service location %(id)s in the directory.", id=service_at_location_id))
    service, location = session.get(Service, link.service_id), session.get(Location, link.location_id)
    assert service is not None and location is not None
    owners = [service.id, location.id]
    schedules = list(
        session.scalars(select(Schedule).where(or_(Schedule.service_id.in_(owners), Schedule.location_id.in_(owners))))
    )
    return {
        "service_at_location_id": link.id,
        "name": service.name,
        "name_fr": service.name_fr,
        "phone": _phone(session, owners),
        "address": _address(session, location.id),
        "hours": hours(schedules, "en"),
        "hours_fr": hours(schedules, "fr"),
    }


def _phone(session: Session, owners: list[str]) -> str | None:
    query = (
        select(Phone.number).where(or_(Phone.service_id.in_(owners), Phone.location_id.in_(owners))).order_by(Phone.id)
    )
    return session.scalars(query.limit(1)).first()


def _address(session: Session, location_id: str) -> str | None:
    address = session.scalars(
        select(LocationAddress).where(LocationAddress.location_id == location_id).limit(1)
    ).first()
    return f"{address.address_1}, {address.city}" if address else None


def hours(schedules: list[Schedule], language: str) -> str | None:
    """`Mon 08:00-18:00, Tue ...`, each day once, in week order."""
    slots = sorted(
        {(day, s.opens_at, s.closes_at) for s in schedules for day in weekdays(s.byday) if s.opens_at and s.closes_at}
    )
    names = DAY_NAMES[language]
    return ", ".join(f"{names[day]} {opens}-{closes}" for day, opens, closes in slots) or None
