"""Statements, round trips and CPU per webhook, measured in-process: the app as gunicorn builds it
(same database and Redis), driven by Flask's test client. Every SQL statement is counted with a
SQLAlchemy `before_cursor_execute` listener. Free of the load generator and steadier than rates on
a shared machine, so the before and after of a change compare cleanly."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import psycopg

from app import create_app
from app.models.base import utcnow
from app.services import intake_sql, intake_statement
from bench.failure import BenchFailure
from bench.webhook_data import PATH, phone
from channels import sms
from config import Config
from tests.support.twilio_signing import signed_headers, sms_params

FIRST_RESIDENT = 7_000_000  # far from the resident numbers of the wrk traffic, and their numbers valid
FORM = "application/x-www-form-urlencoded"


def _webhooks(count: int, text: int) -> list[tuple[str, dict[str, str]]]:
    """`count` residents' `text`-th texts, form-encoded and signed."""
    made = []
    for i in range(count):
        body = f"Text {text} from resident {i}: I need help with rent"  # the same text from all would be spam
        params = sms_params(f"SMinproc{text}{i:025d}", phone(FIRST_RESIDENT + i), body)
        made.append((urlencode(params), {**signed_headers(PATH, params), "Content-Type": FORM}))
    return made


def intake_statement_chars() -> int:
    """Characters of intake's statement as psycopg receives it, which keeps its conversion of the
    placeholders only under 4,096 (docs/decisions.md, "On PostgreSQL, intake is one statement")."""
    sample = sms.parse(sms_params("SM" + "0" * 32, phone(FIRST_RESIDENT), "Text"), received_at=utcnow())
    new, message = intake_statement.written_rows(sample)
    statement = intake_sql.statement(frozenset(new), frozenset(message))
    return len(str(statement.compile(dialect=psycopg.dialect())))


def measure(env: dict[str, str], count: int) -> dict[str, Any]:
    """Per webhook: statements, round trips and CPU ms, for texts opening a contact and for
    follow-ups joining one; plus the statements of one webhook of each kind."""
    app = create_app(Config.from_env(env))
    engine = app.extensions["switchboard.db"].engine
    seen: Counter[str] = Counter()
    statements: list[str] = []

    def on_execute(*args: Any) -> None:
        seen["statements"] += 1
        statements.append(" ".join(args[2].split())[:90])

    listeners = {
        "before_cursor_execute": on_execute,
        "commit": lambda *_: seen.update(["commits"]),
        "checkout": lambda *_: seen.update(["pings"] if engine.pool._pre_ping else []),
    }
    for name, listener in listeners.items():
        event.listen(engine.pool if name == "checkout" else engine, name, listener)
    try:
        client = app.test_client()
        return {
            kind: _run(client, _webhooks(count, text), seen, statements)
            for kind, text in (("new_contact", 1), ("follow_up", 2))
        }
    finally:
        for name, listener in listeners.items():
            event.remove(engine.pool if name == "checkout" else engine, name, listener)
        engine.dispose()


def _run(
    client: Any, hooks: list[tuple[str, dict[str, str]]], seen: Counter[str], statements: list[str]
) -> dict[str, Any]:
    """Post the webhooks; per webhook averages. Round trips add BEGIN and COMMIT per transaction,
    which are not cursor executes (and a `SELECT 1` per checkout when the pool pre-pings, which
    app/db.py no longer does)."""
    before, t0 = Counter(seen), time.process_time()
    for i, (body, headers) in enumerate(hooks):
        if i == len(hooks) - 1:
            statements.clear()
        if client.post(PATH, data=body, headers=headers).status_code != 200:
            raise BenchFailure("an in-process webhook was not answered 200")
    time.sleep(0.5)  # let the background emitter publish the events; the CPU it spends is counted
    cpu = time.process_time() - t0
    done = seen - before
    n = len(hooks)
    return {
        "webhooks": n,
        "statements": round(done["statements"] / n, 2),
        "round_trips": round((done["statements"] + 2 * done["commits"] + done["pings"]) / n, 2),
        "cpu_ms": round(1000 * cpu / n, 2),
        "statements_of_one": list(statements),
    }
