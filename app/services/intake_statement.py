"""Intake's writes in one PostgreSQL statement (app.services.intake_sql): a webhook under a surge pays
for one round trip and one execution instead of five to eight (docs/benchmarks.md, issue 6). It
finds a stored copy, the sender's address and the open contact the item joins, writes what is
missing and reads the spam rules' counts.

When a concurrent delivery wrote a row first (each INSERT is ON CONFLICT DO NOTHING), the message
is not written, and the rows this statement did write are named for app.services.upserts to take
back before it looks again. SQLite (the embedded default) takes no data-modifying CTE:
app.services.intake writes there one statement at a time, from the same values (intake_rows)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from psycopg import pq
from sqlalchemy import Table
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import pg_commands
from app.db import core
from app.domain import ContactState, Inbound, OptOut
from app.handles import Handle
from app.models import Address, Contact, Message, Resident, StaffUser
from app.models.base import UTCDateTime, utcnow
from app.services import intake_rows, intake_sql
from app.services.intake_rows import Copy, Written
from app.services.upserts import Overtaken, adopt
from app.spam.gather import windows

_MODELS = {"a": Address, "c": Contact, "m": Message, "s": StaffUser}
# PostgreSQL would plan the statement again at every execution (2 ms of its CPU: the custom plans'
# estimates never favoured the generic one); its plan does not depend on the values. Sent to the
# driver directly: through SQLAlchemy it cost 5-8% more of a webhook's CPU. A lost connection still
# ends in the 503 (app.database_down): the transaction's rollback raises SQLAlchemy's error.
_GENERIC = b"SET LOCAL plan_cache_mode = force_generic_plan"
_TIMES = {t.name: {c.name for c in t.c if isinstance(c.type, UTCDateTime)} for t in intake_sql.TABLES.values()}


def write(session: Session, inbound: Inbound, handle: Handle, rules: dict, written: list[Any]) -> Written | Copy:
    """What the statement wrote for `inbound`, or the ids (contact, message) of its stored copy.
    Overtaken, once the rows it wrote are in `written`, when a concurrent delivery wrote one first."""
    new, message = written_rows(inbound)
    params = (
        _params(inbound, handle, rules, message["body_digest"])
        | intake_sql.values("c", new)
        | intake_sql.values("m", message)
    )
    _plan_generically(_driver(session))
    row = core(session, intake_sql.statement(frozenset(new), frozenset(message)), params).one()._mapping
    if row["copy_id"] is not None:
        return row["copy_of"], row["copy_id"]
    if row["m"] is None:
        _take_back(session, row, written)
    return _written(session, row)


def written_rows(inbound: Inbound) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values of a new contact and of the message, as the statement writes them (its contact's
    id comes from the statement)."""
    new = intake_rows.contact_row(inbound.channel, ContactState.QUEUED, None, inbound.from_raw, inbound.received_at)
    message = intake_rows.message(inbound, None)
    del message["contact_id"]
    return new | intake_rows.latest(inbound), message


def _plan_generically(driver: Any) -> None:
    """The transaction's plan setting; with its BEGIN in the same round trip when the transaction
    has not begun (psycopg would send BEGIN on its own first): each round trip is a wait in the web
    process and a wake-up in PostgreSQL's, 5-10% of a webhook's CPU on either side (docs/decisions.md).
    Sent as psycopg sends its own commands (app.pg_commands); psycopg sends no BEGIN of its
    own once the server reports a transaction, so the statement and COMMIT follow as usual."""
    if driver.info.transaction_status != pq.TransactionStatus.IDLE:
        driver.execute(_GENERIC)
        return
    pg_commands.run(driver, b"BEGIN; " + _GENERIC)


def _driver(session: Session) -> Any:
    """The session's psycopg connection, for a statement with no values and no rows."""
    driver = session.connection().connection.driver_connection
    assert driver is not None  # a connection the session holds is open
    return driver


def _params(inbound: Inbound, handle: Handle, rules: dict, body_digest: str | None) -> dict[str, Any]:
    at = inbound.received_at
    return {
        "channel": inbound.channel, "provider_id": inbound.provider_id, "keys": list(inbound.references),
        "value": handle.value, "raw": handle.raw, "is_valid": handle.valid, "event_at": utcnow(),
        "opt_out_given": inbound.opt_out is not None, "opted_out_at": at if inbound.opt_out is OptOut.STOP else None,
        **windows(rules, inbound.body, body_digest, at),
    }  # fmt: skip


def _written(session: Session, row: Any) -> Written:
    """The rows the statement returned as the session's objects, the contact's address and navigator
    loaded (as its summary shows them), and the spam rules' reading of its texts."""
    loaded = {p: adopt(session, _MODELS[p], _read(table, row[p])) for p, table in intake_sql.TABLES.items() if row[p]}
    contact, message = cast(Contact, loaded["c"]), cast(Message, loaded["m"])
    set_committed_value(contact, "address", loaded.get("a"))
    set_committed_value(contact, "navigator", loaded.get("s"))
    newest = (message.body, message.body_digest, message.created_at)
    latest = [newest, *((body, None, None) for body in row["earlier_bodies"])]
    counts = {name: row[name] for name in ("blocked", "recent_texts", "identical_senders")}
    return Written(contact, message, row["wrote_con"] is not None, (latest, counts))


def _read(table: Table, values: dict[str, Any]) -> list[Any]:
    """A row from its JSON, in its columns' order: times are ISO 8601 text there."""
    times = _TIMES[table.name]
    return [_utc(values[c.name]) if c.name in times and values[c.name] else values[c.name] for c in table.c]


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def _take_back(session: Session, row: Any, written: list[Any]) -> None:
    """Name the rows this statement wrote (oldest first) for app.services.upserts to delete; Overtaken."""
    for model, key in ((Resident, "wrote_res"), (Address, "wrote_addr"), (Contact, "wrote_con")):
        if row[key] is not None:
            written.append(session.get(model, row[key]))
    raise Overtaken
