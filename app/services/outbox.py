"""Outbox rows: written with their cause, handed to the job queue after commit, and re-handed
by the relay when a hand-off was lost (Redis down, worker crash).

A row is `pending` (to send), `sending` (a worker called the provider and has not recorded the
answer yet), then `done` or `failed`. A worker that dies mid-send leaves its row `sending`; the
relay settles it once SEND_CONFIRM_SECONDS have passed: sent if the provider's status callback
has named the message since (it carries our message id), otherwise due again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import on_commit, ports
from app.models import Message, OutboxItem
from app.models.base import utcnow

SEND_MESSAGE = "send_message"
PENDING, SENDING = "pending", "sending"


def add_send(session: Session, message: Message) -> OutboxItem:
    item = OutboxItem(kind=SEND_MESSAGE, message_id=message.id, next_attempt_at=_retry_at(session))
    session.add(item)
    session.flush()
    dispatcher = ports(session).jobs
    item_id = item.id
    on_commit(session, lambda: dispatcher.enqueue_outbox(item_id))
    return item


def mark_sending(session: Session, item: OutboxItem) -> None:
    seconds = ports(session).config.SEND_CONFIRM_SECONDS
    item.status, item.next_attempt_at = SENDING, utcnow() + timedelta(seconds=seconds)


def mark_pending(session: Session, item: OutboxItem) -> None:
    item.status, item.next_attempt_at = PENDING, _retry_at(session)


def due(session: Session, limit: int = 500) -> list[int]:
    """Pending rows whose hand-off is overdue; pushes their next hand-off forward."""
    settle_unconfirmed(session, limit)
    items = session.scalars(
        select(OutboxItem)
        .where(OutboxItem.status == PENDING, OutboxItem.next_attempt_at <= utcnow())
        .order_by(OutboxItem.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for item in items:
        item.next_attempt_at = _retry_at(session)
    return [item.id for item in items]


def settle_unconfirmed(session: Session, limit: int = 500) -> None:
    """Rows left `sending` past SEND_CONFIRM_SECONDS by a worker that died mid-send: done when
    the provider's callback gave the message its provider id, otherwise pending and due now."""
    rows = session.execute(
        select(OutboxItem, Message.provider_id)
        .join(Message, Message.id == OutboxItem.message_id)
        .where(OutboxItem.status == SENDING, OutboxItem.next_attempt_at <= utcnow())
        .limit(limit)
        .with_for_update(of=OutboxItem, skip_locked=True)
    ).all()
    for item, provider_id in rows:
        if provider_id:
            item.status, item.done_at = "done", utcnow()
        else:
            item.status, item.next_attempt_at = PENDING, utcnow()


def _retry_at(session: Session) -> datetime:
    return utcnow() + timedelta(seconds=ports(session).config.OUTBOX_RETRY_AFTER_SECONDS)
