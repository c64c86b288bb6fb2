"""A web chat visitor's conversation (the handle the contact's address carries: its public id),
and their requests for a transcript by email."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow

PUBLIC_ID_CHARS = 60
FIRST_NAME_MAX = 60
EMAIL_MAX = 320


class ChatConversation(Base):
    """One visitor's chat: created at the pre-chat step, its contact at the first message.
    `disconnected_at`: the visitor's last socket closed then (the grace period runs from it);
    `ended_at`: the visitor pressed "End chat" or the contact closed."""

    __tablename__ = "chat_conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(PUBLIC_ID_CHARS), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    first_name: Mapped[str | None] = mapped_column(String(FIRST_NAME_MAX))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disconnected_at: Mapped[datetime | None] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]


class ChatTranscriptRequest(Base):
    """A resident asked for the transcript at this address; the workers' sweep sends it by email
    (app.chat.transcript_delivery) and sets `sent_at`, or `error` when the mail server refuses the
    address for good."""

    __tablename__ = "chat_transcript_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("chat_conversation.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(40))
