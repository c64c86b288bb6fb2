"""The one funnel every inbound item goes through, whatever its channel: deduplicate on the
provider id, resolve the sender's address, append to their open contact or open a new queued
one, record consent changes, and announce it after commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import events, language, phones
from app.db import ports
from app.domain import INBOUND_STATUS, ContactState, Direction, Inbound, OptOut
from app.models import Address, Contact, Message, Resident
from app.services import states

PREVIEW_CHARS = 200
_ATTEMPTS = 3


@dataclass(frozen=True)
class IntakeResult:
    contact_id: int
    message_id: int
    duplicate: bool
    new_contact: bool


def receive(session: Session, inbound: Inbound) -> IntakeResult:
    """Store `inbound` exactly once. A replay of a stored provider id changes nothing."""
    for _ in range(_ATTEMPTS - 1):
        try:
            return _receive_once(session, inbound)
        except IntegrityError:
            # A concurrent delivery of the same item, or the same resident's first message,
            # committed first: look again and take its rows.
            continue
    return _receive_once(session, inbound)


def _receive_once(session: Session, inbound: Inbound) -> IntakeResult:
    existing = _find_message(session, inbound)
    if existing is not None:
        return IntakeResult(existing.contact_id, existing.id, duplicate=True, new_contact=False)
    with session.begin_nested():
        contact, message, new_contact = _store(session, inbound)
    events.contact_changed(session, "contact_queued" if new_contact else "contact_updated", contact)
    events.message_added(session, message)
    return IntakeResult(contact.id, message.id, duplicate=False, new_contact=new_contact)


def _find_message(session: Session, inbound: Inbound) -> Message | None:
    return session.scalars(
        select(Message).where(Message.channel == inbound.channel, Message.provider_id == inbound.provider_id)
    ).first()


def _store(session: Session, inbound: Inbound) -> tuple[Contact, Message, bool]:
    address = _resolve_address(session, inbound)
    if address is not None and inbound.opt_out is not None:
        address.opted_out_at = inbound.received_at if inbound.opt_out is OptOut.STOP else None
    contact = _open_contact(session, address, inbound.channel) if address else None
    new_contact = contact is None
    if contact is None:
        contact = _new_contact(session, inbound, address)
    contact.last_message_at = inbound.received_at
    if inbound.body.strip():
        contact.preview = inbound.body.strip()[:PREVIEW_CHARS]
    contact.language = contact.language or inbound.language or language.guess(inbound.body)
    message = Message(
        contact_id=contact.id,
        channel=inbound.channel,
        direction=Direction.INBOUND,
        provider_id=inbound.provider_id,
        body=inbound.body,
        media=[{"url": m.url, "content_type": m.content_type} for m in inbound.media],
        status=INBOUND_STATUS,
        created_at=inbound.received_at,
    )
    session.add(message)
    session.flush()
    return contact, message, new_contact


def _resolve_address(session: Session, inbound: Inbound) -> Address | None:
    region = ports(session).config.DEFAULT_REGION
    number = phones.parse(inbound.from_raw, region)
    value = number.address_value
    if value is None:
        return None
    address = session.scalars(select(Address).where(Address.channel == inbound.channel, Address.value == value)).first()
    if address is None:
        resident = Resident()
        session.add(resident)
        session.flush()
        address = Address(
            channel=inbound.channel,
            value=value,
            raw=number.raw,
            is_valid=number.e164 is not None,
            resident_id=resident.id,
        )
        session.add(address)
        session.flush()
    return address


def _open_contact(session: Session, address: Address, channel: str) -> Contact | None:
    return session.scalars(
        select(Contact).where(
            Contact.channel == channel,
            Contact.address_id == address.id,
            Contact.state != ContactState.CLOSED,
        )
    ).first()


def _new_contact(session: Session, inbound: Inbound, address: Address | None) -> Contact:
    contact = Contact(
        channel=inbound.channel,
        state=ContactState.QUEUED,
        address_id=address.id if address else None,
        resident_id=address.resident_id if address else None,
        from_raw=inbound.from_raw[:320],
        queued_at=inbound.received_at,
        created_at=inbound.received_at,
    )
    session.add(contact)
    session.flush()
    states.record(session, contact, None, None, "created")
    return contact
