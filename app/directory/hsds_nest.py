"""HSDS 3.1's nested objects: a service with its organization, where it is offered (each location
with its addresses, phones, hours, languages and accessibility), phones, hours, areas, languages
and attributes (each with its taxonomy term); an organization with its services and locations.
One query per kind of child; the lists are in id order so a response reads the same each time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.directory import hsds_out
from app.directory.details import Accessibility, Language, LocationAddress, Phone, Schedule, ServiceArea
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.terms import Attribute, Taxonomy, TaxonomyTerm
from app.models.base import Base

Json = dict[str, Any]
Row = TypeVar("Row", bound=Base)


def service_full(session: Session, service: Service, lang: str, *, owner: bool = True) -> Json:
    """The service with all that hangs on it; `owner=False` leaves out its organization (for an
    organization's own services)."""
    organization = session.get(Organization, service.organization_id) if owner else None
    offered = _rows(session, ServiceAtLocation, ServiceAtLocation.service_id == service.id)
    return {
        **hsds_out.service(service, lang, organization),
        "service_at_locations": [_service_at_location(session, row, lang) for row in offered],
        "phones": _phones(session, Phone.service_id == service.id, lang),
        "schedules": _plain(session, Schedule, Schedule.service_id == service.id, lang),
        "service_areas": _plain(session, ServiceArea, ServiceArea.service_id == service.id, lang),
        "languages": _plain(session, Language, Language.service_id == service.id, lang),
        "attributes": _attributes(session, "service", service.id, lang),
    }


def organization_full(session: Session, organization: Organization, lang: str, *, full_services: bool) -> Json:
    """The organization with its services (their own fields, or everything with `full_services`),
    locations, phones and attributes."""
    services = _rows(session, Service, Service.organization_id == organization.id)
    located = _rows(session, Location, Location.organization_id == organization.id)
    return {
        **hsds_out.organization(organization, lang),
        "services": [_service(session, row, lang, full_services) for row in services],
        "locations": [_location(session, row, lang) for row in located],
        "phones": _phones(session, Phone.organization_id == organization.id, lang),
        "attributes": _attributes(session, "organization", organization.id, lang),
    }


def services(session: Session, rows: Sequence[Service], lang: str) -> list[Json]:
    """Services as listed: their own fields and their organization's (read in one query)."""
    owners = {row.organization_id for row in rows}
    organizations = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(owners)))}
    return [hsds_out.service(row, lang, organizations.get(row.organization_id)) for row in rows]


def term_full(session: Session, term: TaxonomyTerm, lang: str) -> Json:
    taxonomy = session.get(Taxonomy, term.taxonomy_id) if term.taxonomy_id else None
    return hsds_out.term(term, lang, taxonomy)


def _service(session: Session, service: Service, lang: str, full: bool) -> Json:
    return service_full(session, service, lang, owner=False) if full else hsds_out.service(service, lang)


def _service_at_location(session: Session, offered: ServiceAtLocation, lang: str) -> Json:
    return {
        **hsds_out.fields(offered, lang),
        "location": _location(session, session.get_one(Location, offered.location_id), lang),
        "phones": _phones(session, Phone.service_at_location_id == offered.id, lang),
        "schedules": _plain(session, Schedule, Schedule.service_at_location_id == offered.id, lang),
        "service_areas": _plain(session, ServiceArea, ServiceArea.service_at_location_id == offered.id, lang),
        "attributes": _attributes(session, "service_at_location", offered.id, lang),
    }


def _location(session: Session, location: Location, lang: str) -> Json:
    return {
        **hsds_out.fields(location, lang),
        "addresses": _plain(session, LocationAddress, LocationAddress.location_id == location.id, lang),
        "phones": _phones(session, Phone.location_id == location.id, lang),
        "schedules": _plain(session, Schedule, Schedule.location_id == location.id, lang),
        "languages": _plain(session, Language, Language.location_id == location.id, lang),
        "accessibility": _plain(session, Accessibility, Accessibility.location_id == location.id, lang),
        "attributes": _attributes(session, "location", location.id, lang),
    }


def _phones(session: Session, which: ColumnElement[bool], lang: str) -> list[Json]:
    phones = _rows(session, Phone, which)
    return [hsds_out.phone(row, lang, _plain(session, Language, Language.phone_id == row.id, lang)) for row in phones]


def _attributes(session: Session, entity: str, link_id: str, lang: str) -> list[Json]:
    """The terms a record is tagged with: `link_entity` is the HSDS table name of the record."""
    tags = _rows(session, Attribute, (Attribute.link_entity == entity) & (Attribute.link_id == link_id))
    return [{**hsds_out.fields(tag, lang), "taxonomy_term": _term(session, tag, lang)} for tag in tags]


def _term(session: Session, tag: Attribute, lang: str) -> Json:
    return term_full(session, session.get_one(TaxonomyTerm, tag.taxonomy_term_id), lang)


def _plain(session: Session, model: type[Base], which: ColumnElement[bool], lang: str) -> list[Json]:
    return [hsds_out.fields(row, lang) for row in _rows(session, model, which)]


def _rows(session: Session, model: type[Row], which: ColumnElement[bool]) -> Sequence[Row]:
    return session.scalars(select(model).where(which).order_by(model.id)).all()  # type: ignore[attr-defined]
