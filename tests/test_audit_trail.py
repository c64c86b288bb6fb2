"""The audit trail people can read (docs/audit.md): who looked at a resident's record, in one
screen; security events with who, when and from where, never the personal information; a CSV
export that is itself recorded; and no way to change or remove an entry."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import requests
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.models import AuditEntry
from tests.conftest import PASSWORD
from tests.support.signin import post_login
from tests.support.staff import signed_in
from tests.test_contacts_api import contact_id_from, resident_texts


def _entries(db, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _rows(page_html: str) -> list[str]:
    return [row for row in page_html.split("<tr data-action=")[1:]]


def test_who_looked_at_this_residents_record_is_one_screen(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    number = "+1514555" + str(uuid.uuid4().int)[:4]
    secret = uuid.uuid4().hex[:10]
    resident_texts(live.base_url, number, f"First time: rent ({secret})")
    first = contact_id_from(db, number)
    with db.transaction() as session:  # the first contact ends; the resident writes again later
        session.execute(text("UPDATE contact SET state = 'closed' WHERE id = :id"), {"id": first})
    resident_texts(live.base_url, number, f"Second time: food ({secret})")
    with db.transaction() as session:
        second = session.scalar(text("SELECT max(id) FROM contact"))
    amira, _ = signed_in(live, make_staff, "supervisor")
    assert amira.get(f"{live.base_url}/api/contacts/{first}").status_code == 200
    bruno, _ = signed_in(live, make_staff, "admin")
    assert bruno.get(f"{live.base_url}/api/contacts/{second}").status_code == 200

    sofia, _ = signed_in(live, make_staff, "supervisor")
    page = sofia.get(f"{live.base_url}/supervisor/audit", params={"contact": second})
    assert page.status_code == 200
    reads = [row for row in _rows(page.text) if row.startswith('"contact.read"')]
    assert len(reads) == 2  # both of the resident's contacts, by the two who read them
    assert any(f">{first}</a>" in row for row in reads) and any(f">{second}</a>" in row for row in reads)
    assert secret not in page.text and number not in page.text


def test_security_events_say_who_when_and_from_where_never_what_was_typed(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator", "Nadia")
    for _ in range(5):  # five wrong passwords lock the account
        assert post_login(requests.Session(), email, "wrong-password-1", live.base_url).status_code == 401
    typed = f"nobody-{uuid.uuid4().hex[:6]}@example.org"
    assert post_login(requests.Session(), typed, PASSWORD, live.base_url).status_code == 401

    failed = _entries(db, "sign_in.failed")
    assert [e.detail for e in failed] == ["wrong password"] * 5 + ["unknown account"]
    assert failed[0].subject_staff_id is not None and failed[-1].subject_staff_id is None
    assert {e.address for e in failed} == {"127.0.0.1"}
    assert len(_entries(db, "sign_in.locked")) == 1
    with db.transaction() as session:
        stored = " ".join(str(v) for row in session.execute(select(AuditEntry.__table__)) for v in row)
    assert typed not in stored and "wrong-password" not in stored

    navigator, _ = signed_in(live, make_staff, "navigator")
    assert navigator.get(f"{live.base_url}/supervisor/audit").status_code == 403
    refused = _entries(db, "access.refused")
    assert [e.detail for e in refused] == ["GET /supervisor/audit"] and refused[0].staff_id is not None


def test_the_csv_export_holds_the_entries_and_is_itself_recorded(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    lead, _ = signed_in(live, make_staff, "supervisor")
    answer = lead.get(f"{live.base_url}/supervisor/audit", params={"action": "sign_in", "format": "csv"})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["action"] for row in rows] == ["sign_in"] and rows[0]["address"] == "127.0.0.1"
    [export] = _entries(db, "export")
    assert export.detail is not None and export.detail.startswith("audit trail (1 entries")
    assert lead.get(f"{live.base_url}/supervisor/audit", params={"action": "nonsense"}).status_code == 400


def test_nobody_can_change_or_remove_an_entry(live, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    lead, _ = signed_in(live, make_staff, "admin")
    assert lead.post(f"{live.base_url}/supervisor/audit").status_code in (403, 405)  # no route writes
    for statement in ("UPDATE audit_entry SET detail = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
            session.execute(text(statement))
    assert len(_entries(db, "sign_in")) == 1
