"""Retention (docs/privacy.md): contacts closed longer ago than the period lose their personal
information, everywhere it is held, while June 2024's funder report, its rollup and the planners'
tables stay exactly as they were; a contact with an open follow-up or complaint is kept until it
closes; erasing again changes nothing; the workers' sweep goes a batch at a time; the audit trail
records each erasure without the information; the operators' command does it all at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from app import create_app
from app.complaints.models import Complaint
from app.mail.models import EmailHeaders, EmailPart, MailboxUid
from app.models import Address, AuditEntry, Contact, Message, StaffUser
from app.models.base import utcnow
from app.privacy import retention
from app.reports import rollup
from app.wrapup.models import FollowUp, WrapUp
from config import Config
from tests.support import residents
from tests.support.residents import NAME, PERSONAL, PHONE, ZONE
from workers import sweeps

YEAR = 365
ERASED_AT_FIRST = ("texted", "called", "chatted", "abandoned")  # the follow-up, the complaint and last week's: kept


@pytest.fixture
def seeded(db, make_staff) -> dict[str, int]:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    with db.transaction() as session:
        staff_id = session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()
        ids = residents.seed(session, staff_id)
    rollup.build_all(db.transaction, ZONE, 2)
    return ids


def purge(db) -> int:  # type: ignore[no-untyped-def]
    return retention.purge(db.transaction, YEAR, batch=2)


def erased(db, ids: dict[str, int]) -> set[str]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        done = set(session.scalars(select(Contact.id).where(Contact.erased_at.is_not(None))))
    return {name for name, contact_id in ids.items() if contact_id in done}


def contact_texts(db, contact_id: int) -> str:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        contact = session.get(Contact, contact_id)
        bodies = session.scalars(select(Message.body).where(Message.contact_id == contact_id))
        return " ".join([contact.from_raw, contact.preview, *bodies])


def test_the_purge_erases_personal_information_and_the_reports_stay(db, seeded) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        before = residents.reports(session)
    assert before["rolled"]["figures"][0]["value"] == 1 and len(before["built"]) > 30  # calls served, days built

    assert purge(db) == len(ERASED_AT_FIRST) + 2  # and the public form's complaint, the silent chat

    assert erased(db, seeded) == set(ERASED_AT_FIRST)
    with db.transaction() as session:
        assert residents.reports(session) == before  # the same figures, and no built day invalidated
        wrapup = session.get(WrapUp, seeded["texted"])
        assert (wrapup.area, wrapup.demographics, wrapup.notes, wrapup.mailing_address) == (
            "K1A 0B1", {"age": "25_34"}, None, None)  # fmt: skip
        media = session.scalars(select(Message.media).where(Message.contact_id == seeded["texted"])).all()
    assert media == [[], []]
    assert NAME not in contact_texts(db, seeded["texted"]) and PHONE not in contact_texts(db, seeded["called"])
    assert PHONE in contact_texts(db, seeded["followed"]) and NAME in contact_texts(db, seeded["emailed"])
    assert "+16135550133" in contact_texts(db, seeded["recent"])


def test_an_address_a_kept_contact_uses_stays_and_an_erased_one_becomes_a_token(db, seeded) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        address_of = dict(session.execute(select(Contact.id, Contact.address_id)).tuples().all())
    purge(db)
    with db.transaction() as session:
        now = dict(session.execute(select(Contact.id, Contact.address_id)).tuples().all())
        values = dict(session.execute(select(Address.id, Address.value)).tuples().all())
    texted, called, followed = (seeded[name] for name in ("texted", "called", "followed"))
    assert now[texted] == now[followed] == address_of[texted] and values[now[texted]] == PHONE  # still needed
    assert now[called] != address_of[called] and values[now[called]].startswith("erased:")
    assert address_of[called] not in values and len(set(now.values())) == len(set(address_of.values()))


def test_a_contact_is_kept_until_its_follow_up_and_its_complaint_close(db, seeded) -> None:  # type: ignore[no-untyped-def]
    purge(db)
    assert {"followed", "emailed"}.isdisjoint(erased(db, seeded))
    with db.transaction() as session:
        session.execute(update(FollowUp).where(FollowUp.contact_id == seeded["followed"])
                        .values(outcome="needs_met", closed_at=utcnow()))  # fmt: skip
    assert purge(db) == 1 and "followed" in erased(db, seeded) and "emailed" not in erased(db, seeded)
    with db.transaction() as session:
        session.execute(update(Complaint).where(Complaint.contact_id == seeded["emailed"])
                        .values(status="withdrawn", withdrawn_at=utcnow()))  # fmt: skip
    assert purge(db) == 1 and erased(db, seeded) == {*ERASED_AT_FIRST, "followed", "emailed"}
    with db.transaction() as session:
        left = residents.everything(session)
        assert session.scalars(select(EmailPart.content)).all() == [None]
        keys = {session.scalars(select(model.provider_id).where(model.provider_id.startswith("sha256:"))).one()
                for model in (Message, EmailHeaders, MailboxUid)}  # fmt: skip
    assert len(keys) == 1  # the email's rows, still joined by their key
    assert [text for text in PERSONAL if text in left] == []  # nothing personal anywhere, but last week's


def test_erasing_again_changes_nothing(db, seeded) -> None:  # type: ignore[no-untyped-def]
    purge(db)
    with db.transaction() as session:
        first = residents.everything(session)
    assert purge(db) == 0
    with db.transaction() as session:
        assert residents.everything(session) == first


def test_the_audit_trail_records_each_erasure_without_the_information(db, seeded) -> None:  # type: ignore[no-untyped-def]
    purge(db)
    with db.transaction() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.erased")).all()
        web = session.scalars(select(Complaint).where(Complaint.channel == "web")).one().reference
    assert sorted(e.contact_id for e in entries if e.contact_id) == sorted(seeded[name] for name in ERASED_AT_FIRST)
    details = {(e.staff_id, e.detail) for e in entries}
    assert details == {(None, f"retention: closed before {cutoff_day()}"),
                       (None, f"retention: closed before {cutoff_day()}: complaint {web}"),
                       (None, f"retention: closed before {cutoff_day()}: 1 web chats without a message")}  # fmt: skip


def cutoff_day() -> str:
    found = retention.cutoff(YEAR)
    assert found is not None
    return found.date().isoformat()


def test_the_workers_sweep_erases_a_batch_each_time(settings: dict[str, Any], db, seeded) -> None:  # type: ignore[no-untyped-def]
    worker = create_app(Config.from_env({**settings, "RETENTION_DAYS": str(YEAR), "RETENTION_BATCH": "3"}),
                        role="worker")  # fmt: skip
    sweeps.run_once(worker)
    assert len(erased(db, seeded)) == 3
    sweeps.run_once(worker)
    assert erased(db, seeded) == set(ERASED_AT_FIRST)
    with db.transaction() as session:
        assert session.scalars(select(Complaint.name).where(Complaint.status != "acknowledged")).all() == [None, None]


def test_the_operators_command(app, db, seeded) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    off = runner.invoke(args=["privacy", "purge"])  # the tests' RETENTION_DAYS is 0
    assert off.exit_code == 0 and "Retention is off" in off.output and erased(db, seeded) == set()
    done = runner.invoke(args=["privacy", "purge", "--days", str(YEAR)])
    assert done.exit_code == 0, done.output
    said = f"Erased 6 contacts, complaints and silent web chats older than {YEAR} days."
    assert done.output.strip() == said
    assert "Invalid value" in runner.invoke(args=["privacy", "purge", "--days", "0"]).output
