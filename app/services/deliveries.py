"""Delivering outbound messages through their channel adapter, and moving their delivery status
forward (never backward) as the provider reports it."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import events
from app.db import ports
from app.domain import DELIVERY_RANK, Channel, DeliveryStatus, Outbound
from app.mail import replies as email_replies
from app.models import Address, Contact, Message, OutboxItem
from app.models.base import utcnow
from channels import SendError, adapter_for

# The provider's code for "this number has opted out": we record the opt-out too.
PROVIDER_OPTED_OUT = "21610"
# What a channel's message carries besides its text, by channel (an email's subject and thread).
ENVELOPES: dict[str, Callable[[Session, Message], dict[str, Any]]] = {Channel.EMAIL: email_replies.envelope}


class Outcome(enum.Enum):
    DONE = "done"
    RETRY = "retry"
    SKIPPED = "skipped"


def deliver(session: Session, outbox_id: int) -> Outcome:
    """Send the message of one outbox row, at most once even when handed over twice."""
    item = session.scalars(select(OutboxItem).where(OutboxItem.id == outbox_id).with_for_update()).first()
    if item is None or item.status != "pending":
        return Outcome.SKIPPED
    message = session.get(Message, item.message_id)
    assert message is not None
    contact = session.get(Contact, message.contact_id)
    assert contact is not None and contact.address is not None
    if contact.address.opted_out_at is not None:
        _fail(session, item, message, "opted_out")
        return Outcome.DONE
    item.attempts += 1
    config = ports(session).config
    outbound = Outbound(
        message_id=message.id,
        channel=Channel(message.channel),
        to=contact.address.value,
        body=message.body,
        **ENVELOPES.get(message.channel, _no_envelope)(session, message),
    )
    try:
        result = adapter_for(message.channel).send(outbound, config)
    except SendError as error:
        item.last_error = str(error)[:2000]
        if error.permanent or item.attempts >= config.SEND_MAX_ATTEMPTS:
            if error.code == PROVIDER_OPTED_OUT:
                contact.address.opted_out_at = utcnow()
            _fail(session, item, message, error.code or "send_failed")
            return Outcome.DONE
        return Outcome.RETRY
    item.status, item.done_at = "done", utcnow()
    # A status callback may have landed while we were sending: read the row again, locked.
    session.refresh(message, with_for_update=True)
    message.provider_id = message.provider_id or result.provider_id
    _advance(session, message, result.status, None)
    return Outcome.DONE


def _no_envelope(session: Session, message: Message) -> dict[str, Any]:
    return {}


def record_status(session: Session, report: DeliveryStatus) -> bool:
    """Apply a provider's status report; False when it names no message of ours."""
    message = None
    if report.message_id is not None:
        message = session.get(Message, report.message_id, with_for_update=True)
    if message is None:
        message = session.scalars(
            select(Message).where(Message.provider_id == report.provider_id).with_for_update()
        ).first()
    if message is None or (message.provider_id and message.provider_id != report.provider_id):
        return False
    message.provider_id = report.provider_id
    if report.error_code == PROVIDER_OPTED_OUT:
        address = session.scalars(
            select(Address).join(Contact, Contact.address_id == Address.id).where(Contact.id == message.contact_id)
        ).first()
        if address is not None and address.opted_out_at is None:
            address.opted_out_at = utcnow()
    _advance(session, message, report.status, report.error_code)
    return True


def _advance(session: Session, message: Message, status: str, error_code: str | None) -> None:
    if DELIVERY_RANK.get(status, -1) <= DELIVERY_RANK.get(message.status, -1):
        return
    message.status = status
    message.error_code = error_code or message.error_code
    message.status_updated_at = utcnow()
    events.message_status(session, message)


def _fail(session: Session, item: OutboxItem, message: Message, code: str) -> None:
    item.status, item.done_at = "failed", utcnow()
    message.error_code = code
    _advance(session, message, "failed", code)
