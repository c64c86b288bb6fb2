"""Access and erasure on request (docs/privacy.md): an administrator finds a resident by a number
in any format or an address in any case, reads everything held about them on a page, exports it
as JSON, and erases it after a reason and a typed confirmation, refused while a follow-up is open;
each step audited, June 2024's reports unchanged, the other residents untouched. Only
administrators. The same service on the embedded SQLite database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app import create_app
from app import staff as staff_service
from app.models import Address, AuditEntry, Contact, StaffUser
from app.models.base import utcnow
from app.privacy import holdings, requests, retention
from app.reports import rollup
from app.wrapup.models import FollowUp
from config import Config
from tests.conftest import PASSWORD
from tests.support import residents, services
from tests.support.residents import ATTACHMENT, CITY, EMAIL, MESSAGE_ID, NAME, PERSONAL, PHONE, STREET, ZONE
from tests.support.signin import form_token, post_login

REASON = "Resident asked by phone on 2026-11-30"
CONFIRMED = {"reason": REASON, "confirmation": "ERASE"}


def signed_in(app, make_staff, role: str) -> tuple[FlaskClient, int]:  # type: ignore[no-untyped-def]
    client, email = app.test_client(), make_staff(role)
    assert post_login(client, email, PASSWORD).status_code == 302
    with app.extensions["switchboard.db"].transaction() as session:
        return client, session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()


@pytest.fixture
def seeded(db, make_staff) -> dict[str, int]:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    with db.transaction() as session:
        ids = residents.seed(session, session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one())
    rollup.build_all(db.transaction, ZONE, 2)
    return ids


@pytest.fixture
def admin(app, make_staff) -> tuple[FlaskClient, int]:  # type: ignore[no-untyped-def]
    return signed_in(app, make_staff, "admin")


def resident_of(db, contact_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(Contact.resident_id).where(Contact.id == contact_id)).one()


def find(client: FlaskClient, text: str) -> str:
    token = form_token(client.get("/admin/privacy").text)
    page = client.post("/admin/privacy", data={"q": text, "csrf_token": token})
    assert page.status_code == 200
    return page.text


def erase(client: FlaskClient, resident: int, **form: str) -> Any:
    url = f"/admin/privacy/residents/{resident}/erase"
    return client.post(url, data={**form, "csrf_token": form_token(client.get(url).text)})


def audited(db, action: str) -> list[tuple[int | None, int | None, str | None]]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.contact_id))
        return [(e.staff_id, e.contact_id, e.detail) for e in rows]


def test_an_admin_finds_a_resident_by_number_in_any_format_and_reads_everything(db, seeded, admin) -> None:  # type: ignore[no-untyped-def]
    client, admin_id = admin
    ana = resident_of(db, seeded["texted"])
    assert re.findall(r"/admin/privacy/residents/(\d+)", find(client, "(613) 555-0111")) == [str(ana)]
    page = client.get(f"/admin/privacy/residents/{ana}")
    assert page.status_code == 200
    for held in (PHONE, f"{NAME} has two children", STREET, CITY, f"{NAME} was put on hold", f"Spoke to {NAME}"):
        assert held in page.text
    theirs = sorted(seeded[name] for name in ("texted", "called", "followed"))
    assert audited(db, "privacy.read") == [(admin_id, n, f"everything held about resident {ana}") for n in theirs]


def test_an_email_address_in_any_case_and_an_unknown_one(db, seeded, admin) -> None:  # type: ignore[no-untyped-def]
    client, _ = admin
    found = find(client, "  Anabelle.QUIST@example.org ")
    assert f"/admin/privacy/residents/{resident_of(db, seeded['emailed'])}" in found and "1 contact" in found
    assert "Nobody has this number or address." in find(client, "+16135550999")
    assert "Nobody has this number or address." in find(client, "anabelle\x00@example.org")


def test_the_json_export_holds_everything_and_is_audited(db, seeded, admin) -> None:  # type: ignore[no-untyped-def]
    client, admin_id = admin
    mail = resident_of(db, seeded["emailed"])
    response = client.get(f"/api/privacy/residents/{mail}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    held = response.get_json()
    assert held["addresses"][0] | {"first_seen": None} == {
        "channel": "email", "value": EMAIL, "erased": False, "first_seen": None, "opted_out_at": None}  # fmt: skip
    (contact,) = held["contacts"]
    assert contact["emails"] == [{"subject": f"{NAME} lease", "message_id": MESSAGE_ID, "attachments": [
        {"filename": ATTACHMENT, "content_type": "application/pdf", "size": 3, "content_kept": True}]}]  # fmt: skip
    assert contact["complaints"][0]["contact_details"] == EMAIL and contact["messages"][0]["body"].startswith("From")
    assert audited(db, "export") == [(admin_id, seeded["emailed"], f"everything held about resident {mail} (JSON)")]


def test_erasure_on_request_after_a_reason_and_a_confirmation(db, seeded, admin) -> None:  # type: ignore[no-untyped-def]
    client, admin_id = admin
    ana = resident_of(db, seeded["texted"])
    form = client.get(f"/admin/privacy/residents/{ana}/erase")
    assert form.status_code == 200 and 'name="reason"' in form.text and "Type ERASE to confirm" in form.text
    short = erase(client, ana, reason="asked", confirmation="ERASE")
    assert short.status_code == 400 and "Give the reason in 10 to 150 characters" in short.text
    unconfirmed = erase(client, ana, reason=REASON, confirmation="erase please")
    assert unconfirmed.status_code == 400 and "Type ERASE to confirm" in unconfirmed.text
    nul = erase(client, ana, reason=f"{REASON}\x00", confirmation="ERASE")
    assert nul.status_code == 400 and "cannot hold a NUL character" in nul.text
    refused = erase(client, ana, **CONFIRMED)
    assert refused.status_code == 409 and f"contact {seeded['followed']} has an open follow-up" in refused.text
    assert audited(db, "privacy.erased") == []

    with db.transaction() as session:
        session.execute(update(FollowUp).where(FollowUp.contact_id == seeded["followed"])
                        .values(outcome="needs_met", closed_at=utcnow()))  # fmt: skip
        before = residents.reports(session)  # (the follow-up's outcome is in the planners' tables)
    done = erase(client, ana, **CONFIRMED)
    assert done.status_code == 200 and "Erased the personal information of 3 contacts" in done.text
    assert not [text for text in PERSONAL if text in done.text]
    theirs = sorted(seeded[name] for name in ("texted", "called", "followed"))
    assert audited(db, "privacy.erased") == [(admin_id, n, f"on request: {REASON}") for n in theirs]
    with db.transaction() as session:
        assert residents.reports(session) == before
        values = session.scalars(select(Address.value).where(Address.resident_id == ana)).all()
        assert len(values) == 2 and all(v.startswith("erased:") for v in values)
        assert NAME in str(holdings.gather(session, resident_of(db, seeded["emailed"])))  # another resident's
    assert "Nobody has this number or address." in find(client, PHONE)
    assert "Erased the personal information of 0 contacts" in erase(client, ana, **CONFIRMED).text


def test_only_admins(app, db, seeded, make_staff) -> None:  # type: ignore[no-untyped-def]
    supervisor, _ = signed_in(app, make_staff, "supervisor")
    ana = resident_of(db, seeded["texted"])
    for path in ("/admin/privacy", f"/admin/privacy/residents/{ana}", f"/admin/privacy/residents/{ana}/erase"):
        assert supervisor.get(path).status_code == 403, path
    assert supervisor.get(f"/api/privacy/residents/{ana}").get_json()["error"] == "forbidden"
    admin, _ = signed_in(app, make_staff, "admin")
    assert admin.get("/admin/privacy/residents/999999").status_code == 404
    assert admin.get("/api/privacy/residents/999999").status_code == 404
    beyond = 2**40  # no id column holds it: a 404 before the database is asked (schemathesis found the 500)
    assert admin.get(f"/api/privacy/residents/{beyond}").status_code == 404
    assert admin.get(f"/admin/privacy/residents/{beyond}/erase").status_code == 404
    token = form_token(admin.get("/admin/privacy").text)
    posted = admin.post(f"/admin/privacy/residents/{beyond}/erase", data={**CONFIRMED, "csrf_token": token})
    assert posted.status_code == 404


def test_the_same_on_the_embedded_sqlite_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'switchboard.db'}"
    services.migrate(url)
    db = create_app(Config(DATABASE_URL=url, REDIS_URL="")).extensions["switchboard.db"]
    with db.transaction() as session:
        staff = staff_service.create(session, email="admin@test.211.local", role="admin", password=PASSWORD)
        residents.seed(session, staff.id)
        before = residents.reports(session)
    assert retention.purge(db.transaction, 365, batch=2) == 6
    with db.transaction() as session:
        assert residents.reports(session) == before
        (ana,) = holdings.find(session, "613-555-0111", "CA")
        session.execute(update(FollowUp).values(outcome="needs_met", closed_at=utcnow()))
        closed = residents.reports(session)
    with db.transaction() as session:
        assert requests.erase_resident(session, ana, staff.id, REASON, "ERASE") == 1  # the follow-up's
    with db.transaction() as session:
        assert residents.reports(session) == closed
        assert NAME not in str(holdings.gather(session, ana)) and holdings.find(session, PHONE, "CA") == []
