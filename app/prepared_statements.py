"""psycopg's prepared statements outlive a rolled-back transaction, as PostgreSQL's do.

psycopg prepares a statement once it has run five times on a connection, and then sends only its
name and values: PostgreSQL neither parses nor plans it again. But psycopg's own rollback forgets
every statement the connection prepared, and deallocates them on the server in one more round
trip (DEALLOCATE ALL): its guard against a rolled-back DROP or ALTER whose objects are later made
again. So each refusal that rolls a transaction back (a claim lost to another navigator: one in
five in a surge) set the connection's statements back to five unprepared runs each. In a burst
of claims, two thirds of the claim's statements ran unprepared (docs/benchmarks.md, issue 6).

The app's transactions change no schema (migrations run on engines of their own), so before
SQLAlchemy's rollback the connection is rolled back here as psycopg sends its own commands
(app.pg_commands). psycopg's
rollback then finds no transaction and keeps what it prepared. A prepared statement is not
transactional in PostgreSQL: one prepared in the rolled-back transaction stays on the server."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import pq
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from app import pg_commands

_IN_TRANSACTION = (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR)


def keep_across_rollbacks(engine: Engine) -> None:
    """Roll `engine`'s transactions back without psycopg forgetting its prepared statements."""
    event.listen(engine, "rollback", _roll_back_keeping_prepared)


def _roll_back_keeping_prepared(connection: Connection) -> None:
    driver: Any = connection.connection.driver_connection
    if driver is None or driver.closed or driver.info.transaction_status not in _IN_TRANSACTION:
        return  # SQLAlchemy's rollback handles a closed or broken connection as ever
    try:
        pg_commands.run(driver, b"ROLLBACK")
    except psycopg.Error:
        return  # the connection is lost: SQLAlchemy's rollback meets the error and invalidates it
