"""Engine, sessions and the unit of work.

Every session carries the process's `Ports` (configuration, event emitter, job dispatcher) in
`session.info`, so services reach their side effects through the session they were handed and
never through Flask globals. Side effects registered with `on_commit` run only after the
transaction commits and are dropped on rollback: events and jobs never announce data that
does not exist."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Executable, Result, create_engine, event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from app import prepared_statements
from config import Config

if TYPE_CHECKING:
    from workers.dispatch import JobDispatcher

log = logging.getLogger(__name__)
_ON_COMMIT = "on_commit"
_APART = "apart"
_ANNOUNCED = "announced"  # after-commit callbacks ran: tasks they woke wait for their turn


class Emitter(Protocol):
    def emit(self, event: str, data: dict, *, to: str | list[str], namespace: str) -> None: ...


@dataclass
class Ports:
    config: Config
    emitter: Emitter
    jobs: JobDispatcher


def ports(session: Session) -> Ports:
    return session.info["ports"]


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once the session's current transaction commits."""
    session.info.setdefault(_ON_COMMIT, []).append(callback)


def apart(session: Session, write: Callable[[Session], None]) -> None:
    """Run `write` in a transaction of its own once the session's current one ends, committed or
    rolled back (`Database.transaction` runs it): for what must outlive a rollback (an audited
    refusal). It runs on the same session after its connection went back to the pool, so that a
    request never holds two: the pool has no overflow, and as many refusals at once as it has
    connections would wait on each other."""
    session.info.setdefault(_APART, []).append(write)


@event.listens_for(Session, "after_commit")
def _run_on_commit(session: Session) -> None:
    callbacks = session.info.pop(_ON_COMMIT, [])
    if callbacks:
        session.info[_ANNOUNCED] = True
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a failed hint must never undo or hide a committed change
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_rollback")
def _drop_on_commit(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)


def make_engine(url: str, pool_size: int = Config.DATABASE_POOL_SIZE) -> Engine:
    """PostgreSQL's pool keeps up to `pool_size` connections and opens no more: SQLAlchemy closes an
    overflow connection when a burst ends, and a burst of claims then paid for opening PostgreSQL
    sessions again (most of a core on the bench's machine; docs/decisions.md)."""
    if url.startswith("sqlite"):
        engine = private_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    engine = private_engine(url, pool_size=pool_size, max_overflow=0)
    prepared_statements.keep_across_rollbacks(engine)
    return engine


def private_engine(url: str, **options: Any) -> Engine:
    """Every engine of ours (the app's, the migrations'): database errors get logged, so their
    text never carries what residents wrote or their numbers. SQLAlchemy leaves the statement's
    parameters out, and `_keep_rows_out` PostgreSQL's row-quoting DETAIL."""
    engine = create_engine(url, hide_parameters=True, **options)
    event.listen(engine, "handle_error", _keep_rows_out)
    return engine


def _keep_rows_out(context: ExceptionContext) -> None:
    """PostgreSQL's DETAIL quotes rows ("Key (channel, value)=(sms, +1514...) already exists",
    "Failing row contains (...)"): the errors' text keeps only the primary message. The full
    diagnostics stay on the driver's error (`.orig.diag`) for code that needs them."""
    driver_error = context.original_exception
    primary = getattr(getattr(driver_error, "diag", None), "message_primary", None)
    full = str(driver_error)
    if not primary or full == primary:
        return
    driver_error.args = (primary,)
    if context.sqlalchemy_exception is not None:
        wrapped = context.sqlalchemy_exception
        wrapped.args = tuple(arg.replace(full, primary) if isinstance(arg, str) else arg for arg in wrapped.args)


def on_postgresql(session: Session) -> bool:
    """PostgreSQL, not the embedded default's SQLite: the two databases Switchboard runs on."""
    return session.get_bind().dialect.name == "postgresql"


def core(session: Session, statement: Executable, values: dict[str, Any]) -> Result[Any]:
    """`statement` on the session's connection: rows of columns, past the ORM's per-statement
    machinery (0.1 ms of CPU a statement). What the session holds pending is flushed first, as
    session.execute would (nothing, usually)."""
    session.flush()
    return session.connection().execute(statement, values)


class Database:
    def __init__(self, engine: Engine, ports: Ports) -> None:
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False, info={"ports": ports})

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error; then what `apart` asked.
        Once its connection is back in the pool, a moment for the tasks its after-commit callbacks
        woke (publishing events to the other processes): under gevent a woken greenlet runs only
        when the running one next waits, which for a webhook was after its answer went out,
        1.7-1.9 ms later (docs/benchmarks.md)."""
        with self.Session() as session:
            try:
                with session.begin():
                    yield session
            finally:
                for write in session.info.pop(_APART, []):
                    with session.begin():
                        write(session)
            announced = session.info.pop(_ANNOUNCED, False)
        if announced:
            time.sleep(0)
