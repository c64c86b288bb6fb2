"""The grace period, across processes: a visitor's last socket closing records `disconnected_at`
(app.chat.service.left); this sweep, run with the others (workers/sweeps.py), abandons the
queued chats whose visitor has stayed away past CHAT_GRACE_SECONDS, with the wait until they
left. A visitor back in time cleared `disconnected_at` and keeps their place."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chat.models import ChatConversation
from app.db import ports
from app.domain import ContactState
from app.models import Contact
from app.models.base import utcnow
from app.services import abandonment

BATCH = 200


def abandon_departed(session: Session) -> list[int]:
    """Abandon the waiting chats past their grace period; their contact ids."""
    deadline = utcnow() - timedelta(seconds=ports(session).config.CHAT_GRACE_SECONDS)
    departed = session.execute(
        select(ChatConversation, Contact)
        .join(Contact, Contact.id == ChatConversation.contact_id)
        .where(Contact.state == ContactState.QUEUED, ChatConversation.disconnected_at < deadline)
        .limit(BATCH)
    ).all()
    abandoned = []
    for conversation, contact in departed:
        left_at = conversation.disconnected_at
        waited = max(0, int((left_at - contact.queued_at).total_seconds()))
        if abandonment.abandon(session, contact, waited) is not None:
            conversation.ended_at = left_at
            abandoned.append(contact.id)
    return abandoned
