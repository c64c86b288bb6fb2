"""HSDS 3.1 imports: Open Referral's example tabular package lands in the hsds_ tables with its
values, a second import changes nothing, a corrupted row is reported (file, row, field, reason)
while the others are imported, the example JSON service brings its organization and locations
(nested copies merged into one row each) and a bad nested object is refused whole, and the real
`flask directory import` command loads the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from app.directory import hsds_json, hsds_tabular
from app.directory.details import Accessibility, Language, LocationAddress, Phone, Schedule, ServiceArea
from app.directory.importing import Report
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.terms import Attribute, Taxonomy, TaxonomyTerm
from tests.support.services import ROOT
from tests.test_cli_and_embedded import flask_cli

EXAMPLES = ROOT / "data/directory/openreferral-hsds-3.1/examples"
PACKAGE = EXAMPLES / "csv"
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
PHONE = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"
TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
MODELS = (Organization, Service, Location, ServiceAtLocation, LocationAddress, Phone, Schedule, Language)
MODELS += (ServiceArea, Accessibility, Taxonomy, TaxonomyTerm, Attribute)


def import_package(db, path: Path = PACKAGE) -> Report:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return hsds_tabular.import_package(session, path, Report())


def import_json(db, path: Path) -> Report:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return hsds_json.import_file(session, path, Report())


def counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in MODELS}


def problems(report: Report) -> list[tuple[str, int, str, str]]:
    return [(problem.file, problem.row, problem.field, problem.reason) for problem in report.problems]


def test_the_example_package_imports_every_table_we_keep_with_its_values(db) -> None:  # type: ignore[no-untyped-def]
    report = import_package(db)

    assert (report.inserted, report.updated, problems(report)) == (13, 0, [])
    assert set(counts(db).values()) == {1}
    with db.transaction() as session:
        organization = session.get(Organization, ORGANIZATION)
        assert (organization.name, organization.year_incorporated) == ("Example Organization Inc.", 2011)
        service = session.get(Service, SERVICE)
        assert (service.name, service.organization_id, service.minimum_age) == (
            "Community Counselling",
            ORGANIZATION,
            12,
        )
        location = session.get(Location, LOCATION)
        assert (location.name, location.latitude, location.longitude) == ("MyCity Civic Center", 100.0, 101.0)
        assert location.organization_id is None  # the example's 985e4a42-... names no organization
        address = session.get(LocationAddress, "74706e55-df26-4b84-80fe-ecc30b5befb4")
        assert (address.location_id, address.city, address.postal_code) == (LOCATION, "MyCity", "ABC 1234")
        phone = session.get(Phone, PHONE)
        assert (phone.number, phone.extension, phone.service_id) == ('"+44 1234 234567"', "100", SERVICE)
        schedule = session.get(Schedule, "48102e86-bb50-41c4-8f1e-e269368c41d1")
        assert (schedule.freq, schedule.interval, schedule.count, schedule.byday) == ("WEEKLY", 1, 3, "TH,FR")
        assert (schedule.opens_at, schedule.closes_at) == ("10:00:00", "18:00:00")
        language = session.get(Language, "2989d3ed-c547-48f8-8f9d-432d81c7892e")
        assert (language.name, language.code, language.service_id) == ("Urdu", "ur", SERVICE)
        term = session.get(TaxonomyTerm, TERM)
        assert (term.name, term.code, term.language, term.taxonomy_id) == ("name", "code", "eng", None)
        attribute = session.get(Attribute, "ae58cc39-8b70-4ab1-8aea-786882e5ac8e")
        assert (attribute.taxonomy_term_id, attribute.label) == (TERM, "An Example Label")


def test_importing_the_package_again_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    import_package(db)
    again = import_package(db)

    assert (again.inserted, again.updated, again.unchanged, again.problems) == (0, 0, 13, [])
    assert again.summary() == "0 added, 0 updated, 13 unchanged, 0 rows refused"


def test_a_corrupted_row_is_reported_and_the_others_are_imported(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "package"
    shutil.copytree(PACKAGE, package)
    with (package / "services.csv").open("a", encoding="utf-8") as services:
        services.write("svc-2,no-such-organization,,Orphan Service,,,,,active" + "," * 14 + "\n")
    with (package / "locations.csv").open("a", encoding="utf-8") as locations:
        locations.write("loc-2,physical,,,Somewhere,,,,north,12,,\n")
    with (package / "addresses.csv").open("a", encoding="utf-8") as addresses:
        addresses.write(f"adr-2,{LOCATION},,2 Main Street,,,,ON,K1A 0B1,CA,physical\n")

    report = import_package(db, package)

    assert problems(report) == [
        ("services.csv", 2, "organization_id", "refers to no organization with id 'no-such-organization'"),
        ("locations.csv", 2, "latitude", "is not a number ('north')"),
        ("addresses.csv", 2, "city", "is required"),
    ]
    assert report.inserted == 13
    assert set(counts(db).values()) == {1}
    with db.transaction() as session:
        assert session.get(Service, "svc-2") is None and session.get(Location, "loc-2") is None


def test_a_row_naming_a_missing_parent_is_refused_not_left_to_the_database(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "package"
    shutil.copytree(PACKAGE, package)
    (package / "organizations.csv").write_text("id,name\n", encoding="utf-8")  # the header only

    report = import_package(db, package)

    assert [(problem.file, problem.field) for problem in report.problems] == [
        ("services.csv", "organization_id"),
        ("service_at_location.csv", "service_id"),
        ("phones.csv", "service_id"),
        ("schedules.csv", "service_id"),
        ("languages.csv", "service_id"),
        ("service_areas.csv", "service_id"),
    ]
    assert counts(db)["hsds_location"] == 1 and counts(db)["hsds_address"] == 1


def test_the_example_json_service_brings_its_organization_and_locations(db) -> None:  # type: ignore[no-untyped-def]
    report = import_json(db, EXAMPLES / "json/service_full.json")

    assert (report.inserted, report.updated, problems(report)) == (13, 0, [])
    with db.transaction() as session:
        service = session.get(Service, SERVICE)
        assert (service.name, service.organization_id, service.maximum_age) == (
            "Community Counselling",
            ORGANIZATION,
            100,
        )
        assert session.get(Organization, ORGANIZATION).website == "http://example.com"
        link = session.get(ServiceAtLocation, "e94c9f38-1e8f-4564-91d4-d53501ab1765")
        assert (link.service_id, link.location_id) == (SERVICE, LOCATION)
        location = session.get(Location, LOCATION)
        assert (location.name, location.organization_id) == ("MyCity Civic Center", ORGANIZATION)
        assert session.get(LocationAddress, "74706e55-df26-4b84-80fe-ecc30b5befb4").location_id == LOCATION
        phone = session.get(Phone, PHONE)  # nested five times: one row with every link
        links = (phone.organization_id, phone.service_id, phone.location_id, phone.service_at_location_id)
        assert links == (ORGANIZATION, SERVICE, LOCATION, link.id)
        assert session.get(Language, "2989d3ed-c547-48f8-8f9d-432d81c7892e").phone_id == PHONE
        attribute = session.get(Attribute, "ae58cc39-8b70-4ab1-8aea-786882e5ac8e")
        assert (attribute.link_id, attribute.taxonomy_term_id) == (SERVICE, TERM)
        assert session.get(TaxonomyTerm, TERM).taxonomy_id == "5c4d79d7-cc55-470e-9f1f-8cad074e4892"

    again = import_json(db, EXAMPLES / "json/service_full.json")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 13)


def test_json_organizations_and_list_responses_import(db) -> None:  # type: ignore[no-untyped-def]
    organization = import_json(db, EXAMPLES / "json/organization_full.json")
    assert (organization.inserted, problems(organization)) == (13, [])
    with db.transaction() as session:
        assert session.get(Service, SERVICE).organization_id == ORGANIZATION
        assert session.get(Location, LOCATION).organization_id == ORGANIZATION

    listed = import_json(db, EXAMPLES / "json/service_list.json")
    assert (listed.inserted, listed.updated, listed.unchanged, problems(listed)) == (0, 0, 2, [])


def test_a_bad_nested_object_refuses_its_top_level_object_only(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = json.loads((EXAMPLES / "json/service_full.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(service).replace(SERVICE, "svc-2"))
    del broken["service_at_locations"][0]["location"]["addresses"][0]["city"]
    broken["service_at_locations"][0]["location"]["id"] = "loc-2"
    listing = tmp_path / "services.json"
    listing.write_text(json.dumps({"contents": [broken, service, ["not an object"]]}), encoding="utf-8")

    report = import_json(db, listing)

    assert problems(report) == [
        ("services.json", 1, "service_at_locations[0].location.addresses[0].city", "is required"),
        ("services.json", 3, "object", "is not a JSON object"),
    ]
    with db.transaction() as session:
        assert session.get(Service, "svc-2") is None and session.get(Location, "loc-2") is None
        assert session.get(Service, SERVICE) is not None


def test_the_directory_import_command_loads_the_package(db, settings) -> None:  # type: ignore[no-untyped-def]
    result = flask_cli(settings, "directory", "import", str(PACKAGE.relative_to(ROOT)))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "importing an HSDS tabular data package" in result.stdout
    assert "13 added, 0 updated, 0 unchanged, 0 rows refused" in result.stdout
    assert counts(db)["hsds_service"] == 1
