"""The importers of directory sources that are not HSDS, on the real files in data/directory/:
Ontario's assessment-centre locations (with the province's French) and the Ohana API sample (with
its flattening of Open Eligibility). Each keeps the source's French, links records by the source's
ids, refuses a bad row by file, row, field and reason without losing the others, and changes
nothing when the same data is imported again."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.directory import ohana, ontario
from app.directory.details import Accessibility, Language, LocationAddress, Phone, Schedule
from app.directory.importing import Problem, Report, Store
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.terms import Attribute, TaxonomyTerm
from tests.support.services import ROOT
from tests.test_cli_and_embedded import flask_cli

ONTARIO = Path("data/directory/ontario-covid19-assessment-centres/assessment_centre_locations_2021_07_13.subset60.csv")
OHANA = Path("data/directory/ohana-api-sample-csv")


def import_ontario(db, path: Path = ROOT / ONTARIO) -> Report:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return ontario.import_csv(session, path, Report())


def import_ohana(db) -> Report:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return ohana.import_directory(session, ROOT / OHANA, Report())


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def source_rows(name: str) -> int:
    with (ROOT / OHANA / name).open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def hours(session: Session, location_id: str) -> dict[str, list[tuple[str | None, str | None, str | None]]]:
    found: dict[str, list[tuple[str | None, str | None, str | None]]] = {}
    for slot in session.scalars(select(Schedule).where(Schedule.location_id == location_id).order_by(Schedule.id)):
        found.setdefault(str(slot.byday), []).append((slot.opens_at, slot.closes_at, slot.description))
    return found


def test_ontario_centres_are_imported_with_their_french_hours_and_languages(db) -> None:  # type: ignore[no-untyped-def]
    report = import_ontario(db)

    assert report.problems == []
    with db.transaction() as session:
        assert count(session, Location) == count(session, Service) == count(session, ServiceAtLocation) == 60
        hawkesbury = session.get(Location, "on-covid:28")
        assert hawkesbury is not None
        assert hawkesbury.name == "Hawkesbury COVID-19 Assessment Centre"
        french_name = "Hawkesbury- Centre d\u2019évaluation pour la COVID-19"  # the file's typographic apostrophe
        assert hawkesbury.name_fr == french_name
        assert (hawkesbury.latitude, hawkesbury.longitude) == (45.603834, -74.598607)
        address = session.get(LocationAddress, "on-covid:28:address")
        assert address is not None
        assert (address.address_1, address.address_1_fr) == ("750 Laurier Street", "750 rue Laurier")
        assert (address.city, address.state_province, address.postal_code, address.country) == (
            "Hawkesbury",
            "ON",
            "K6A 3N9",
            "CA",
        )
        service = session.get(Service, "on-covid:28:service")
        assert service is not None
        assert service.name == "COVID-19 assessment centre: Hawkesbury COVID-19 Assessment Centre"
        assert service.name_fr == f"Centre d'évaluation COVID-19 : {french_name}"
        assert service.status == "active"
        assert service.description_fr is not None and service.description_fr.startswith("Sur rendez-vous seulement")
        weekday = [("09:00", "17:00", None)]
        assert hours(session, "on-covid:28") == {
            **{day: weekday for day in ("MO", "TU", "WE", "TH", "FR")},
            **{"SA": [(None, None, "closed")], "SU": [(None, None, "closed")]},
        }
        languages = session.scalars(select(Language.code).where(Language.service_id == "on-covid:28:service"))
        assert sorted(languages) == ["ase", "en", "fr"]
        assert session.get(Accessibility, "on-covid:28:accessibility") is not None
        assert session.get(Phone, "on-covid:28:phone").number == "613-446-7677"  # type: ignore[union-attr]


def test_ontario_split_hours_extensions_closures_and_missing_french(db) -> None:  # type: ignore[no-untyped-def]
    import_ontario(db)

    with db.transaction() as session:
        # Brockville opens twice a day: 10:00-12:30&13:00-17:30 is two slots.
        assert hours(session, "on-covid:22")["MO"] == [("10:00", "12:30", None), ("13:00", "17:30", None)]
        mattawa = session.get(Phone, "on-covid:74:phone")  # 705-744-5511 ext. 0
        assert mattawa is not None and (mattawa.number, mattawa.extension) == ("705-744-5511", "0")
        assert session.get(Service, "on-covid:33:service").status == "inactive"  # type: ignore[union-attr]
        # No French location name (Quinte West, row 36): no English is copied into the French.
        quinte = session.get(Location, "on-covid:42")
        assert quinte is not None and quinte.name_fr is None
        assert session.get(Service, "on-covid:42:service").name_fr == "Centre d'évaluation COVID-19"  # type: ignore[union-attr]
        # Brockville: no French-language services, no ASL.
        languages = session.scalars(select(Language.code).where(Language.service_id == "on-covid:22:service"))
        assert list(languages) == ["en"]


def test_an_operator_with_several_centres_is_one_organization(db) -> None:  # type: ignore[no-untyped-def]
    import_ontario(db)

    with db.transaction() as session:
        halton = {"on-covid:4", "on-covid:5", "on-covid:6"}  # Halton Healthcare Services' three hospitals
        owners = set(session.scalars(select(Location.organization_id).where(Location.id.in_(halton))))
        assert owners == {"on-covid:organization:halton-healthcare-services"}
        organization = session.get(Organization, "on-covid:organization:halton-healthcare-services")
        assert organization is not None and organization.name == "Halton Healthcare Services"
        arnprior = "on-covid:organization:arnprior-regional-health"
        assert session.scalar(select(func.count()).where(Location.organization_id == arnprior)) == 8
        assert count(session, Organization) == 46  # the subset's distinct operators


def test_importing_the_ontario_file_again_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    first = import_ontario(db)
    again = import_ontario(db)

    assert first.inserted > 60
    assert (again.inserted, again.updated, again.problems) == (0, 0, [])
    assert again.unchanged == first.inserted + first.unchanged


def test_a_bad_latitude_refuses_its_row_only(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = (ROOT / ONTARIO).read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    rows = list(csv.DictReader(lines))
    rows[9]["latitude"] = "north"
    corrupted = tmp_path / "centres.csv"
    with corrupted.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)

    report = import_ontario(db, corrupted)

    assert report.problems == [Problem("centres.csv", 10, "latitude", "is not a number ('north')")]
    with db.transaction() as session:
        assert count(session, Location) == 59
        assert session.get(Location, f"on-covid:{rows[9]['location_id']}") is None
        assert session.get(Service, f"on-covid:{rows[9]['location_id']}:service") is None


def test_ohana_sample_is_imported_with_its_taxonomy(db) -> None:  # type: ignore[no-untyped-def]
    report = import_ohana(db)

    with db.transaction() as session:
        assert count(session, Organization) == source_rows("organizations.csv") == 8
        assert count(session, Location) == source_rows("locations.csv") == 22
        assert count(session, Service) == count(session, ServiceAtLocation) == source_rows("services.csv") == 23
        terms = select(func.count()).where(TaxonomyTerm.taxonomy_id == "ohana-open-eligibility")
        assert session.scalar(terms) == source_rows("taxonomy.csv")
        tagged = session.scalars(select(Attribute.taxonomy_term_id).where(Attribute.link_id == "ohana:service:22"))
        codes = ("105", "108", "108-05", "108-05-01", "111", "111-05")
        assert sorted(tagged) == [f"ohana-open-eligibility:{code}" for code in codes]
        passports = session.get(Service, "ohana:service:22")
        assert passports is not None and passports.organization_id == "ohana:organization:8"
        offered = session.get(ServiceAtLocation, "ohana:service-at-location:22")
        assert offered is not None and offered.location_id == "ohana:location:22"
        # Ohana's `14:00`-`4:00 PM` on Monday (regular_schedules.csv id 9) as HSDS.
        afternoon = session.get(Schedule, "ohana:schedule:9")
        assert afternoon is not None
        assert (afternoon.service_id, afternoon.byday, afternoon.opens_at, afternoon.closes_at) == (
            "ohana:service:22",
            "MO",
            "14:00",
            "16:00",
        )
        assert session.get(Location, "ohana:location:1").latitude == 37.477227  # type: ignore[union-attr]
    # The only rows refused are the phones of contacts (contacts are not in the directory).
    assert {(problem.file, problem.field) for problem in report.problems} == {("phones.csv", "contact_id")}
    assert len(report.problems) == 6


def test_importing_the_ohana_sample_again_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    first = import_ohana(db)
    again = import_ohana(db)

    assert first.inserted > 0
    assert (again.inserted, again.updated) == (0, 0)
    assert again.problems == first.problems


def test_the_cli_imports_the_ontario_file(db, settings) -> None:  # type: ignore[no-untyped-def]
    result = flask_cli(settings, "directory", "import", str(ONTARIO))

    assert result.returncode == 0, result.stderr
    assert "importing Ontario's assessment-centre locations" in result.stdout
    assert re.search(r"^\d+ added, 0 updated, \d+ unchanged, 0 rows refused$", result.stdout, re.M), result.stdout
    with db.transaction() as session:
        assert count(session, Location) == 60


def test_a_record_met_again_before_it_is_written_keeps_its_later_values(db) -> None:  # type: ignore[no-untyped-def]
    report, food_bank = Report(), "test:organization:food-bank"
    with db.transaction() as session:
        store = Store(session, report)
        store.put(Organization, {"id": food_bank, "name": "Food Bank"})
        store.put(Organization, {"id": food_bank, "name": "Food Bank"})
        store.put(Organization, {"id": food_bank, "name": "Ottawa Food Bank", "name_fr": "Banque alimentaire d'Ottawa"})
        assert store.exists(Organization, food_bank) and not store.exists(Organization, "test:organization:other")
        store.write()
    with db.transaction() as session:
        stored = session.get(Organization, food_bank)
        assert (stored.name, stored.name_fr) == ("Ottawa Food Bank", "Banque alimentaire d'Ottawa")
        assert count(session, Organization) == 1
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 1)
