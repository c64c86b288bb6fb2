"""The one funnel every inbound item goes through, whatever its channel: deduplicate on the provider id,
resolve the sender's address, append to their open contact or open a new queued one, record consent changes,
and announce it after commit.

Lean for surges (docs/benchmarks.md): one query finds a stored copy, the address and its open contact; each
row is one INSERT ... ON CONFLICT DO NOTHING RETURNING, so a concurrent copy or first text shows as no row,
not an error: the attempt takes back its rows and looks again (no savepoint per text). Statements are built
once: SQLAlchemy keeps their compiled forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, literal_column, select, text, update
from sqlalchemy.orm import Session, contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from app import events, language
from app.db import ports
from app.domain import INBOUND_STATUS, ContactState, Direction, Inbound, OptOut
from app.models import Address, Base, Contact, Message, Resident, StaffUser
from app.phones import ParsedNumber, parse
from app.services import states

PREVIEW_CHARS = 200
_ATTEMPTS = 3


class _Overtaken(Exception):
    """A concurrent delivery wrote a row this attempt needed to write."""


class _Insert:
    """INSERT a `model` row (columns not given are NULL), ON CONFLICT DO NOTHING, RETURNING it loaded.
    Text: SQLAlchemy compiles its own upserts at every execution. PostgreSQL and SQLite read it alike."""

    def __init__(self, model: type[Base], conflict: str = "") -> None:
        table = Base.metadata.tables[model.__tablename__]
        given = [c for c in table.c if not c.primary_key]
        self.names = [c.name for c in given]
        on_conflict = f"ON CONFLICT {conflict} DO NOTHING " if conflict else ""
        sql = f"INSERT INTO {table.name} ({', '.join(self.names)}) VALUES (:{', :'.join(self.names)}) {on_conflict}"
        sql += f"RETURNING {', '.join(table.c.keys())}"
        typed = text(sql).bindparams(*(bindparam(c.name, type_=c.type) for c in given)).columns(*table.c)
        self.statement = select(model).from_statement(typed)

    def __call__(self, session: Session, written: list[Any], **values: Any) -> Any:
        """The new row, added to `written`; _Overtaken if the conflict target names a row already."""
        row = session.scalars(self.statement, dict.fromkeys(self.names) | values).first()
        if row is None:
            raise _Overtaken
        written.append(row)
        return row


_OPEN = Contact.state != literal_column("'closed'")  # a literal, so PostgreSQL uses the open contacts' index
_RESIDENT = _Insert(Resident)
_ADDRESS = _Insert(Address, "(channel, value)")
_CONTACT = _Insert(Contact, "(channel, address_id) WHERE state <> 'closed'")  # the open contact's index
_MESSAGE = _Insert(Message, "(channel, provider_id)")
_FIND = (
    select(Address, Contact, Message.contact_id, Message.id)
    .select_from(select(literal_column("1")).subquery("lookup"))
    .outerjoin(Message, and_(Message.channel == bindparam("channel"), Message.provider_id == bindparam("provider_id")))
    .outerjoin(Address, and_(Address.channel == bindparam("channel"), Address.value == bindparam("value")))
    .outerjoin(Contact, and_(Contact.channel == bindparam("channel"), Contact.address_id == Address.id, _OPEN))
    .outerjoin(StaffUser, Contact.navigator_id == StaffUser.id)
    .options(contains_eager(Contact.address), contains_eager(Contact.navigator))
)
_UPDATE = {model: update(model).where(model.__table__.c.id == bindparam("row_id")) for model in (Address, Contact)}


@dataclass(frozen=True)
class IntakeResult:
    contact_id: int
    message_id: int
    duplicate: bool
    new_contact: bool


def receive(session: Session, inbound: Inbound) -> IntakeResult:
    """Store `inbound` exactly once. A replay of a stored provider id changes nothing."""
    number = parse(inbound.from_raw, ports(session).config.DEFAULT_REGION)
    for _ in range(_ATTEMPTS):
        params = {"channel": inbound.channel, "provider_id": inbound.provider_id, "value": number.address_value}
        address, contact, copy_contact_id, copy_id = session.execute(_FIND, params).one()
        if copy_id is not None:
            return IntakeResult(copy_contact_id, copy_id, duplicate=True, new_contact=False)
        written: list[Any] = []
        try:
            return _store(session, inbound, number, (address, contact), written)
        except _Overtaken:  # take back what this attempt wrote, newest first; the other delivery's is committed now
            for row in reversed(written):
                session.delete(row)
                session.flush()  # one at a time: no relationship tells the flush a resident's address goes first
    raise RuntimeError(f"intake gave up: overtaken by concurrent deliveries {_ATTEMPTS} times")


def _store(session: Session, inbound: Inbound, number: ParsedNumber, found: Any, written: list[Any]) -> IntakeResult:
    """Write the item as `found` (the address and its open contact, if any) requires."""
    (address, contact), at = found, inbound.received_at
    new_contact = contact is None
    if address is None and number.address_value is not None:
        resident = _RESIDENT(session, written, created_at=at)
        new = {"value": number.address_value, "raw": number.raw, "is_valid": number.e164 is not None}
        address = _ADDRESS(session, written, channel=inbound.channel, created_at=at, **new, resident_id=resident.id)
    if contact is None:
        contact = _CONTACT(session, written, **_new_contact(inbound, address))
    message = _MESSAGE(session, written, **_message(inbound, contact))
    if address is not None and inbound.opt_out is not None:
        _update(session, address, opted_out_at=at if inbound.opt_out is OptOut.STOP else None)
    if new_contact:
        states.record(session, contact, None, None, "created")
    else:
        _update(session, contact, **_latest(inbound, contact.preview, contact.language))
    events.contact_changed(session, "contact_queued" if new_contact else "contact_updated", contact)
    events.message_added(session, message)
    return IntakeResult(contact.id, message.id, duplicate=False, new_contact=new_contact)


def _update(session: Session, row: Address | Contact, **values: Any) -> None:
    """UPDATE the row's columns and its loaded object alike, leaving the session nothing to flush."""
    session.connection().execute(_UPDATE[type(row)], {"row_id": row.id, **values})
    for key, value in values.items():
        set_committed_value(row, key, value)


def _new_contact(inbound: Inbound, address: Address | None) -> dict[str, Any]:
    return {
        "channel": inbound.channel,
        "state": ContactState.QUEUED,
        "address_id": address.id if address else None,
        "resident_id": address.resident_id if address else None,
        "from_raw": inbound.from_raw[:320],
        **dict.fromkeys(("created_at", "queued_at"), inbound.received_at),
        **_latest(inbound),
    }


def _latest(inbound: Inbound, preview: str = "", known_language: str | None = None) -> dict[str, Any]:
    """What the item changes in its contact: the last message's time, the preview, the language."""
    return {
        "last_message_at": inbound.received_at,
        "preview": inbound.body.strip()[:PREVIEW_CHARS] or preview,
        "language": known_language or inbound.language or language.guess(inbound.body),
    }


def _message(inbound: Inbound, contact: Contact) -> dict[str, Any]:
    return {
        "channel": inbound.channel,
        "contact_id": contact.id,
        "direction": Direction.INBOUND,
        "provider_id": inbound.provider_id,
        "body": inbound.body,
        "media": [{"url": m.url, "content_type": m.content_type} for m in inbound.media],
        "status": INBOUND_STATUS,
        "created_at": inbound.received_at,
    }
