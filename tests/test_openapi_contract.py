"""Schemathesis against the app as GET /api/openapi.json describes it (docs/api.md, "OpenAPI"):
for every operation it generates valid and invalid requests (a bounded budget, derandomized, so
a run is reproducible) and sends them in process to the app on the test database and Redis, as a
signed-in administrator with the session's CSRF token, Twilio's webhooks signed as Twilio signs
them, the inbound-mail webhook and /metrics with their secrets. The directory holds HSDS's
example package and the queue a resident's text, and the operations with an id in their path are
also sent those records' ids (random ids find nothing). No answer may be a server error, carry a
status the document does not give for that operation, or break the schema it gives.

One test walks every operation (schemathesis's strategies under Hypothesis's `given`): a test per
operation would pay the suite's per-test truncation and a sign-in forty times over."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from sqlalchemy import select

from app import create_app
from app.directory import hsds_tabular
from app.directory.importing import Report
from app.models import Contact
from app.openapi.document import document
from config import Config
from tests.conftest import PASSWORD
from tests.support.services import ROOT
from tests.support.signin import post_login
from tests.support.signing_wsgi import SignedAsTwilio
from tests.support.twilio_signing import signed_headers, sms_params

INBOUND_SECRET, METRICS_TOKEN = "contract-test-inbound-secret", "contract-test-metrics-token"
SECRETS = {"/email/inbound": f"Bearer {INBOUND_SECRET}", "/metrics": f"Bearer {METRICS_TOKEN}"}
EXAMPLE_DIRECTORY = ROOT / "data/directory/openreferral-hsds-3.1/examples/csv"
EXAMPLE_IDS = {  # of HSDS's example package
    "/api/hsds/services/{item_id}": "ac148810-d857-441c-9679-408f346de14b",
    "/api/hsds/organizations/{item_id}": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
    "/api/hsds/taxonomies/{item_id}": "5c4d79d7-cc55-470e-9f1f-8cad074e4892",
    "/api/hsds/taxonomy_terms/{item_id}": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES_PER_MODE = 10  # per operation, valid and invalid: about 800 requests in all
BUDGET = settings(
    max_examples=EXAMPLES_PER_MODE, derandomize=True, database=None, deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
)  # fmt: skip


@pytest.fixture
def contract_app(settings: dict[str, str]) -> Flask:
    secrets = {"EMAIL_INBOUND_SECRET": INBOUND_SECRET, "METRICS_TOKEN": METRICS_TOKEN}
    app = create_app(Config.from_env({**settings, **secrets}))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def signed_in(contract_app: Flask, make_staff: Any) -> dict[str, Any]:
    """An administrator's session cookie and CSRF token, signed in through /login and /login/code."""
    client = contract_app.test_client()
    assert post_login(client, make_staff("admin"), PASSWORD).status_code == 302
    with client.session_transaction() as session:
        token = session.setdefault("csrf_token", "contract-test-csrf-token")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return {"cookies": {"session": cookie.value}, "headers": {"X-CSRF-Token": token}}


@pytest.fixture
def known(contract_app: Flask) -> dict[str, dict[str, Any]]:
    """HSDS's example directory and one resident's text; for each path, its requests' fixed parts
    (`as_strategy`'s arguments) that name those records."""
    database = contract_app.extensions["switchboard.db"]
    with database.transaction() as session:
        assert hsds_tabular.import_package(session, EXAMPLE_DIRECTORY, Report()).problems == []
    params = sms_params("SM" + "0" * 32, "+14165550100", "I need a food bank near me")
    sent = contract_app.test_client().post("/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert sent.status_code == 200
    with database.transaction() as session:
        contact = {"path_parameters": {"contact_id": session.scalars(select(Contact.id)).one()}}
    service = EXAMPLE_IDS["/api/hsds/services/{item_id}"]
    flag = {"kind": "service", "record_id": service, "reason": "closed"}
    by_contact = ("/api/contacts/{contact_id}", "/api/contacts/{contact_id}/complaints")
    by_contact += ("/supervisor/spam/{contact_id}/decision",)
    return (
        {path: {"path_parameters": {"item_id": id_}} for path, id_ in EXAMPLE_IDS.items()}
        | {path: contact for path in by_contact}
        | {"/api/directory/flags": {"body": flag, "media_type": "application/json"}}
    )


def operations() -> list[APIOperation]:
    """The document as GET /api/openapi.json serves it (tests/test_openapi_routes.py checks that)."""
    loaded = schemathesis.openapi.from_dict(document())
    return [result.ok() for result in loaded.get_all_operations()]


def strategies(operation: APIOperation, known: dict[str, dict[str, Any]]) -> list[tuple[str, SearchStrategy[Case]]]:
    """Valid requests, invalid ones, and valid ones about a record that exists."""
    modes = [(mode.value, operation.as_strategy(mode)) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    fixed = known.get(operation.path)
    return modes + ([("known", operation.as_strategy(**fixed))] if fixed else [])


def test_every_operation_answers_as_documented(contract_app: Flask, known: Any, signed_in: dict[str, Any]) -> None:
    app, failures = SignedAsTwilio(contract_app), []
    for operation in operations():
        secret = {"Authorization": SECRETS[operation.path]} if operation.path in SECRETS else {}
        sent = {"app": app, "headers": signed_in["headers"] | secret, "cookies": signed_in["cookies"]}
        for mode, strategy in strategies(operation, known):
            try:
                send_and_check(strategy, sent)
            except Unsatisfiable:
                pass  # every input the operation takes is valid: there is no invalid request to send
            except (Exception, FailureGroup) as failure:  # every operation is tried; all that failed are reported
                failures.append(f"{operation.label} ({mode}): {_told(failure)}")
    assert failures == [], "\n\n".join(failures)


def send_and_check(strategy: SearchStrategy[Case], sent: dict[str, Any]) -> None:
    @BUDGET
    @given(case=strategy)
    def answers_as_documented(case: Case) -> None:
        case.call_and_validate(**sent, checks=CHECKS)

    answers_as_documented()


def _told(failure: BaseException) -> str:
    if isinstance(failure, BaseExceptionGroup):
        return "\n".join(_told(each) for each in failure.exceptions)
    return str(failure)
