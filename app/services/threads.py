"""Threads across channels that name earlier messages: a reply carries the provider ids of the
messages it answers (an email's In-Reply-To and References: our replies' Message-IDs and the
resident's own earlier ones) and lands in the open contact holding one of them, whoever sent it."""

from __future__ import annotations

from sqlalchemy import bindparam, literal_column, select
from sqlalchemy.orm import Session

from app.domain import Inbound
from app.models import Contact, Message

_OPEN_HOLDING = (
    select(Contact)
    .join(Message, Message.contact_id == Contact.id)
    .where(Message.channel == bindparam("channel"), Message.provider_id.in_(bindparam("keys", expanding=True)))
    .where(Contact.state != literal_column("'closed'"))
    .order_by(Contact.id.desc())
    .limit(1)
)


def open_contact(session: Session, inbound: Inbound) -> Contact | None:
    """The open contact `inbound` answers, or None (then its sender's open contact, or a new one)."""
    if not inbound.references:
        return None
    return session.scalars(_OPEN_HOLDING, {"channel": inbound.channel, "keys": list(inbound.references)}).first()
