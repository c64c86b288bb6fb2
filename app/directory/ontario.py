"""Ontario's COVID-19 assessment-centre and testing locations (Ontario Data Catalogue, 2021-07-13;
data/directory/ontario-covid19-assessment-centres/) as directory records: a real bilingual Ontario
source, so the French twins come from the province's own `_fr` columns (none is made up; no
English is copied into them). Each row, keyed by its `location_id` so importing again finds the
same records, becomes a location with its address, phone, weekly hours, languages and
accessibility, one service offered there, and its operator's organization, which every centre of
that operator shares."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.directory import ontario_rows
from app.directory.importing import Record, Report, Store, run
from app.directory.mapping import degrees, is_yes, once_per_file, slug
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.source_rows import Fields, SourceRow, csv_rows

PREFIX = "on-covid"
# What the row's flags say the site is: (flag column, English, French) — the service's name.
KINDS = (
    ("assessment_centre", "COVID-19 assessment centre", "Centre d'évaluation COVID-19"),
    ("pharmacy", "COVID-19 testing at a pharmacy", "Dépistage de la COVID-19 en pharmacie"),
    ("community_lab", "COVID-19 testing at a community lab", "Dépistage de la COVID-19 en laboratoire communautaire"),
)
OTHER_KIND = ("COVID-19 testing location", "Lieu de dépistage de la COVID-19")

Operators = dict[str, dict[str, Any]]


def import_csv(session: Session, path: Path, report: Report) -> Report:
    """Import the locations CSV; a refused row (file, row, field, reason) leaves the others."""
    rows = list(csv_rows(path))
    records = once_per_file(partial(_records, _operators(rows)), "location_id")
    return run(session, rows, records, report, label=path.name)


def _operator(fields: Fields) -> tuple[str | None, str | None]:
    """Who runs the centre, in English and French; a centre that names no operator (most
    pharmacies do not) is taken as run by itself, under its own name."""
    if fields.text("operated_by"):
        return fields.text("operated_by"), fields.text("operated_by_fr")
    return fields.text("location_name"), fields.text("location_name_fr")


def _operator_key(name: str) -> str:
    return slug(name) or name.casefold()


def _operators(rows: list[SourceRow]) -> Operators:
    """Each operator's organization, named as most of its rows name it: rows of one operator
    differ in case and spacing, and some leave the French blank. Reading them all first keeps the
    organization the same whatever the order of the rows, so a second import changes nothing."""
    names: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for row in rows:
        name, name_fr = _operator(Fields(row))
        if name:
            names[_operator_key(name)].append((name, name_fr))
    return {key: _organization(key, pairs) for key, pairs in names.items()}


def _organization(key: str, names: list[tuple[str, str | None]]) -> dict[str, Any]:
    english = Counter(name for name, _ in names).most_common(1)[0][0]
    french = Counter(name_fr for _, name_fr in names if name_fr).most_common(1)
    return {"id": f"{PREFIX}:organization:{key}", "name": english, "name_fr": french[0][0] if french else None}


def _records(operators: Operators, fields: Fields, store: Store) -> list[Record]:
    organization = _organization_of(operators, fields)
    place = f"{PREFIX}:{fields.required('location_id')}"
    links = {"location_id": place, "service_id": f"{place}:service"}
    return [
        (Organization, organization),
        (Location, _location(fields, place, organization["id"])),
        (Service, _service(fields, links["service_id"], organization["id"])),
        (ServiceAtLocation, {"id": f"{place}:service-at-location", **links}),
        *ontario_rows.address(fields, place),
        *ontario_rows.phone(fields, links),
        *ontario_rows.hours(fields, links),
        *ontario_rows.languages(fields, links),
        *ontario_rows.accessibility(fields, place),
    ]


def _organization_of(operators: Operators, fields: Fields) -> dict[str, Any]:
    name = _operator(fields)[0] or fields.required("location_name")
    return dict(operators[_operator_key(name)])


def _location(fields: Fields, place: str, organization_id: str) -> dict[str, Any]:
    latitude, longitude = degrees(fields, "latitude"), degrees(fields, "longitude")
    unplaced = latitude == longitude == 0  # the file's 0,0 means "not given", not the Gulf of Guinea
    return {
        "id": place,
        "organization_id": organization_id,
        "location_type": "physical",
        "name": fields.required("location_name"),
        "name_fr": fields.text("location_name_fr"),
        "latitude": None if unplaced else latitude,
        "longitude": None if unplaced else longitude,
        "external_identifier": fields.required("location_id"),
        "external_identifier_type": "location_id",
    }


def _service(fields: Fields, service_id: str, organization_id: str) -> dict[str, Any]:
    kind, kind_fr = next(((en, fr) for flag, en, fr in KINDS if is_yes(fields.text(flag))), OTHER_KIND)
    site_fr = fields.text("location_name_fr")  # without it, the French name is the kind alone
    return {
        "id": service_id,
        "organization_id": organization_id,
        "name": f"{kind}: {fields.required('location_name')}",
        "name_fr": f"{kind_fr} : {site_fr}" if site_fr else kind_fr,
        "description": fields.text("additional_information"),
        "description_fr": fields.text("additional_information_fr"),
        "url": fields.text("website"),
        "status": "active" if _open(fields) else "inactive",
    }


def _open(fields: Fields) -> bool:
    return is_yes(fields.text("active")) and not is_yes(fields.text("temporarily_closed"))
