"""What a search hit shows (in the language asked, French falling back to English): the service
and its organization, where it is offered, how to reach it, languages, accessibility, distance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.details import LocationAddress, Phone
from app.directory.models import Location, Organization, Service
from app.directory.search import Hit
from app.directory.search_models import SearchEntry


def _say(record: Any, name: str, language: str) -> str | None:
    english = getattr(record, name, None)
    return (getattr(record, f"{name}_fr", None) or english) if language == "fr" else english


class _Records:
    """Everything a page of hits shows, read in one query per table."""

    def __init__(self, session: Session, hits: list[Hit]) -> None:
        def by_id(model: type[Any], ids: set[str]) -> dict[str, Any]:
            return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}

        keys = [hit.key for hit in hits]
        self.entries = {e.key: e for e in session.scalars(select(SearchEntry).where(SearchEntry.key.in_(keys)))}
        service_ids = {e.service_id for e in self.entries.values()}
        location_ids = {e.location_id for e in self.entries.values()}
        self.services, self.locations = by_id(Service, service_ids), by_id(Location, location_ids)
        self.organizations = by_id(Organization, {s.organization_id for s in self.services.values()})
        self.addresses = _firsts(session, LocationAddress.location_id, location_ids)
        self.service_phones = _firsts(session, Phone.service_id, service_ids)
        self.location_phones = _firsts(session, Phone.location_id, location_ids)


def _firsts(session: Session, column: Any, owners: set[str]) -> dict[str, Any]:
    """Each owner's first row, in the order the table holds them."""
    firsts: dict[str, Any] = {}
    for row in session.scalars(select(column.class_).where(column.in_(owners))):
        firsts.setdefault(getattr(row, column.key), row)
    return firsts


def results(session: Session, hits: list[Hit], language: str) -> list[dict[str, Any]]:
    """What each hit shows, in the order of the hits."""
    if not hits:
        return []
    records = _Records(session, hits)
    return [_result(records, hit, language) for hit in hits]


def _result(records: _Records, hit: Hit, language: str) -> dict[str, Any]:
    entry = records.entries[hit.key]
    service, location = records.services.get(entry.service_id), records.locations.get(entry.location_id)
    organization = records.organizations.get(service.organization_id) if service else None
    address = records.addresses.get(entry.location_id)
    phone = records.service_phones.get(entry.service_id) or records.location_phones.get(entry.location_id)
    return {
        "service_at_location_id": entry.id,
        "service": {"id": entry.service_id, **_named(service, language)},
        "organization": {"id": organization.id, "name": _say(organization, "name", language)} if organization else None,
        "location": {
            "id": entry.location_id, "name": _say(location, "name", language),
            "latitude": entry.latitude, "longitude": entry.longitude,
            "address": _address(address, language),
        },
        "phone": phone.number if phone else None,
        "languages": entry.languages.split(),
        "accessible": entry.accessible,
        "distance_km": round(hit.distance_km, 1) if hit.distance_km is not None else None,
        "rank": round(hit.rank, 4),
    }  # fmt: skip


def _named(record: Any, language: str) -> dict[str, Any]:
    return {"name": _say(record, "name", language), "description": _say(record, "description", language)}


def _address(address: LocationAddress | None, language: str) -> dict[str, Any] | None:
    if address is None:
        return None
    line = _say(address, "address_1", language)
    return {
        "address_1": line,
        "city": address.city,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
    }
