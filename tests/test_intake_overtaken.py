"""Deliveries that overtake each other inside PostgreSQL: a second delivery that needs a row a first
one wrote but has not committed waits for it, then takes back what it wrote itself and looks again,
so nothing is stored twice and nothing is lost (app.services.upserts, app.services.intake_statement).

Deterministic: the first delivery's transaction stays open until the second is seen waiting on its
rows in pg_stat_activity."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select, text

from app.models import Address, Contact, ContactEvent, Message, Resident
from app.models.base import utcnow
from app.services import intake
from channels import sms
from tests.support.twilio_signing import sms_params

RESIDENT = "+15145550123"
WAITING = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")


def _text(sid: int, body: str) -> Any:
    return sms.parse(sms_params(f"SM{sid:032x}", RESIDENT, body), received_at=utcnow())


def _receive(db, item) -> intake.IntakeResult:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return intake.receive(session, item)


def _wait_until_blocked(db) -> None:  # type: ignore[no-untyped-def]
    """Until a backend of this database waits on a lock (the second delivery on the first's rows)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            if conn.execute(WAITING).scalar():
                return
        time.sleep(0.02)
    raise AssertionError("the second delivery never waited on the first one's rows")


def _overtaken(db, first, second) -> tuple[intake.IntakeResult, intake.IntakeResult]:  # type: ignore[no-untyped-def]
    """`first` stored in a transaction held open while `second` arrives; then both finish."""
    results: dict[str, Any] = {}
    with db.transaction() as session:
        results["first"] = intake.receive(session, first)
        racer = threading.Thread(target=lambda: results.update(second=_receive(db, second)))
        racer.start()
        _wait_until_blocked(db)
    racer.join(timeout=20)
    return results["first"], results["second"]


def _stored(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Resident, Address, Contact, ContactEvent, Message)
        }


def test_a_retry_arriving_while_the_first_delivery_commits_is_stored_once(db) -> None:  # type: ignore[no-untyped-def]
    first, second = _overtaken(db, _text(1, "Is anyone there?"), _text(1, "Is anyone there?"))

    assert second.duplicate and (second.contact_id, second.message_id) == (first.contact_id, first.message_id)
    assert _stored(db) == {"resident": 1, "address": 1, "contact": 1, "contact_event": 1, "message": 1}


def test_a_second_first_text_from_a_new_number_joins_the_contact_the_first_opened(db) -> None:  # type: ignore[no-untyped-def]
    first, second = _overtaken(db, _text(2, "I need a shelter tonight"), _text(3, "For two people"))

    assert not second.duplicate and not second.new_contact and second.contact_id == first.contact_id
    assert _stored(db) == {"resident": 1, "address": 1, "contact": 1, "contact_event": 1, "message": 2}


def test_a_retry_of_a_follow_up_arriving_while_it_commits_is_stored_once(db) -> None:  # type: ignore[no-untyped-def]
    opened = _receive(db, _text(4, "Hello"))

    first, second = _overtaken(db, _text(5, "Still waiting"), _text(5, "Still waiting"))

    assert first.contact_id == opened.contact_id and second.duplicate and second.message_id == first.message_id
    assert _stored(db) == {"resident": 1, "address": 1, "contact": 1, "contact_event": 1, "message": 2}
