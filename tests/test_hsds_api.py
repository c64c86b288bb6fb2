"""The directory as the HSDS 3.1 read API, over Open Referral's example package and 60 Ontario
centres: every answer (each page and its items, each full object, in English and in French)
validates against HSDS's JSON schemas; pages add up; `lang=fr` answers in French and falls back to
English; filters filter; an unknown id is 404 and an unreadable parameter 400; with
DIRECTORY_API_KEY set, only a request carrying the key is answered."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from app import create_app
from app.directory import hsds_tabular, ohana, ontario
from app.directory.importing import Report
from app.directory.terms import Attribute, TaxonomyTerm
from tests.support.services import ROOT

DATA = ROOT / "data/directory"
SCHEMAS = DATA / "openreferral-hsds-3.1/schema"
ONTARIO = DATA / "ontario-covid19-assessment-centres/assessment_centre_locations_2021_07_13.subset60.csv"
ORGANIZATION, SERVICE = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "ac148810-d857-441c-9679-408f346de14b"
LOCATION, TERM = "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "3f7b145d-84af-42d7-8fae-eaca714b02b2"
TAXONOMY, CHILD = "5c4d79d7-cc55-470e-9f1f-8cad074e4892", "test:counselling"
MILTON, MIDLAND = "on-covid:4:service", "on-covid:3:service"  # French name given / no French address
LISTS = {"services": "service.json", "organizations": "organization.json"}
LISTS |= {"taxonomies": "taxonomy.json", "taxonomy_terms": "taxonomy_term.json"}
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}

# The schemas name each other by file name ($ref "phone.json") and carry no $id: register them so.
REGISTRY = Registry().with_resources(
    (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
    for path in SCHEMAS.glob("*.json")
    if not path.name.startswith("compiled_")
)
# Formats are checked, except `uuid`: our ids are the sources' own (docs/directory.md), and
# Ontario's or Ohana's are no UUIDs.
FORMATS = FormatChecker(formats=())
FORMATS.checks("email")(lambda value: not isinstance(value, str) or "@" in value)
FORMATS.checks("uri")(lambda value: not isinstance(value, str) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", value))


@FORMATS.checks("date-time")
def _rfc3339(value: object) -> bool:
    pattern = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
    return not isinstance(value, str) or bool(re.fullmatch(pattern, value) and datetime.fromisoformat(value))


def assert_valid(instance: Any, schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)
    assert [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)] == []


def assert_page(body: dict[str, Any], item: str) -> None:
    assert set(body) == PAGE_KEYS
    page = {"$ref": "openapi.json#/components/schemas/Page"}
    assert_valid(body, {"allOf": [page], "properties": {"contents": {"items": {"$ref": item}}}})


def get(client, path: str, **params: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/hsds/{path}", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def directory(db) -> None:  # type: ignore[no-untyped-def]
    """The example package and the Ontario subset, and a term of the example taxonomy that tags
    the example's service, organization and location (the example's own attribute tags nothing)."""
    with db.transaction() as session:
        reports = [hsds_tabular.import_package(session, DATA / "openreferral-hsds-3.1/examples/csv", Report())]
        reports.append(ontario.import_csv(session, ONTARIO, Report()))
        child = {"name": "Counselling", "name_fr": "Counseling", "description": "Talking therapies."}
        session.add(TaxonomyTerm(id=CHILD, parent_id=TERM, taxonomy_id=TAXONOMY, **child))
        session.flush()  # no relationship tells the session the term goes before its attributes
        for entity, link_id in (("service", SERVICE), ("organization", ORGANIZATION), ("location", LOCATION)):
            session.add(Attribute(id=f"tag:{entity}", link_entity=entity, link_id=link_id, taxonomy_term_id=CHILD))
    assert [report.problems for report in reports] == [[], []]


def assert_every_answer_is_valid(client) -> None:  # type: ignore[no-untyped-def]
    for lang in ("en", "fr"):
        for path, schema in LISTS.items():
            for item in every_item(client, path, schema, lang):
                for full_service in ("false", "true") if path == "organizations" else ("false",):
                    full = get(client, f"{path}/{quote(item['id'], safe='')}", lang=lang, full_service=full_service)
                    assert_valid(full, {"$ref": schema})


def every_item(client, path: str, schema: str, lang: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every page of a list, each checked against the schemas."""
    items: list[dict[str, Any]] = []
    for number in itertools.count(1):
        body = get(client, path, lang=lang, per_page=100, page=number)
        assert_page(body, schema)
        items += body["contents"]
        if body["last_page"]:
            break
    assert body["total_items"] == len(items) > 0
    return items


def test_every_answer_validates_against_the_hsds_schemas(client, directory) -> None:  # type: ignore[no-untyped-def]
    assert_every_answer_is_valid(client)
    assert get(client, "")["version"] == "3.1"
    service = get(client, f"services/{SERVICE}")
    offered = service["service_at_locations"][0]
    assert offered["location"]["addresses"][0]["city"] == "MyCity"
    assert offered["location"]["attributes"][0]["taxonomy_term"]["id"] == CHILD
    assert (service["phones"][0]["extension"], service["phones"][0]["languages"][0]["code"]) == (100, "ur")
    assert (service["schedules"][0]["timezone"], service["schedules"][0]["byday"]) == (3, "TH,FR")
    assert (service["last_modified"], service["minimum_age"]) == ("2023-03-15T10:30:45.123000+00:00", 12)
    assert service["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["id"] == TAXONOMY
    assert (service["organization"]["id"], service["service_areas"][0]["extent_type"]) == (ORGANIZATION, "geojson")
    organization = get(client, f"organizations/{ORGANIZATION}", full_service="true")
    assert organization["services"][0]["service_at_locations"][0]["location"]["id"] == LOCATION


def test_the_checks_refuse_what_the_schemas_refuse() -> None:
    phone = {"id": "p", "number": "1", "extension": "100"}  # a number in HSDS
    bad = [{"id": "s", "name": "n", "status": "open"}, {"id": "s", "name": "n", "status": "active", "phones": [phone]}]
    bad += [{"id": "s", "name": "n", "status": "active", key: "x y"} for key in ("url", "email", "last_modified")]
    for service in bad:
        with pytest.raises(AssertionError):
            assert_valid(service, {"$ref": "service.json"})


def test_the_ohana_sample_validates_too(client, db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        ohana.import_directory(session, DATA / "ohana-api-sample-csv", Report())  # refuses contacts' phones
    assert_every_answer_is_valid(client)


def test_pages_add_up(client, directory) -> None:  # type: ignore[no-untyped-def]
    pages = [get(client, "services", per_page=25, page=number) for number in (1, 2, 3, 4)]
    assert [page["size"] for page in pages] == [25, 25, 11, 0]  # 60 centres and the example's service
    assert {(page["total_items"], page["total_pages"]) for page in pages} == {(61, 3)}
    assert [(page["first_page"], page["last_page"], page["empty"]) for page in pages] == [
        (True, False, False),
        (False, False, False),
        (False, True, False),
        (False, True, True),
    ]
    assert len({item["id"] for page in pages for item in page["contents"]}) == 61
    assert get(client, "services", per_page=1000)["size"] == 61  # at most 100 a page
    assert get(client, "services")["size"] == 50


def test_french_where_the_record_has_it_and_english_where_it_does_not(client, directory) -> None:  # type: ignore[no-untyped-def]
    english, french = get(client, f"services/{MILTON}"), get(client, f"services/{MILTON}", lang="fr")
    assert english["name"].endswith(": Milton District Hospital")
    assert french["name"].endswith(" : Hôpital du district de Milton")
    location = french["service_at_locations"][0]["location"]
    assert location["name"] == "Hôpital du district de Milton"
    assert location["addresses"][0]["address_1"] == "725 rue Bronte Sud"
    midland = get(client, f"services/{MIDLAND}", lang="fr")["service_at_locations"][0]["location"]
    assert midland["addresses"][0]["address_1"] == "1156 St. Andrews Drive"
    assert get(client, f"taxonomy_terms/{CHILD}", lang="fr")["name"] == "Counseling"
    listed = get(client, "services", lang="fr", search="Hôpital du district de Milton")["contents"]
    assert [item["name"] for item in listed] == [french["name"]]
    assert client.get("/api/hsds/services?lang=fr").headers["Content-Language"] == "fr"


def test_filters(client, directory) -> None:  # type: ignore[no-untyped-def]
    def ids(path: str, **params: Any) -> set[str]:
        return {item["id"] for item in get(client, path, per_page=100, **params)["contents"]}

    assert len(ids("services", search="covid")) == len(ids("services", search="COVID-19")) == 60
    assert ids("services", search="counselling services provided") == {SERVICE}
    assert ids("services", organization_id=ORGANIZATION) == {SERVICE}
    assert ids("services", taxonomy_term_id=CHILD) == ids("services", taxonomy_id=TAXONOMY) == {SERVICE}
    assert ids("organizations", taxonomy_term_id=CHILD) == {ORGANIZATION}
    assert len(ids("services", modified_after="2000-01-01T00:00:00Z")) == 61
    assert ids("services", modified_after="2999-01-01") == set()
    assert ids("taxonomy_terms", parent_id=TERM) == ids("taxonomy_terms", taxonomy_id=TAXONOMY) == {CHILD}
    assert ids("taxonomy_terms", top_only="true") == {TERM}  # its parent is not in the directory
    assert ids("taxonomy_terms", top_only="false") == {TERM, CHILD}


@pytest.mark.parametrize("path", ["services", "organizations", "taxonomies", "taxonomy_terms"])
def test_an_unknown_id_is_404(client, directory, path) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/hsds/{path}/no-such-id")
    assert (response.status_code, response.get_json()["error"]) == (404, "not_found")
    assert client.get(f"/api/hsds/{path}/nul%00").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=abc", "page=-1", "page=", "per_page=0", "per_page=1.5", "lang=de", "search=a%00b",
     "modified_after=yesterday", "top_only=maybe"],
)  # fmt: skip
def test_an_unreadable_parameter_is_400(client, query) -> None:  # type: ignore[no-untyped-def]
    path = "taxonomy_terms" if query.startswith("top_only") else "services"
    response = client.get(f"/api/hsds/{path}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request" and response.get_json()["message"]


def test_with_a_key_configured_only_requests_carrying_it_are_answered(config) -> None:  # type: ignore[no-untyped-def]
    key = "k" * 32
    keyed = create_app(dataclasses.replace(config, DIRECTORY_API_KEY=key))
    try:
        client = keyed.test_client()
        for headers in ({}, {"X-Api-Key": "k" * 31}, {"Authorization": f"Bearer {key}x"}, {"Authorization": key}):
            response = client.get("/api/hsds/services", headers=headers)
            assert (response.status_code, response.get_json()["error"]) == (401, "unauthorized")
        for headers in ({"X-Api-Key": key}, {"Authorization": f"Bearer {key}"}):
            assert client.get("/api/hsds/services", headers=headers).status_code == 200
    finally:
        keyed.extensions["switchboard.db"].engine.dispose()
