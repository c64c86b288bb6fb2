"""Outbox rows: written with their cause, handed to the job queue after commit, and re-handed
by the relay when a hand-off was lost (Redis down, worker crash)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import on_commit, ports
from app.models import Message, OutboxItem
from app.models.base import utcnow

SEND_MESSAGE = "send_message"


def add_send(session: Session, message: Message) -> OutboxItem:
    item = OutboxItem(kind=SEND_MESSAGE, message_id=message.id, next_attempt_at=_retry_at(session))
    session.add(item)
    session.flush()
    dispatcher = ports(session).jobs
    item_id = item.id
    on_commit(session, lambda: dispatcher.enqueue_outbox(item_id))
    return item


def due(session: Session, limit: int = 500) -> list[int]:
    """Pending rows whose hand-off is overdue; pushes their next hand-off forward."""
    items = session.scalars(
        select(OutboxItem)
        .where(OutboxItem.status == "pending", OutboxItem.next_attempt_at <= utcnow())
        .order_by(OutboxItem.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for item in items:
        item.next_attempt_at = _retry_at(session)
    return [item.id for item in items]


def _retry_at(session: Session) -> datetime:
    return utcnow() + timedelta(seconds=ports(session).config.OUTBOX_RETRY_AFTER_SECONDS)
