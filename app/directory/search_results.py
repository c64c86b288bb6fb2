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


def _first(session: Session, model: type[Any], **where: str) -> Any:
    column, value = next(iter(where.items()))
    return session.scalars(select(model).where(getattr(model, column) == value).limit(1)).first()


def result(session: Session, hit: Hit, language: str) -> dict[str, Any]:
    entry = session.get(SearchEntry, hit.key)
    assert entry is not None
    service, location = session.get(Service, entry.service_id), session.get(Location, entry.location_id)
    organization = session.get(Organization, service.organization_id) if service else None
    address = _first(session, LocationAddress, location_id=entry.location_id)
    phone = _first(session, Phone, service_id=entry.service_id) or _first(session, Phone, location_id=entry.location_id)
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
