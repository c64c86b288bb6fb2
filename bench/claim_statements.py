"""Statements, round trips and CPU of one claim and its thread ack, measured in-process: the app as
gunicorn builds it (same database and Redis), one navigator claiming waiting contacts one after
another through the services a console's `claim` calls. Free of sockets, the load generator and
the fan-out, so it compares before and after a change more steadily than the bursts' latencies
on a shared machine (as bench/statements.py does for the webhook)."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from sqlalchemy import Engine, event, select

from app import create_app
from app.console import acks
from app.models import Contact, StaffUser
from app.runtime import database
from app.services import conversations, queue
from app.staff import from_session
from bench import seed
from config import Config

WARM_UP = 20
FIRST_RESIDENT = 9_000_000  # far from the bursts' seeded residents


def measure(env: dict[str, str], count: int) -> dict[str, Any]:
    """Per claim: statements, round trips (with BEGIN and COMMIT) and CPU ms, and one claim's statements."""
    app = create_app(Config.from_env(env))
    engine: Engine = app.extensions["switchboard.db"].engine
    seed.navigators(engine, 1, "inprocess.211.local", "in-process-claims")
    seed.waiting(engine, FIRST_RESIDENT, WARM_UP + count)
    seen: Counter[str] = Counter()
    last: list[str] = []

    def on_execute(*args: Any) -> None:
        seen["statements"] += 1
        last.append(" ".join(args[2].split())[:90])

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", lambda *_: seen.update(["commits"]))
    try:
        with app.test_request_context("/"):
            return _run(_claimable(WARM_UP + count), count, seen, last)
    finally:
        engine.dispose()


Claimable = tuple[tuple[int, int], list[int]]  # the navigator (id, session version), the contacts


def _claimable(count: int) -> Claimable:
    """The navigator as a console's cookie names them (id, session version), and the oldest waiting."""
    me = select(StaffUser.id, StaffUser.session_version).where(StaffUser.email.like("%@inprocess.211.local"))
    oldest = select(Contact.id).where(Contact.state == "queued").order_by(Contact.queued_at, Contact.id)
    with database().transaction() as session:
        return session.execute(me).tuples().one(), list(session.scalars(oldest.limit(count)))


def _claim(navigator: tuple[int, int], contact_id: int) -> None:
    """What ConsoleNamespace.on_claim does in its transaction: the user's re-check, the claim, the ack."""
    with database().transaction() as session:
        user = from_session(session, *navigator, locked=True)
        assert user is not None
        queue.claim(session, user, contact_id)
        acks.thread(*conversations.read_thread(session, user, contact_id))


def _run(claimable: Claimable, count: int, seen: Counter[str], last: list[str]) -> dict[str, Any]:
    navigator, ids = claimable
    for contact_id in ids[:WARM_UP]:
        _claim(navigator, contact_id)
    seen.clear()
    t0 = time.process_time()
    for contact_id in ids[WARM_UP:]:
        last.clear()
        _claim(navigator, contact_id)
    time.sleep(0.5)  # let the background emitter publish the events; the CPU it spends is counted
    cpu = time.process_time() - t0
    return {
        "claims": count,
        "statements": round(seen["statements"] / count, 2),
        "round_trips": round((seen["statements"] + 2 * seen["commits"]) / count, 2),
        "cpu_ms": round(1000 * cpu / count, 2),
        "statements_of_one": list(last),
    }
