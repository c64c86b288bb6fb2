"""Rebuilding the search index from the HSDS tables, after every import: one entry per service
at a location, its text folded (accents removed, lower case) in English and in French (the French
falls back to the English where a record has no French, so a French search finds every record),
with its terms, place, languages, accessibility and weekly hours."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from app.directory.details import Accessibility, Language, LocationAddress, Schedule
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.search_models import SearchEntry, SearchHours, SearchTerm
from app.directory.terms import Attribute, TaxonomyTerm

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# PostgreSQL keeps each entry's text-search vectors (migration 0011): ranking reads them.
VECTORS = "hsds_search_fts_vector"
VECTOR_EN, VECTOR_FR = "to_tsvector('english', text_en)", "to_tsvector('french', text_fr)"


def fold(value: str | None) -> str:
    """`Lôgement` -> `logement`: what both databases' text search and the filters compare."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fsa(postal_code: str | None) -> str | None:
    """A Canadian postal code's forward sortation area (`K1A 0B1` -> `K1A`)."""
    compact = (postal_code or "").replace(" ", "").upper()
    return compact[:3] if len(compact) >= 3 else None


def _by(rows: Iterable[Any], key: str) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def weekdays(byday: str | None) -> list[int]:
    """An HSDS `byday` (`MO,TU` or RFC 5545's `1MO`) as day numbers, 0 for Monday."""
    codes = (d.strip().upper()[-2:] for d in (byday or "").split(","))
    return [DAYS.index(code) for code in codes if code in DAYS]


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


class _Tables:
    """Everything an entry is made of, read once, grouped by what it belongs to."""

    def __init__(self, session: Session) -> None:
        def every(model: type[Any]) -> list[Any]:
            return list(session.scalars(select(model)))

        self.services = {s.id: s for s in every(Service)}
        self.organizations = {o.id: o for o in every(Organization)}
        self.locations = {loc.id: loc for loc in every(Location)}
        self.addresses = _by(every(LocationAddress), "location_id")
        self.languages = _by(every(Language), "service_id") | _by(every(Language), "location_id")
        self.accessible = {a.location_id for a in every(Accessibility)}
        self.schedules = _by(every(Schedule), "service_id") | _by(every(Schedule), "location_id")
        self.attributes = _by(every(Attribute), "link_id")
        self.terms = {t.id: t for t in every(TaxonomyTerm)}
        self.links = every(ServiceAtLocation)


def _texts(t: _Tables, link: ServiceAtLocation, term_ids: set[str]) -> tuple[str, str]:
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


def _entry(t: _Tables, key: int, link: ServiceAtLocation) -> tuple[dict, set[str], set[tuple[int, int, int]]]:
    service, location = t.services[link.service_id], t.locations[link.location_id]
    owners = (service.id, location.id)
    term_ids = {a.taxonomy_term_id for owner in owners for a in t.attributes.get(owner, [])}
    address = next(iter(t.addresses.get(location.id, [])), None)
    codes = {lang.code for owner in owners for lang in t.languages.get(owner, []) if lang.code}
    text_en, text_fr = _texts(t, link, term_ids)
    entry = {
        "key": key, "id": link.id, "service_id": service.id, "location_id": location.id,
        "text_en": text_en, "text_fr": text_fr, "latitude": location.latitude, "longitude": location.longitude,
        "city_key": fold(address.city) if address else None, "fsa": fsa(address.postal_code) if address else None,
        "languages": f" {' '.join(sorted(codes))} ", "accessible": location.id in t.accessible,
        "active": service.status == "active",
    }  # fmt: skip
    slots = _slots([s for owner in owners for s in t.schedules.get(owner, [])])
    return entry, term_ids, slots


def rebuild(session: Session) -> int:
    """Replace the whole index with what the HSDS tables hold now; the number of entries."""
    for model in (SearchTerm, SearchHours, SearchEntry):
        session.execute(delete(model))
    t = _Tables(session)
    built = [_entry(t, key, link) for key, link in enumerate(t.links, start=1)]
    if built:
        session.execute(insert(SearchEntry), [entry for entry, _, _ in built])
        terms = [{"entry_key": e["key"], "term_id": i} for e, ids, _ in built for i in ids]
        hours = [
            {"entry_key": e["key"], "day": d, "opens": o, "closes": c} for e, _, slots in built for d, o, c in slots
        ]
        for model, rows in ((SearchTerm, terms), (SearchHours, hours)):
            if rows:
                session.execute(insert(model), rows)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO hsds_search_fts(hsds_search_fts) VALUES('rebuild')"))
    else:
        session.execute(text(f"DELETE FROM {VECTORS}"))
        session.execute(text(f"INSERT INTO {VECTORS} SELECT key, {VECTOR_EN}, {VECTOR_FR} FROM hsds_search"))
    return len(built)
