"""Everything held about a resident, for an administrator answering an access or erasure request:
the residents a number or an address leads to (read as intake reads it: app.handles), and each
one's addresses and contacts with all their parts (app.privacy.parts), as plain data that the page
shows and the JSON export writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app import handles
from app.domain import Channel
from app.models import Address, Contact, Message
from app.privacy import parts
from app.privacy.erase import TOKEN_PREFIX
from app.serializers import iso

SEARCH_MAX = 320  # an address column's length


def find(session: Session, text: str, region: str) -> list[int]:
    """The residents whose address on any channel is `text`: a phone number in any format on
    voice and SMS, an email address or a chat handle in any case."""
    wanted = text.strip()[:SEARCH_MAX]
    if not wanted or "\x00" in wanted:  # nothing stored can hold a NUL
        return []
    values = {channel: handles.read(channel, wanted, region).value for channel in Channel}
    matches = [and_(Address.channel == channel, Address.value == value) for channel, value in values.items() if value]
    query = select(Address.resident_id).where(or_(*matches)).distinct().order_by(Address.resident_id)
    return list(session.scalars(query))


def contacts_of(resident_id: int) -> ColumnElement[bool]:
    """The resident's contacts: by the resident, or by one of the resident's addresses."""
    theirs = select(Address.id).where(Address.resident_id == resident_id)
    return or_(Contact.resident_id == resident_id, Contact.address_id.in_(theirs))


def gather(session: Session, resident_id: int) -> dict[str, Any]:
    """Everything held about the resident, oldest contact first."""
    addresses = session.scalars(select(Address).where(Address.resident_id == resident_id).order_by(Address.id))
    found = session.scalars(select(Contact).where(contacts_of(resident_id)).order_by(Contact.created_at, Contact.id))
    return {
        "resident": resident_id,
        "addresses": [_address(a) for a in addresses],
        "contacts": [_contact(session, c) for c in found],
    }


def _address(address: Address) -> dict[str, Any]:
    erased = address.value.startswith(TOKEN_PREFIX)
    return {"channel": address.channel, "value": None if erased else address.value, "erased": erased,
            "first_seen": iso(address.created_at), "opted_out_at": iso(address.opted_out_at)}  # fmt: skip


def _contact(session: Session, contact: Contact) -> dict[str, Any]:
    messages = session.scalars(select(Message).where(Message.contact_id == contact.id).order_by(Message.id))
    return {
        "id": contact.id, "channel": contact.channel, "state": contact.state, "from": contact.from_raw,
        "language": contact.language, "created_at": iso(contact.created_at), "closed_at": iso(contact.closed_at),
        "erased_at": iso(contact.erased_at), "disposition": contact.disposition, "outcome": contact.outcome,
        "satisfaction": contact.satisfaction,
        "messages": [_message(m) for m in messages],
        **parts.of(session, contact.id),
    }  # fmt: skip


def _message(message: Message) -> dict[str, Any]:
    return {"at": iso(message.created_at), "direction": message.direction, "body": message.body,
            "attachments": [item.get("url", "") for item in message.media or []]}  # fmt: skip
