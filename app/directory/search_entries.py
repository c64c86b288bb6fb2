"""What a search index entry is made of: one service at a location, its text folded in English
and in French (the French falls back to the English where a record has no French, so a French
search finds every record), with its terms, place, languages, accessibility and weekly hours,
read from the HSDS tables (all of them, or only what some entries need)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.directory.details import Accessibility, Language, LocationAddress, Schedule
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.normalize import fold, fsa, weekdays
from app.directory.terms import Attribute, TaxonomyTerm


def _by(rows: Iterable[Any], key: str) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _minutes(clock: str | None) -> int | None:
    try:
        hours, minutes = (clock or "").split(":")[:2]
        return int(hours) * 60 + int(minutes)
    except ValueError:
        return None


def _slots(schedules: list[Schedule]) -> set[tuple[int, int, int]]:
    """Weekly (day, opens, closes) slots; of two opening at the same time, the longer."""
    closing: dict[tuple[int, int], int] = {}
    for schedule in schedules:
        opens, closes = _minutes(schedule.opens_at), _minutes(schedule.closes_at)
        if opens is None or closes is None or closes <= opens:
            continue
        for day in weekdays(schedule.byday):
            closing[day, opens] = max(closes, closing.get((day, opens), 0))
    return {(day, opens, closes) for (day, opens), closes in closing.items()}


class Tables:
    """Everything the entries of `links` are made of, read once, grouped by what it belongs to;
    every row of every table when `links` is None (the whole index)."""

    def __init__(self, session: Session, links: list[ServiceAtLocation] | None = None) -> None:
        def every(model: type[Any], *owners: tuple[Any, set[str]]) -> list[Any]:
            query = select(model)
            if links is not None:
                query = query.where(or_(*(column.in_(ids) for column, ids in owners)))
            return list(session.scalars(query))

        self.links = every(ServiceAtLocation) if links is None else links
        sids, lids = {link.service_id for link in self.links}, {link.location_id for link in self.links}
        self.services = {s.id: s for s in every(Service, (Service.id, sids))}
        owners = {s.organization_id for s in self.services.values() if s.organization_id}
        self.organizations = {o.id: o for o in every(Organization, (Organization.id, owners))}
        self.locations = {loc.id: loc for loc in every(Location, (Location.id, lids))}
        self.addresses = _by(every(LocationAddress, (LocationAddress.location_id, lids)), "location_id")
        languages = every(Language, (Language.service_id, sids), (Language.location_id, lids))
        self.languages = _by(languages, "service_id") | _by(languages, "location_id")
        self.accessible = {a.location_id for a in every(Accessibility, (Accessibility.location_id, lids))}
        schedules = every(Schedule, (Schedule.service_id, sids), (Schedule.location_id, lids))
        self.schedules = _by(schedules, "service_id") | _by(schedules, "location_id")
        self.attributes = _by(every(Attribute, (Attribute.link_id, sids | lids)), "link_id")
        coded = {a.taxonomy_term_id for rows in self.attributes.values() for a in rows}
        self.terms = {t.id: t for t in every(TaxonomyTerm, (TaxonomyTerm.id, coded))}


def _texts(t: Tables, link: ServiceAtLocation, term_ids: set[str]) -> tuple[str, str]:
    service, location = t.services[link.service_id], t.locations[link.location_id]
    organization = t.organizations.get(service.organization_id)
    records = [r for r in (service, organization, location) if r is not None]
    english = [getattr(r, f) for r in records for f in ("name", "alternate_name", "description")]
    french = [
        getattr(r, f + "_fr") or getattr(r, f) for r in records for f in ("name", "alternate_name", "description")
    ]
    cities = [a.city for a in t.addresses.get(location.id, [])]
    terms = [t.terms[i] for i in term_ids if i in t.terms]
    english += cities + [term.name for term in terms]
    french += cities + [term.name_fr or term.name for term in terms]
    return fold(" ".join(filter(None, english))), fold(" ".join(filter(None, french)))


def entry(t: Tables, key: int, link: ServiceAtLocation) -> tuple[dict, set[str], set[tuple[int, int, int]]]:
    """The index row of `link` under `key`, the terms it is coded to, its weekly opening slots."""
    service, location = t.services[link.service_id], t.locations[link.location_id]
    owners = (service.id, location.id)
    term_ids = {a.taxonomy_term_id for owner in owners for a in t.attributes.get(owner, [])}
    address = next(iter(t.addresses.get(location.id, [])), None)
    codes = {lang.code for owner in owners for lang in t.languages.get(owner, []) if lang.code}
    text_en, text_fr = _texts(t, link, term_ids)
    row = {
        "key": key, "id": link.id, "service_id": service.id, "location_id": location.id,
        "text_en": text_en, "text_fr": text_fr, "latitude": location.latitude, "longitude": location.longitude,
        "city_key": fold(address.city) if address else None, "fsa": fsa(address.postal_code) if address else None,
        "languages": f" {' '.join(sorted(codes))} ", "accessible": location.id in t.accessible,
        "active": service.status == "active",
    }  # fmt: skip
    slots = _slots([s for owner in owners for s in t.schedules.get(owner, [])])
    return row, term_ids, slots
