"""The Ohana sample's files that hang on its locations and services (addresses, mail addresses,
phones, regular schedules) and its accessibility keywords, apart from app.directory.ohana so each
module stays readable. A row naming a parent that was not imported is refused (RowProblem), never
left to the database to reject."""

from __future__ import annotations

from app.directory.details import Accessibility, LocationAddress, Phone
from app.directory.importing import Record, Store
from app.directory.mapping import byday, clock, listed, short, slug, weekly
from app.directory.models import Location, Organization, Service
from app.directory.source_rows import Fields, RowProblem
from app.models.base import Base

PREFIX = "ohana"
# Ohana's number types as HSDS 3.1's phone types; a hotline is a voice line.
PHONE_TYPES = {"voice": "voice", "fax": "fax", "hotline": "voice", "sms": "text", "tty": "textphone"}
# Ohana's accessibility keywords, described in English and French.
ACCESSIBILITY = {
    "cd": ("Information on CD", "Information sur CD"),
    "deaf_interpreter": ("Interpreter for deaf people", "Interprète pour personnes sourdes"),
    "disabled_parking": ("Accessible parking", "Stationnement accessible"),
    "elevator": ("Elevator", "Ascenseur"),
    "ramp": ("Ramp", "Rampe d'accès"),
    "restroom": ("Accessible restroom", "Toilettes accessibles"),
    "tape_braille": ("Information on tape or in Braille", "Information sur cassette ou en braille"),
    "tty": ("TTY", "ATS"),
    "wheelchair": ("Wheelchair accessible", "Accessible en fauteuil roulant"),
    "wheelchair_van": ("Wheelchair van", "Fourgonnette pour fauteuils roulants"),
}
_PARENTS: dict[str, tuple[type[Base], str]] = {
    "organization_id": (Organization, "organization"),
    "location_id": (Location, "location"),
    "service_id": (Service, "service"),
}


def ohana_id(table: str, source_id: str) -> str:
    """Ohana numbers each table's rows from 1, so the id says which table: `ohana:location:3`."""
    return f"{PREFIX}:{table}:{source_id}"


def parent(fields: Fields, store: Store, column: str) -> str | None:
    """The id of the record `column` names, if it names one."""
    source_id = fields.text(column)
    return None if source_id is None else imported(store, column, source_id)


def imported(store: Store, column: str, source_id: str) -> str:
    """The id of the record `column` names, which must have been imported."""
    model, table = _PARENTS[column]
    if not store.exists(model, ohana_id(table, source_id)):
        raise RowProblem(column, f"names {table} {source_id}, which is not in the directory")
    return ohana_id(table, source_id)


def parents(fields: Fields, store: Store, *columns: str) -> dict[str, str | None]:
    """The parents a row names; it must name one."""
    found = {column: parent(fields, store, column) for column in columns}
    if not any(found.values()):
        raise RowProblem(columns[0], f"is required (or {' or '.join(columns[1:])})")
    return found


def address(fields: Fields, store: Store) -> list[Record]:
    return [_address(fields, store, "address", "physical")]


def mail_address(fields: Fields, store: Store) -> list[Record]:
    return [_address(fields, store, "mail-address", "postal")]


def _address(fields: Fields, store: Store, table: str, kind: str) -> Record:
    values = {
        "id": ohana_id(table, fields.required("id")),
        "location_id": imported(store, "location_id", fields.required("location_id")),
        "attention": fields.text("attention"),
        "address_1": fields.required("address_1"),
        "address_2": fields.text("address_2"),
        "city": fields.required("city"),
        "state_province": fields.required("state_province"),
        "postal_code": short(fields, "postal_code", 20, required=True),
        "country": short(fields, "country", 2, required=True),
        "address_type": kind,
    }
    return LocationAddress, values


def phone(fields: Fields, store: Store) -> list[Record]:
    """A phone of a location, service or organization. Contacts are not kept in the directory,
    so a phone that only a contact has is refused, saying so."""
    if fields.text("contact_id") and not any(fields.text(column) for column in _PARENTS):
        raise RowProblem("contact_id", "contacts are not imported, and this phone belongs only to one")
    values = {
        "id": ohana_id("phone", fields.required("id")),
        **parents(fields, store, "location_id", "service_id", "organization_id"),
        "number": short(fields, "number", 60, required=True),
        "extension": short(fields, "extension", 20),
        "type": PHONE_TYPES.get((fields.text("number_type") or "").casefold()),
        "description": fields.text("department"),
    }
    return [(Phone, values)]


def regular_schedule(fields: Fields, store: Store) -> list[Record]:
    """A weekday's opening hours (`Monday` or 1 .. 7) at a location or for a service."""
    day = byday(fields.required("weekday"))
    if day is None:
        raise RowProblem("weekday", "is not a day of the week")
    links = parents(fields, store, "location_id", "service_id")
    opens_at, closes_at = _time(fields, "opens_at"), _time(fields, "closes_at")
    return [weekly(ohana_id("schedule", fields.required("id")), day, opens_at, closes_at, **links)]


def _time(fields: Fields, name: str) -> str:
    """`08:00`, `4:00 PM` and `3pm` as `HH:MM`."""
    value = clock(fields.required(name))
    if value is None:
        raise RowProblem(name, "is not a time of day")
    return value


def accessibility(fields: Fields, location_id: str) -> list[Record]:
    """A record per keyword in `accessibility` (`ramp, restroom`); an unknown one is kept as given."""
    records: list[Record] = []
    for keyword in listed(fields.text("accessibility")):
        english, french = ACCESSIBILITY.get(keyword.casefold(), (keyword, None))
        described = {"description": english, "description_fr": french, "details": keyword}
        record_id = f"{location_id}:accessibility:{slug(keyword)}"
        records.append((Accessibility, {"id": record_id, "location_id": location_id, **described}))
    return records
