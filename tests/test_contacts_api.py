"""Staff read the live queue and a contact's thread as JSON with their signed-in session (401
without one), every thread read leaves an audit entry that never holds the message itself, and
the sign-in page guards the console."""

from __future__ import annotations

import uuid

import requests
from sqlalchemy import select

from app import staff as staff_service
from app.models import AuditEntry, Contact
from tests.conftest import PASSWORD
from tests.support.signin import post_login
from tests.support.twilio_signing import signed_headers, sms_params


def resident_texts(base_url: str, from_: str, body: str) -> None:
    params = sms_params("SM" + uuid.uuid4().hex, from_, body)
    response = requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200, response.text


def contact_id_from(db, from_e164: str) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        contact = session.scalars(select(Contact).where(Contact.from_raw == from_e164)).one()
        return contact.id


def sign_in(base_url: str, email: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    http = requests.Session()
    return http, post_login(http, email, password, base_url)


def test_api_answers_401_json_without_a_session(live, db):  # type: ignore[no-untyped-def]
    resident_texts(live.base_url, "+15145550101", "I need help with rent")
    contact_id = contact_id_from(db, "+15145550101")

    for path in ("/api/contacts?state=queued", "/api/contacts", f"/api/contacts/{contact_id}"):
        response = requests.get(live.base_url + path, allow_redirects=False)
        assert response.status_code == 401, path
        assert response.headers["Content-Type"].startswith("application/json"), path
        assert response.json()["error"] == "unauthorized"
        assert "rent" not in response.text


def test_queue_lists_queued_and_claimed_contacts_separately(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    resident_texts(live.base_url, "+15145550102", "Food bank hours?")
    resident_texts(live.base_url, "+15145550103", "Shelter tonight")
    waiting = amira.wait_for("contact_queued", lambda d: d["contact"]["preview"] == "Food bank hours?")["contact_id"]
    taken = amira.wait_for("contact_queued", lambda d: d["contact"]["preview"] == "Shelter tonight")["contact_id"]
    assert amira.call("claim", contact_id=taken)["ok"]

    queued = amira.http.get(f"{live.base_url}/api/contacts?state=queued")
    assert queued.status_code == 200
    assert [c["id"] for c in queued.json()["contacts"]] == [waiting]
    assert queued.json()["contacts"][0]["state"] == "queued"

    claimed = amira.http.get(f"{live.base_url}/api/contacts?state=claimed").json()["contacts"]
    assert [(c["id"], c["navigator"]["name"]) for c in claimed] == [(taken, "Amira")]

    everything = amira.http.get(f"{live.base_url}/api/contacts").json()["contacts"]
    assert [c["id"] for c in everything] == [waiting, taken]  # longest waiting first


def test_unknown_state_filter_is_400(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    response = amira.http.get(f"{live.base_url}/api/contacts?state=bogus")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["message"]


def test_unknown_contact_is_404_json(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    response = amira.http.get(f"{live.base_url}/api/contacts/987654")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "not_found"


def test_reading_a_thread_is_audited_without_the_message(live, db, make_staff):  # type: ignore[no-untyped-def]
    body = f"My landlord changed the locks {uuid.uuid4().hex[:8]}"
    resident_texts(live.base_url, "+15145550104", body)
    contact_id = contact_id_from(db, "+15145550104")
    email = make_staff("supervisor", "Amira")  # leads may read any thread; navigators see tests/test_need_to_know.py
    http, response = sign_in(live.base_url, email)
    assert response.status_code == 302

    thread = http.get(f"{live.base_url}/api/contacts/{contact_id}")
    assert thread.status_code == 200
    assert thread.json()["contact"]["id"] == contact_id
    assert [m["body"] for m in thread.json()["messages"]] == [body]

    with db.transaction() as session:
        staff_id = staff_service.find_by_email(session, email).id
        entries = session.scalars(select(AuditEntry).where(AuditEntry.contact_id.is_not(None))).all()
        assert [(e.staff_id, e.action, e.contact_id) for e in entries] == [(staff_id, "contact.read", contact_id)]
        stored = [getattr(entries[0], column.key) for column in AuditEntry.__table__.columns]
        assert not any("landlord" in str(value) for value in stored)


def test_login_page_renders_the_form(live):  # type: ignore[no-untyped-def]
    response = requests.get(f"{live.base_url}/login")
    assert response.status_code == 200
    assert 'name="email"' in response.text
    assert 'name="password"' in response.text


def test_wrong_password_is_401_with_the_error_shown(live, make_staff):  # type: ignore[no-untyped-def]
    email = make_staff()
    http, response = sign_in(live.base_url, email, "not the right password")
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert http.get(f"{live.base_url}/api/contacts").status_code == 401  # and no session was opened


def test_five_wrong_passwords_lock_the_account_for_a_while_even_against_the_right_one(live, db, make_staff):  # type: ignore[no-untyped-def]
    email = make_staff()
    for _ in range(staff_service.MAX_FAILED_LOGINS):
        assert sign_in(live.base_url, email, "a guess at the password")[1].status_code == 401

    http, locked = sign_in(live.base_url, email)  # the right password, too late
    assert locked.status_code == 401
    assert "After five wrong tries in a row an account is locked for 15 minutes." in locked.text
    assert http.get(f"{live.base_url}/api/contacts").status_code == 401

    with db.transaction() as session:  # an administrator re-enables the account: the lock lifts
        staff_service.set_active(session, email, True)
    assert sign_in(live.base_url, email)[1].status_code == 302


def test_a_successful_sign_in_forgives_earlier_typos(live, make_staff):  # type: ignore[no-untyped-def]
    email = make_staff()
    for _ in range(staff_service.MAX_FAILED_LOGINS - 1):
        sign_in(live.base_url, email, "typo")
    assert sign_in(live.base_url, email)[1].status_code == 302
    assert sign_in(live.base_url, email, "typo")[1].status_code == 401  # counting starts again
    assert sign_in(live.base_url, email)[1].status_code == 302


def test_correct_password_redirects_to_the_console(live, make_staff):  # type: ignore[no-untyped-def]
    http, response = sign_in(live.base_url, make_staff())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/console")
    page = http.get(f"{live.base_url}/console", allow_redirects=False)
    assert page.status_code == 200


def test_console_without_a_session_redirects_to_login(live):  # type: ignore[no-untyped-def]
    response = requests.get(f"{live.base_url}/console", allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login?next=/console")


def test_signing_in_from_a_redirect_returns_to_the_page_asked_for_but_never_off_site(live, make_staff):  # type: ignore[no-untyped-def]
    email = make_staff()
    form = requests.get(f"{live.base_url}/login?next=/api/contacts").text
    assert 'action="/login?next=/api/contacts"' in form

    http = requests.Session()
    back = post_login(http, email, PASSWORD, live.base_url, "?next=/api/contacts")
    assert back.headers["Location"] == "/api/contacts"
    away = post_login(http, email, PASSWORD, live.base_url, "?next=//evil.example/")
    assert away.headers["Location"] == "/console"
