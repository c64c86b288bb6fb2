"""A transaction rolled back on PostgreSQL undoes its writes, and its connection keeps the
statements psycopg prepared on it (app.prepared_statements): a refusal in a surge (a claim lost to
another navigator) does not send the next claims back to being parsed and planned anew."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from app import staff as staff_service
from app.db import Database, make_engine
from app.errors import AlreadyClaimed
from app.models import AuditEntry, Contact, StaffUser
from app.models.base import utcnow
from app.services import intake, queue
from channels import sms
from tests.support.twilio_signing import sms_params
from tests.test_database_pool import ports_of

PREPARED_AFTER = 5  # psycopg prepares a statement once it has run this many times on a connection
_PREPARED = text("SELECT statement FROM pg_prepared_statements")


@pytest.fixture
def one_connection(db: Database) -> Iterator[Database]:
    """The app's database with a pool of one: every transaction runs on the same PostgreSQL session."""
    database = Database(make_engine(db.engine.url.render_as_string(hide_password=False), pool_size=1), ports_of(db))
    yield database
    database.engine.dispose()


def _waiting(database: Database, count: int) -> list[int]:
    with database.transaction() as session:
        texts = [sms_params(f"SM{n:032d}", f"+1514555{n:04d}", "I need help with my rent") for n in range(count)]
        return [intake.receive(session, sms.parse(params, received_at=utcnow())).contact_id for params in texts]


def _prepared(database: Database) -> set[str]:
    with database.transaction() as session:
        return set(session.scalars(_PREPARED))


def test_a_lost_claim_writes_nothing_and_its_connection_keeps_its_prepared_statements(  # type: ignore[no-untyped-def]
    one_connection, make_staff
) -> None:
    first, second = make_staff("navigator"), make_staff("navigator")
    contacts = _waiting(one_connection, PREPARED_AFTER + 1)
    for contact_id in contacts:  # enough claims for the claim's statements to be prepared
        with one_connection.transaction() as session:
            queue.claim(session, staff_service.find_by_email(session, first), contact_id)
    prepared = _prepared(one_connection)
    assert any("UPDATE contact SET state" in statement for statement in prepared)  # the claim's move

    with pytest.raises(AlreadyClaimed), one_connection.transaction() as session:
        navigator = staff_service.find_by_email(session, second)
        session.add(AuditEntry(staff_id=navigator.id, action="probe.rolled_back", at=utcnow()))
        session.flush()  # written in the transaction the lost claim rolls back
        queue.claim(session, navigator, contacts[0])

    with one_connection.transaction() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action == "probe.rolled_back")) == 0
        holder = select(StaffUser.email).join(Contact, Contact.navigator_id == StaffUser.id)
        assert session.scalar(holder.where(Contact.id == contacts[0])) == first  # still the first navigator's
    assert prepared <= _prepared(one_connection)  # the rollback deallocated nothing
