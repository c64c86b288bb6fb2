"""What HSDS 3.1 hangs on the core objects: addresses, phones, schedules, languages of service,
service areas and accessibility. Same conventions as app.directory.models: `hsds_` tables,
source ids, `<field>_fr` twins."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.directory.models import Id
from app.models.base import Base

_LOCATION = "hsds_location.id"
_SERVICE = "hsds_service.id"


class LocationAddress(Base):
    """A location's address (HSDS `address`; `app.models.Address` is a resident's)."""

    __tablename__ = "hsds_address"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey(_LOCATION), index=True)
    attention: Mapped[str | None] = mapped_column(Text)
    address_1: Mapped[str] = mapped_column(Text)
    address_1_fr: Mapped[str | None] = mapped_column(Text)
    address_2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    state_province: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    address_type: Mapped[str] = mapped_column(String(20), default="physical")


class Phone(Base):
    __tablename__ = "hsds_phone"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey(_LOCATION), index=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey(_SERVICE), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("hsds_organization.id"))
    contact_id: Mapped[str | None] = mapped_column(Id)
    service_at_location_id: Mapped[str | None] = mapped_column(Id)
    number: Mapped[str] = mapped_column(String(60))
    extension: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)


class Schedule(Base):
    """Opening hours as HSDS (RFC 5545 recurrence fields); a weekly slot is freq WEEKLY, byday
    and opens_at/closes_at."""

    __tablename__ = "hsds_schedule"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey(_SERVICE), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey(_LOCATION), index=True)
    service_at_location_id: Mapped[str | None] = mapped_column(Id)
    valid_from: Mapped[str | None] = mapped_column(String(30))
    valid_to: Mapped[str | None] = mapped_column(String(30))
    dtstart: Mapped[str | None] = mapped_column(String(30))
    timezone: Mapped[str | None] = mapped_column(String(60))
    until: Mapped[str | None] = mapped_column(String(30))
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(60))
    byweekno: Mapped[str | None] = mapped_column(String(60))
    bymonthday: Mapped[str | None] = mapped_column(String(60))
    byyearday: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[str | None] = mapped_column(String(10))
    closes_at: Mapped[str | None] = mapped_column(String(10))
    schedule_link: Mapped[str | None] = mapped_column(Text)
    attending_type: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    notes_fr: Mapped[str | None] = mapped_column(Text)


class Language(Base):
    """A language a service, location or phone line is offered in (ISO 639 `code`)."""

    __tablename__ = "hsds_language"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey(_SERVICE), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey(_LOCATION), index=True)
    phone_id: Mapped[str | None] = mapped_column(Id)
    name: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class ServiceArea(Base):
    __tablename__ = "hsds_service_area"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey(_SERVICE), index=True)
    service_at_location_id: Mapped[str | None] = mapped_column(Id)
    name: Mapped[str | None] = mapped_column(Text)
    name_fr: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(20))
    uri: Mapped[str | None] = mapped_column(Text)


class Accessibility(Base):
    __tablename__ = "hsds_accessibility"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey(_LOCATION), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
