"""The one funnel every inbound item goes through, whatever its channel: deduplicate on the provider id,
resolve the sender's address, append to the open contact it answers (an email's thread: app.services.threads)
or to their open contact or open a new queued one, record consent changes, and announce it after commit.
A call is the same funnel's other entry: every call opens a contact of its own.

Lean for surges (docs/benchmarks.md): on PostgreSQL one statement reads and writes it all
(app.services.intake_statement). On SQLite one query finds a stored copy, the address and its open
contact, and each row is one INSERT ... ON CONFLICT DO NOTHING RETURNING (app.services.upserts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, literal_column, select, update
from sqlalchemy.orm import Session, contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from app import events, handles
from app.db import on_postgresql, ports
from app.domain import Channel, ContactState, Inbound, IncomingCall, OptOut
from app.models import Address, Contact, Message, StaffUser, VoiceCall
from app.models.contact import OPEN_THREAD
from app.services import addresses, intake_statement, states, threads
from app.services import intake_rows as rows
from app.services.intake_rows import Copy, Written
from app.services.upserts import Insert, exactly_once
from app.spam import service as spam
from app.spam.thresholds import thresholds

_OPEN = Contact.state != literal_column("'closed'")  # a literal, so PostgreSQL uses the open contacts' index
_CONTACT = Insert(Contact, f"(channel, address_id) WHERE {OPEN_THREAD}")  # the open contact's index
_MESSAGE = Insert(Message, "(channel, provider_id)")
_CALL = Insert(VoiceCall, "(call_sid)")
_FIND = (
    select(Address, Contact, Message.contact_id, Message.id)
    .select_from(select(literal_column("1")).subquery("lookup"))
    .outerjoin(Message, and_(Message.channel == bindparam("channel"), Message.provider_id == bindparam("provider_id")))
    .outerjoin(Address, and_(Address.channel == bindparam("channel"), Address.value == bindparam("value")))
    .outerjoin(Contact, and_(Contact.channel == bindparam("channel"), Contact.address_id == Address.id, _OPEN))
    .outerjoin(StaffUser, Contact.navigator_id == StaffUser.id)
    .options(contains_eager(Contact.address), contains_eager(Contact.navigator))
)
_FIND_CALL = (
    select(Address, VoiceCall)
    .select_from(select(literal_column("1")).subquery("lookup"))
    .outerjoin(VoiceCall, VoiceCall.call_sid == bindparam("call_sid"))
    .outerjoin(Address, and_(Address.channel == Channel.VOICE, Address.value == bindparam("value")))
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
    handle = handles.read(inbound.channel, inbound.from_raw, ports(session).config.DEFAULT_REGION)
    at_once = on_postgresql(session)

    def attempt(written: list[Any]) -> IntakeResult:
        stored = _at_once(session, inbound, handle, written) if at_once else _apart(session, inbound, handle, written)
        if isinstance(stored, tuple):
            return IntakeResult(stored[0], stored[1], duplicate=True, new_contact=False)
        return _announced(session, stored)

    return exactly_once(session, attempt)


def _at_once(session: Session, inbound: Inbound, handle: handles.Handle, written: list[Any]) -> Written | Copy:
    """Intake in one statement (PostgreSQL), the spam rules' counts read with it."""
    rules = thresholds(ports(session).config.SPAM_RULES)
    return intake_statement.write(session, inbound, handle, rules, written)


def _apart(session: Session, inbound: Inbound, handle: handles.Handle, written: list[Any]) -> Written | Copy:
    """Intake one statement at a time (SQLite): a copy, else the rows `_store` writes."""
    params = {"channel": inbound.channel, "provider_id": inbound.provider_id, "value": handle.value}
    address, contact, copy_contact_id, copy_id = session.execute(_FIND, params).one()
    if copy_id is not None:
        return copy_contact_id, copy_id
    answered = threads.open_contact(session, inbound) or contact
    return _store(session, inbound, handle, (address, answered), written)


def receive_call(session: Session, call: IncomingCall) -> VoiceCall:
    """Store an answered call exactly once per CallSid: a contact of its own, in the phone menu."""
    handle = handles.read(Channel.VOICE, call.from_raw, ports(session).config.DEFAULT_REGION)

    def attempt(written: list[Any]) -> VoiceCall:
        address, stored = session.execute(_FIND_CALL, {"call_sid": call.call_sid, "value": handle.value}).one()
        if stored is not None:
            return stored
        address = address or addresses.new(session, written, Channel.VOICE, handle, call.received_at)
        row = rows.contact_row(Channel.VOICE, ContactState.MENU, address, call.from_raw, call.received_at)
        contact = _CONTACT(session, written, **row, last_message_at=call.received_at, preview="")
        states.record(session, contact, None, None, "answered")
        place = {"city": call.city, "province": call.province, "country": call.country}
        return _CALL(
            session, written, contact_id=contact.id, call_sid=call.call_sid, stir_verstat=call.stir_verstat,
            language_chosen=False, status="ringing", created_at=call.received_at, **place,
        )  # fmt: skip

    return exactly_once(session, attempt)


def _store(session: Session, inbound: Inbound, handle: handles.Handle, found: Any, written: list[Any]) -> Written:
    """Write the item as `found` (the address and its open contact, if any) requires."""
    (address, contact), at = found, inbound.received_at
    new_contact = contact is None
    address = address or addresses.new(session, written, inbound.channel, handle, at)
    if contact is None:
        row = rows.contact_row(inbound.channel, ContactState.QUEUED, address, inbound.from_raw, at)
        contact = _CONTACT(session, written, **row, **rows.latest(inbound))
    message = _MESSAGE(session, written, **rows.message(inbound, contact.id))
    if address is not None and inbound.opt_out is not None:
        _update(session, address, opted_out_at=at if inbound.opt_out is OptOut.STOP else None)
    if new_contact:
        states.record(session, contact, None, None, "created")
    else:
        _update(session, contact, **rows.latest(inbound, contact.preview, contact.language))
    return Written(contact, message, new_contact)


def _announced(session: Session, stored: Written) -> IntakeResult:
    """Judge the contact (app.spam) and, unless turned away, tell the consoles."""
    contact, message, new_contact = stored.contact, stored.message, stored.new_contact
    only = message if new_contact else None
    result = IntakeResult(contact.id, message.id, duplicate=False, new_contact=new_contact)
    if spam.judge(session, contact, announced=not new_contact, only=only, texts=stored.texts):
        return result  # turned away: never shown
    events.contact_changed(session, "contact_queued" if new_contact else "contact_updated", contact)
    events.message_added(session, message)
    return result


def _update(session: Session, row: Address | Contact, **values: Any) -> None:
    """UPDATE the row's columns and its loaded object alike, leaving the session nothing to flush."""
    session.connection().execute(_UPDATE[type(row)], {"row_id": row.id, **values})
    for key, value in values.items():
        set_committed_value(row, key, value)
