"""A web process's PostgreSQL connections (docs/configuration.md, DATABASE_POOL_SIZE): a burst of
transactions beyond the pool waits for a connection instead of opening more, every transaction of
the burst still completes, and the connections opened stay open for the next burst, so that
PostgreSQL does not start a new session for each burst (docs/decisions.md). A request never holds
two connections at once, even to audit a refusal its transaction rolls back."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from app import create_app
from app.db import Database, Ports, private_engine
from app.errors import NotFound
from app.models import AuditEntry, StaffUser
from app.models.base import utcnow
from app.services import conversations, intake
from channels import sms
from config import Config
from tests.support.twilio_signing import sms_params

POOL = 3
BURST = 12


def _burst(database: Database, sessions_seen: list[int]) -> None:
    """BURST transactions at once, each holding its connection a moment; records each one's PostgreSQL backend."""
    lock = threading.Lock()

    def one() -> None:
        with database.transaction() as session:
            pid = session.scalar(text("SELECT pg_backend_pid() FROM pg_sleep(0.05)"))
        with lock:
            sessions_seen.append(pid)

    threads = [threading.Thread(target=one) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def test_a_burst_waits_for_the_pools_connections_and_keeps_them_for_the_next(settings: dict[str, str]) -> None:
    app = create_app(Config.from_env({**settings, "DATABASE_POOL_SIZE": str(POOL)}))
    database = app.extensions["switchboard.db"]
    try:
        first: list[int] = []
        _burst(database, first)
        second: list[int] = []
        _burst(database, second)
        assert len(first) == len(second) == BURST  # nothing refused, nothing lost
        assert len(set(first)) == POOL  # never more sessions than the pool keeps
        assert set(second) == set(first)  # the same sessions served the next burst
    finally:
        database.engine.dispose()


def test_a_refused_read_is_audited_on_the_one_connection_its_request_holds(db, make_staff) -> None:  # type: ignore[no-untyped-def]
    """The refusal's audit entry outlives the request's rollback without a second connection: with
    a pool of one, a second would wait for the first, held by the same request, until the pool
    gave up (as many refusals at once as the pool has connections, in a web process)."""
    email = make_staff("navigator")
    with db.transaction() as session:
        item = sms.parse(sms_params("SM" + "7" * 32, "+15145550177", "I need help"), received_at=utcnow())
        contact_id = intake.receive(session, item).contact_id  # queued: a navigator reads it by claiming it
        navigator_id = session.scalar(select(StaffUser.id).where(StaffUser.email == email))
    one = Database(private_engine(db.engine.url, pool_size=1, max_overflow=0, pool_timeout=2), ports_of(db))
    try:
        with pytest.raises(NotFound), one.transaction() as session:
            conversations.read_thread(session, session.get(StaffUser, navigator_id), contact_id)
    finally:
        one.engine.dispose()

    with db.transaction() as session:
        refused = session.scalars(select(AuditEntry).where(AuditEntry.action == "contact.read_denied")).all()
        assert [(e.staff_id, e.contact_id) for e in refused] == [(navigator_id, contact_id)]


def ports_of(database: Database) -> Ports:
    return database.Session.kw["info"]["ports"]
