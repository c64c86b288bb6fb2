"""The Ohana API sample (Code for America; data/directory/ohana-api-sample-csv/) as directory
records: a second layout that is not HSDS 3 (HSDS 1-like files, one per table), so the importer is
tested against more than one shape of source. In Ohana a service belongs to one location: it
becomes a service of that location's organization, offered there (service_at_location). Its
`taxonomy_ids` are Ohana's flattening of Open Eligibility (`101-02-01`), not Open Eligibility's own
ids, so the folder's taxonomy.csv is imported as its own taxonomy, `ohana-open-eligibility`, and
the services are tagged (attributes) with its terms. Contacts, programs and holiday schedules have
no table in the directory and are not read. Ids are Ohana's, prefixed with `ohana:` and the table,
so importing again finds the same records."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.directory import ohana_rows, taxonomy_import
from app.directory.details import ServiceArea
from app.directory.importing import Record, Report, Store, run
from app.directory.mapping import Mapper, degrees, language, listed, once_per_file, short, slug
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.ohana_rows import imported, ohana_id
from app.directory.source_rows import Fields, RowProblem, csv_rows
from app.directory.terms import Attribute, TaxonomyTerm

TAXONOMY = {
    "id": "ohana-open-eligibility",
    "name": "Open Eligibility (Ohana API codes)",
    "description": "Open Eligibility as the Ohana API codes it (101-02-01), from the Ohana sample's taxonomy.csv.",
}
STATUSES = ("active", "inactive", "defunct", "temporarily closed")  # HSDS 3.1's service statuses


def import_directory(session: Session, path: Path, report: Report) -> Report:
    """Import the folder's taxonomy, then each file after the files its rows refer to."""
    taxonomy_import.import_csv(session, path / "taxonomy.csv", TAXONOMY, report)
    for name, mapper in FILES:
        if (path / name).is_file():
            run(session, csv_rows(path / name), once_per_file(mapper), report, label=name)
    return report


def organization(fields: Fields, store: Store) -> list[Record]:
    values = {
        "id": ohana_id("organization", fields.required("id")),
        "name": fields.required("name"),
        "alternate_name": fields.text("alternate_name"),
        "description": fields.text("description"),
        "email": short(fields, "email", 320),
        "website": fields.text("website"),
        "tax_status": fields.text("tax_status"),
        "tax_id": fields.text("tax_id"),
        "legal_status": fields.text("legal_status"),
        "year_incorporated": _year(fields.text("date_incorporated")),
    }
    return [(Organization, values)]


def _year(date: str | None) -> int | None:
    """`January 01, 1970` -> 1970: the year is all HSDS keeps."""
    found = re.search(r"\b(\d{4})\b", date or "")
    return int(found[1]) if found else None


def location(fields: Fields, store: Store) -> list[Record]:
    location_id = ohana_id("location", fields.required("id"))
    values = {
        "id": location_id,
        "organization_id": imported(store, "organization_id", fields.required("organization_id")),
        "location_type": "virtual" if (fields.text("virtual") or "").casefold() == "true" else "physical",
        "name": fields.required("name"),
        "alternate_name": fields.text("alternate_name"),
        "description": fields.text("description"),
        "transportation": fields.text("transportation"),
        "latitude": degrees(fields, "latitude"),
        "longitude": degrees(fields, "longitude"),
        "url": fields.text("website"),
    }
    spoken = [language(location_id, name, location_id=location_id) for name in listed(fields.text("languages"))]
    return [(Location, values), *spoken, *ohana_rows.accessibility(fields, location_id)]


def service(fields: Fields, store: Store) -> list[Record]:
    """A service, offered at the location it belongs to, with its languages, areas and terms."""
    source_id = fields.required("id")
    service_id = ohana_id("service", source_id)
    location_id = imported(store, "location_id", fields.required("location_id"))
    offered = {"id": ohana_id("service-at-location", source_id), "service_id": service_id, "location_id": location_id}
    return [
        (Service, _service(fields, service_id, _owner(store, location_id))),
        (ServiceAtLocation, offered),
        *[language(service_id, name, service_id=service_id) for name in listed(fields.text("languages"))],
        *[_area(service_id, name) for name in listed(fields.text("service_areas"))],
        *_attributes(fields, store, service_id),
    ]


def _owner(store: Store, location_id: str) -> str:
    """The organization of the location a service belongs to (imported() found it)."""
    place = store.get(Location, location_id)
    if place is None or place.organization_id is None:
        raise RowProblem("location_id", "names a location that belongs to no organization")
    return place.organization_id


def _service(fields: Fields, service_id: str, organization_id: str) -> dict[str, Any]:
    return {
        "id": service_id,
        "organization_id": organization_id,
        "name": fields.required("name"),
        "alternate_name": fields.text("alternate_name"),
        "description": fields.text("description"),
        "url": fields.text("website"),
        "email": short(fields, "email", 320),
        "status": _status(fields),
        "interpretation_services": fields.text("interpretation_services"),
        "application_process": fields.text("application_process"),
        "fees_description": fields.text("fees"),
        "wait_time": fields.text("wait_time"),
        "eligibility_description": fields.text("eligibility"),
    }


def _status(fields: Fields) -> str:
    status = (fields.text("status") or "active").casefold()
    if status not in STATUSES:
        raise RowProblem("status", f"is not one of {', '.join(STATUSES)}")
    return status


def _area(service_id: str, name: str) -> Record:
    return ServiceArea, {"id": f"{service_id}:area:{slug(name)}", "service_id": service_id, "name": name}


def _attributes(fields: Fields, store: Store, service_id: str) -> list[Record]:
    """A service's `taxonomy_ids` (`105, 108-05`) as attributes pointing at the terms."""
    records: list[Record] = []
    for code in listed(fields.text("taxonomy_ids")):
        term = taxonomy_import.term_id(TAXONOMY["id"], code)
        if not store.exists(TaxonomyTerm, term):
            raise RowProblem("taxonomy_ids", f"{code} is not a term of taxonomy.csv")
        tag = {"id": f"{service_id}:attribute:{code}", "link_id": service_id, "link_entity": "service"}
        records.append((Attribute, {**tag, "taxonomy_term_id": term}))
    return records


# In the order their rows refer to each other: a parent's file comes before its children's.
FILES: tuple[tuple[str, Mapper], ...] = (
    ("organizations.csv", organization),
    ("locations.csv", location),
    ("services.csv", service),
    ("addresses.csv", ohana_rows.address),
    ("mail_addresses.csv", ohana_rows.mail_address),
    ("phones.csv", ohana_rows.phone),
    ("regular_schedules.csv", ohana_rows.regular_schedule),
)
