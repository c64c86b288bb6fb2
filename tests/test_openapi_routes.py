"""GET /api/openapi.json describes every JSON route and webhook of the app: a route added to the
url_map is either in the document or on the list below of what the document leaves out on
purpose (docs/api.md, "OpenAPI"), and nothing is described that the app does not serve."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
import schemathesis
from flask import Flask

from app import create_app
from app.openapi import hsds as hsds_schemas
from app.openapi.document import document
from config import Config

# Server-rendered pages and the forms posted from them (HTML answers, a browser's session and
# CSRF token), static files, and the resident simulator (a demo tool, off in production:
# docs/simulator.md). Socket.IO is served beside the url_map, never in it (socket-protocol.md).
NOT_DESCRIBED = {
    ("GET", "/"), ("GET", "/console"), ("GET", "/chat"), ("GET", "/static/{filename}"),
    ("GET", "/login"), ("POST", "/login"), ("GET", "/login/code"), ("POST", "/login/code"),
    ("GET", "/login/enrol"), ("POST", "/login/enrol"), ("POST", "/logout"),
    ("GET", "/services"), ("GET", "/services/{service_at_location_id}"),
    ("GET", "/complaints"), ("POST", "/complaints"),
    ("GET", "/supervisor"), ("GET", "/supervisor/audit"), ("GET", "/supervisor/spam"),
    ("GET", "/supervisor/complaints"), ("GET", "/supervisor/complaints/{complaint_id}"),
    ("POST", "/supervisor/complaints/{complaint_id}/notes"), ("POST", "/supervisor/complaints/{complaint_id}/owner"),
    ("POST", "/supervisor/complaints/{complaint_id}/resolve"), ("POST", "/supervisor/complaints/{complaint_id}/status"),
    ("GET", "/planning"), ("GET", "/reports"), ("GET", "/directory/flags"),
    ("POST", "/directory/flags/{flag_id}/resolve"),
    ("GET", "/directory/records/{kind}/{record_id}"), ("POST", "/directory/records/{kind}/{record_id}"),
    ("POST", "/preferences/language"),
    ("GET", "/admin/privacy"), ("POST", "/admin/privacy"), ("GET", "/admin/privacy/residents/{resident_id}"),
    ("GET", "/admin/privacy/residents/{resident_id}/erase"), ("POST", "/admin/privacy/residents/{resident_id}/erase"),
}  # fmt: skip
SIMULATOR = re.compile(r"^/simulator(/|$)")
IGNORED_METHODS = {"HEAD", "OPTIONS"}
# HSDS 3.1's parameters the directory API does not take (docs/api.md, "Directory API (HSDS 3.1)").
NOT_SERVED_BY_HSDS_API = {"format", "full", "minimal", "postcode", "proximity", "full_service"}


@pytest.fixture(scope="module")
def every_route_app() -> Flask:
    """The app with every optional part on (the simulator too), on a throwaway database."""
    env = {"DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40, "SIMULATOR_ENABLED": "true"}
    return create_app(Config.from_env(env))


def served(app: Flask) -> set[tuple[str, str]]:
    """Each (method, path) of the url_map, its variables written as OpenAPI writes them."""
    routes = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes |= {(method, path) for method in rule.methods or () if method not in IGNORED_METHODS}
    return routes


def described() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document()["paths"].items() for method in item}


def test_every_route_is_described_or_left_out_on_purpose(every_route_app: Flask) -> None:
    undescribed = {route for route in served(every_route_app) - described() if not SIMULATOR.match(route[1])}
    assert undescribed - NOT_DESCRIBED == set(), "describe these in app/openapi/spec (or list them as pages)"


def test_nothing_is_described_that_is_not_served(every_route_app: Flask) -> None:
    assert described() - served(every_route_app) == set()
    assert described() & NOT_DESCRIBED == set()


def test_the_pages_left_out_are_still_served(every_route_app: Flask) -> None:
    """The list above stays true: a page removed from the app leaves it too."""
    assert NOT_DESCRIBED - served(every_route_app) == set()


def test_the_document_is_valid_openapi_3_1() -> None:
    """Against OpenAPI 3.1's own schema (as schemathesis checks it): a key mistyped in a piece fails."""
    schemathesis.openapi.from_dict(copy.deepcopy(document())).validate()


def test_the_document_is_served_as_json(every_route_app: Flask) -> None:
    response = every_route_app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["openapi"] == "3.1.0" and set(body["paths"]) == set(document()["paths"])
    assert body["components"]["schemas"]["hsds_service"]["properties"]["phones"]["items"] == {
        "$ref": "#/components/schemas/hsds_phone"
    }


def test_the_directory_api_is_hsds_3_1_less_what_docs_api_md_says_is_not_served() -> None:
    """Each HSDS GET path we serve takes HSDS's own parameters (and `lang`), bar the ones not served."""
    hsds = json.loads((hsds_schemas.SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    served = document()["paths"].items()
    ours = {path.removeprefix("/api/hsds").replace("{item_id}", "{id}"): item for path, item in served
            if path.startswith("/api/hsds/")}  # fmt: skip
    assert set(hsds["paths"]) - set(ours) == {"/service_at_locations", "/service_at_locations/{id}"}
    for path, item in ours.items():
        theirs = {_name(hsds, p) for p in hsds["paths"][path]["get"].get("parameters", [])}
        mine = {_name(document(), p) for p in item["get"].get("parameters", []) if p.get("in") != "path"}
        assert mine - theirs <= {"lang"}, path
        assert theirs - mine <= NOT_SERVED_BY_HSDS_API, path


def _name(root: dict[str, Any], parameter: dict[str, Any]) -> str:
    if "$ref" in parameter:
        parameter = root["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return str(parameter["name"])
