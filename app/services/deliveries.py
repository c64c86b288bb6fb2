"""Delivering outbound messages through their channel adapter, and moving their delivery status
forward (never backward) as the provider reports it.

A send is two transactions around the provider's call (workers/jobs.py): `start` marks the row
`sending` and commits, `finish` records the answer. A worker killed in between leaves the row
`sending`, never `pending`: it is not sent again unless the relay finds the provider never
accepted it (app/services/outbox.py, docs/decisions.md "Exactly once")."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import events
from app.db import ports
from app.domain import DELIVERY_RANK, Channel, DeliveryStatus, Outbound, SendResult
from app.mail import replies as email_replies
from app.models import Address, Contact, Message, OutboxItem
from app.models.base import utcnow
from app.services import outbox
from channels import SendError, adapter_for
from config import Config

# The provider's code for "this number has opted out": we record the opt-out too.
PROVIDER_OPTED_OUT = "21610"
# What a channel's message carries besides its text, by channel (an email's subject and thread).
ENVELOPES: dict[str, Callable[[Session, Message], dict[str, Any]]] = {Channel.EMAIL: email_replies.envelope}


class Outcome(enum.Enum):
    DONE = "done"
    RETRY = "retry"
    SKIPPED = "skipped"


def start(session: Session, outbox_id: int) -> Outbound | Outcome:
    """The first of a send's two transactions: what to send, with the row marked `sending` so
    that neither a second hand-off nor a worker's death mid-send sends it twice (outbox.py)."""
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
    outbox.mark_sending(session, item)
    return Outbound(
        message_id=message.id,
        channel=Channel(message.channel),
        to=contact.address.value,
        body=message.body,
        **ENVELOPES.get(message.channel, _no_envelope)(session, message),
    )


def send(outbound: Outbound, config: Config) -> SendResult | SendError:
    """The provider's call, outside any transaction (no row lock held across the network)."""
    try:
        return adapter_for(outbound.channel).send(outbound, config)
    except SendError as error:
        return error


def finish(session: Session, outbox_id: int, sent: SendResult | SendError) -> Outcome:
    """The second transaction: record what the provider answered."""
    item = session.scalars(select(OutboxItem).where(OutboxItem.id == outbox_id).with_for_update()).one()
    if item.status != outbox.SENDING:  # settled meanwhile by the relay (outbox.settle_unconfirmed)
        return Outcome.SKIPPED
    # A status callback may have landed while we were sending: read the row locked.
    message = session.get(Message, item.message_id, with_for_update=True)
    assert message is not None
    if isinstance(sent, SendError):
        return _not_sent(session, item, message, sent)
    item.status, item.done_at = "done", utcnow()
    message.provider_id = message.provider_id or sent.provider_id
    _advance(session, message, sent.status, None)
    return Outcome.DONE


def _not_sent(session: Session, item: OutboxItem, message: Message, error: SendError) -> Outcome:
    item.last_error = str(error)[:2000]
    if error.permanent or item.attempts >= ports(session).config.SEND_MAX_ATTEMPTS:
        if error.code == PROVIDER_OPTED_OUT:
            _record_opt_out(session, message)
        _fail(session, item, message, error.code or "send_failed")
        return Outcome.DONE
    outbox.mark_pending(session, item)
    return Outcome.RETRY


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
        _record_opt_out(session, message)
    _advance(session, message, report.status, report.error_code)
    return True


def _record_opt_out(session: Session, message: Message) -> None:
    address = session.scalars(
        select(Address).join(Contact, Contact.address_id == Address.id).where(Contact.id == message.contact_id)
    ).first()
    if address is not None and address.opted_out_at is None:
        address.opted_out_at = utcnow()


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
