"""Numbers people and Twilio send are read as the digits 0-9 only (app.domain.digits): `²` or `①`
pass Python's `isdigit()` yet are no number `int()` can read, and were 500s in the voice webhooks,
the audit trail's filters and the complaints' reference and owner (found by looking for what the
OpenAPI contract test's `^[0-9]+$` patterns rule out). Now each is the answer any other bad
number gets: a 400 naming the field, or, for a conference's ids, the "not yours" answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from app.complaints import service as complaints
from tests.conftest import PASSWORD
from tests.support.signin import form_token, post_login
from tests.support.twilio_signing import signed_headers

NOT_ASCII_DIGITS = ["²", "①", "٣"]  # superscript two, circled one, Arabic-Indic three


def post(app: Any, path: str, form: dict[str, str]) -> Any:
    return app.test_client().post(path, data=form, headers=signed_headers(path, form))


@pytest.fixture
def supervisor(app, make_staff) -> Any:  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert post_login(client, make_staff("supervisor"), PASSWORD).status_code == 302
    return client


@pytest.mark.parametrize("number", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("field", ["CallDuration", "QueueTime"])
def test_a_duration_in_other_digits_is_a_400_naming_it(app, db, field: str, number: str) -> None:  # type: ignore[no-untyped-def]
    answer = post(app, "/twilio/voice/status", {"CallSid": "CA" + "1" * 32, "CallStatus": "completed", field: number})
    assert answer.status_code == 400 and field in answer.get_json()["message"]


@pytest.mark.parametrize("number", NOT_ASCII_DIGITS)
def test_a_desk_phone_with_ids_in_other_digits_hears_it_is_not_theirs(app, db, number: str) -> None:  # type: ignore[no-untyped-def]
    answer = post(app, f"/twilio/voice/desk?s={quote(number)}&c=1", {"CallSid": "CA" + "2" * 32})
    assert answer.status_code == 200 and b"<Hangup" in answer.data


@pytest.mark.parametrize("number", NOT_ASCII_DIGITS)
def test_the_staff_pages_refuse_ids_in_other_digits(supervisor, db, number: str) -> None:  # type: ignore[no-untyped-def]
    assert supervisor.get("/supervisor/audit", query_string={"contact": number}).status_code == 400
    assert supervisor.get("/supervisor/complaints", query_string={"ref": f"C-{number}"}).status_code == 400
    with db.transaction() as session:
        complaint_id = complaints.submit(session, {"summary": "Nobody called back.", "language": "en"}).id
    page = supervisor.get(f"/supervisor/complaints/{complaint_id}")
    owner = {"owner_id": number, "csrf_token": form_token(page.get_data(as_text=True))}
    assert supervisor.post(f"/supervisor/complaints/{complaint_id}/owner", data=owner).status_code == 400
