"""Searching the directory, on PostgreSQL and on the embedded SQLite default with the same data:
French with and without accents, each filter and their combinations, the same results on both
databases for a fixed set of queries, `GET /api/directory/search` on the running server, and
a correction refreshing only its records' index entries, leaving the index exactly as a whole
rebuild would (texts, place, flags, terms, hours and PostgreSQL's vectors)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import create_app
from app.db import Database
from app.directory import ohana, ontario, search, search_index, taxonomy_import
from app.directory.details import Accessibility, Language, LocationAddress, Schedule
from app.directory.importing import Report
from app.directory.models import Location, Organization, Service, ServiceAtLocation
from app.directory.search_models import SearchEntry, SearchHours, SearchTerm
from app.directory.terms import Attribute
from config import Config
from tests.support.services import ROOT
from tests.test_cli_and_embedded import run

DATA = ROOT / "data/directory"
ONTARIO = DATA / "ontario-covid19-assessment-centres/assessment_centre_locations_2021_07_13.subset60.csv"
HOUSING = "open-eligibility:1103"  # "Housing" in Open Eligibility 2.0; 1135 "Emergency Shelter" is under it
OTTAWA = (45.4215, -75.6972)
MONDAY_10, SUNDAY_10 = datetime(2026, 11, 30, 10, 0), datetime(2026, 11, 29, 10, 0)
QUERIES = [
    {"words": "logement"}, {"words": "lôgement"}, {"words": "LOGEMENT d'urgence"}, {"words": "assessment centre"},
    {"words": "centre d'évaluation"}, {"words": "pharmacy"}, {"words": "food"}, {"words": "shelter"},
    {"words": "covid", "city": "Ottawa"}, {"words": "covid", "offered_in": "fr"}, {"postal_area": "K1A 0B1"},
    {"near": OTTAWA, "radius_km": 30}, {"words": "covid", "accessible": True}, {"term_id": HOUSING},
    {"words": "logement", "open_at": MONDAY_10}, {"words": "logement", "open_at": SUNDAY_10},
]  # fmt: skip


def shelter(session) -> None:  # type: ignore[no-untyped-def]
    """A bilingual shelter in Ottawa, coded to Open Eligibility's Housing, open weekdays 9 to 5."""
    session.add(Organization(id="t:org", name="Ottawa Housing Help", name_fr="Aide au logement d'Ottawa"))
    session.add(Service(id="t:svc", organization_id="t:org", name="Emergency shelter", name_fr="Lôgement d'urgence",
                        description="Beds tonight.", description_fr="Des lits ce soir."))  # fmt: skip
    session.add(Location(id="t:loc", name="Rideau shelter", latitude=45.43, longitude=-75.69))
    session.flush()
    session.add(ServiceAtLocation(id="t:sal", service_id="t:svc", location_id="t:loc"))
    session.add(LocationAddress(id="t:adr", location_id="t:loc", address_1="1 Rideau St", city="Ottawa",
                                state_province="ON", postal_code="K1A 0B1", country="CA"))  # fmt: skip
    session.add(Language(id="t:fr", service_id="t:svc", code="fr", name="French"))
    session.add(Accessibility(id="t:acc", location_id="t:loc", description="Ramp"))
    session.add(
        Schedule(
            id="t:hrs", service_id="t:svc", freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00"
        )
    )
    session.add(Attribute(id="t:att", link_id="t:svc", link_entity="service", taxonomy_term_id="open-eligibility:1135"))


def fill(database: Database) -> None:
    with database.transaction() as session:
        taxonomy_import.import_csv(
            session,
            DATA / "open-eligibility/openeligibility-v2.0-flat.csv",
            dict(taxonomy_import.OPEN_ELIGIBILITY),
            Report(),
        )
        ontario.import_csv(session, ONTARIO, Report())
        ohana.import_directory(session, DATA / "ohana-api-sample-csv", Report())
        shelter(session)
        session.flush()
        search_index.rebuild(session)


def ids(database: Database, **asked: object) -> list[str]:
    with database.transaction() as session:
        hits = search.search(session, search.Query(per_page=50, **asked)).hits  # type: ignore[arg-type]
        return [session.get(SearchEntry, hit.key).id for hit in hits]


@pytest.fixture
def postgres(db) -> Database:  # type: ignore[no-untyped-def]
    fill(db)
    return db


@pytest.fixture
def sqlite(tmp_path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'instance' / 'switchboard.db'}"
    assert run(["alembic", "upgrade", "head"], {"DATABASE_URL": url}).returncode == 0
    app = create_app(Config(DATABASE_URL=url))
    database = app.extensions["switchboard.db"]
    fill(database)
    yield database
    database.engine.dispose()


def test_french_with_or_without_accents_finds_the_french_records(postgres):  # type: ignore[no-untyped-def]
    for words in ("logement", "lôgement", "Logement", "LOGEMENT d'urgence"):
        assert ids(postgres, words=words) == ["t:sal"], words
    assert ids(postgres, words="lits ce soir") == ["t:sal"]
    assert ids(postgres, words="logement", language="en") == []  # the English text has no such word
    assert len(ids(postgres, words="centre d'évaluation")) > 10  # Ontario's French names


def test_each_filter_and_their_combinations(postgres):  # type: ignore[no-untyped-def]
    assert ids(postgres, term_id=HOUSING) == ["t:sal"]  # coded to a child of Housing
    assert ids(postgres, postal_area="k1a0b1") == ["t:sal"]
    assert "t:sal" in ids(postgres, near=OTTAWA, radius_km=5)
    assert "t:sal" not in ids(postgres, near=(43.65, -79.38), radius_km=50)  # Toronto
    assert ids(postgres, words="shelter", offered_in="fr", accessible=True) == ["t:sal"]
    assert ids(postgres, words="shelter", open_at=MONDAY_10) == ["t:sal"]
    assert ids(postgres, words="shelter", open_at=SUNDAY_10) == []
    in_ottawa = ids(postgres, words="covid", city="ottawa")
    near_ottawa = ids(postgres, words="covid", city="Ottawa", near=OTTAWA, radius_km=40)
    assert in_ottawa and set(near_ottawa) == set(in_ottawa)


def test_the_same_queries_give_the_same_results_on_postgresql_and_sqlite(postgres, sqlite):  # type: ignore[no-untyped-def]
    for asked in QUERIES:
        assert sorted(ids(postgres, **asked)) == sorted(ids(sqlite, **asked)), asked


def test_the_search_endpoint(live, db):  # type: ignore[no-untyped-def]
    fill(db)
    found = requests.get(
        f"{live.base_url}/api/directory/search", params={"q": "lôgement", "lang": "fr"}, timeout=10
    ).json()
    assert found["total"] == 1
    hit = found["results"][0]
    assert (hit["service"]["name"], hit["location"]["address"]["city"], hit["accessible"]) == (
        "Lôgement d'urgence",
        "Ottawa",
        True,
    )
    english = requests.get(f"{live.base_url}/api/directory/search", params={"q": "logement"}, timeout=10).json()
    assert english["results"][0]["service"]["name"] == "Emergency shelter"
    near = requests.get(
        f"{live.base_url}/api/directory/search", params={"near": "45.42,-75.70", "radius_km": "3"}, timeout=10
    ).json()
    assert near["results"][0]["distance_km"] < 3
    for bad in ({"near": "north"}, {"per_page": "1000"}, {"page": "0"}, {"term": "no:such"}):
        answer = requests.get(f"{live.base_url}/api/directory/search", params=bad, timeout=10)
        assert answer.status_code in (400, 404) and answer.json()["error"] in ("invalid_request", "not_found"), bad


def test_an_inactive_service_is_found_by_neither_database(postgres, sqlite):  # type: ignore[no-untyped-def]
    for database in (postgres, sqlite):
        with database.transaction() as session:
            session.get_one(Service, "t:svc").status = "inactive"
            session.flush()
            search_index.rebuild(session)
        assert "t:sal" not in ids(database, words="shelter") + ids(database, words="logement", city="Ottawa")
        assert "on-covid:33:service-at-location" not in ids(database, words="covid")  # inactive in the source


def test_a_broad_search_counts_no_further_than_the_cap(postgres, sqlite, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "TOTAL_CAP", 5)
    for database in (postgres, sqlite):
        with database.transaction() as session:
            for asked in (
                {"words": "covid"},
                {"words": "covid", "offered_in": "en"},
                {"near": OTTAWA, "radius_km": 500},
            ):
                found = search.search(session, search.Query(per_page=3, **asked))  # type: ignore[arg-type]
                assert (found.total, found.more, len(found.hits)) == (5, True, 3), asked
            narrow = search.search(session, search.Query(words="logement", city="Ottawa"))
            assert (narrow.total, narrow.more) == (1, False)


def index(session: Session) -> dict[str, Any]:
    """The index by service-at-location id (keys differ between a refresh and a rebuild)."""
    ids_by_key = dict(session.execute(select(SearchEntry.key, SearchEntry.id)).tuples().all())
    skip = {"key"}
    entries = {e.id: {c: v for c, v in vars(e).items() if c not in skip and not c.startswith("_")}
               for e in session.scalars(select(SearchEntry))}  # fmt: skip
    terms = sorted((ids_by_key[t.entry_key], t.term_id) for t in session.scalars(select(SearchTerm)))
    hours = sorted((ids_by_key[h.entry_key], h.day, h.opens, h.closes) for h in session.scalars(select(SearchHours)))
    vectors: list[Any] = []
    if session.get_bind().dialect.name == "postgresql":
        copied = ", ".join(search_index.FILTERED)  # what the filters read beside the vectors (0023)
        rows = session.execute(text(f"SELECT key, en::text, fr::text, {copied} FROM {search_index.VECTORS}"))
        vectors = sorted((ids_by_key[key], *rest) for key, *rest in rows)
    return {"entries": entries, "terms": terms, "hours": hours, "vectors": vectors}


def correct(session: Session) -> list[Any]:
    """An administrator's corrections of several kinds; the records changed."""
    shelter, owner = session.get_one(Service, "t:svc"), session.get_one(Organization, "t:org")
    shelter.name, owner.name_fr = "Overnight shelter", "Aide au lôgement"
    address = session.get_one(LocationAddress, "t:adr")
    address.city, address.postal_code = "Gatineau", "J8X 1A1"
    closed = session.scalars(select(Service).where(Service.id.like("on-covid:%"), Service.status == "active")).first()
    assert closed is not None
    closed.status = "inactive"
    session.flush()
    return [shelter, owner, address, closed]


def test_a_refresh_leaves_the_index_a_rebuild_would(postgres, sqlite) -> None:  # type: ignore[no-untyped-def]
    for database in (postgres, sqlite):
        with database.transaction() as session:
            before = session.scalar(select(SearchEntry.key).where(SearchEntry.id == "t:sal"))
            changed = correct(session)
            assert search_index.refresh(session, changed) == 2  # the shelter, the closed centre
            refreshed = index(session)
            assert session.scalar(select(SearchEntry.key).where(SearchEntry.id == "t:sal")) == before
            search_index.rebuild(session)
            assert refreshed == index(session)
        assert ids(database, words="overnight", city="Gatineau") == ["t:sal"]
        assert ids(database, words="shelter", postal_area="K1A") == []


def test_a_new_service_at_a_location_gets_a_new_key(postgres) -> None:  # type: ignore[no-untyped-def]
    with postgres.transaction() as session:
        elsewhere = session.scalars(select(Location.id).where(Location.id.like("on-covid:%"))).first()
        session.add(ServiceAtLocation(id="t:sal2", service_id="t:svc", location_id=elsewhere))
        session.flush()
        search_index.refresh(session, [session.get_one(Service, "t:svc")])
        keys = list(session.scalars(select(SearchEntry.key).where(SearchEntry.id.in_(["t:sal", "t:sal2"]))))
        assert len(set(keys)) == 2
    assert "t:sal2" in ids(postgres, words="lôgement")
