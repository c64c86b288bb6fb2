"""Residents, their channel addresses, contacts (the unit the funder counts), messages and the
append-only contact event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.staff import StaffUser


class Resident(Base):
    """The person behind contacts. Never merged automatically from a self-asserted handle."""

    __tablename__ = "resident"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Address(Base):
    """A resident's handle on one channel (an E.164 number when it parses, else the raw text)."""

    __tablename__ = "address"
    __table_args__ = (UniqueConstraint("channel", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(320))
    raw: Mapped[str] = mapped_column(String(320))
    is_valid: Mapped[bool]
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))
    opted_out_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


OPEN_THREAD = "state <> 'closed' AND channel <> 'voice'"
ERASABLE = "state = 'closed' AND erased_at IS NULL"  # the retention job's next contacts (app.privacy)


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = (
        # At most one open contact per address and channel: concurrent first messages from the
        # same resident cannot open two contacts. Not for calls: every call is a contact.
        Index(
            "uq_contact_open_address",
            "channel",
            "address_id",
            unique=True,
            postgresql_where=text(OPEN_THREAD),
            sqlite_where=text(OPEN_THREAD),
        ),
        Index("ix_contact_state_queued_at", "state", "queued_at"),
        Index("ix_contact_address_created_at", "address_id", "created_at"),  # repeat callers (app.spam)
        Index("ix_contact_created_at", "created_at"),  # a period's contacts: reports, the live board
        Index("ix_contact_erasable", "closed_at", postgresql_where=text(ERASABLE), sqlite_where=text(ERASABLE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    address_id: Mapped[int | None] = mapped_column(ForeignKey("address.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    from_raw: Mapped[str] = mapped_column(String(320))
    language: Mapped[str | None] = mapped_column(String(10))
    preview: Mapped[str] = mapped_column(String(200), default="")
    navigator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    lease_expires_at: Mapped[datetime | None]
    disposition: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How it ended without a navigator (abandoned_in_queue, hung_up_in_menu, ...), the wait it
    # ended after, whether that wait was a short abandon, and the resident's satisfaction answer.
    outcome: Mapped[str | None] = mapped_column(String(30))
    wait_seconds: Mapped[int | None]
    short_abandon: Mapped[bool] = mapped_column(default=False, server_default=false())
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    # The spam verdict (clean, suspect, spam, blocked), its score and reasons (app.spam), a
    # supervisor's review that rescoring never overwrites, and the navigator's tag at close.
    spam_verdict: Mapped[str] = mapped_column(String(10), default="clean", server_default="clean")
    spam_score: Mapped[float] = mapped_column(default=0.0, server_default="0")
    spam_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    spam_review: Mapped[str | None] = mapped_column(String(10))
    navigator_tag: Mapped[str | None] = mapped_column(String(20))
    # When its personal information was erased (retention or a resident's request: app.privacy).
    erased_at: Mapped[datetime | None]

    address: Mapped[Address | None] = relationship()
    navigator: Mapped[StaffUser | None] = relationship()


class Message(Base):
    __tablename__ = "message"
    # Copies of one text from many senders (app.spam): its body's digest, looked up by time.
    __table_args__ = (
        UniqueConstraint("channel", "provider_id"),
        Index("ix_message_body_digest", "body_digest", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    direction: Mapped[str] = mapped_column(String(10))
    provider_id: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    media: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_updated_at: Mapped[datetime | None]
    body_digest: Mapped[str | None] = mapped_column(String(32))  # an inbound text's (app.spam.evidence.digest)

    author: Mapped[StaffUser | None] = relationship()


class ContactEvent(Base):
    """One state change of a contact: who, when, from which state to which, and why."""

    __tablename__ = "contact_event"
    # How many were claimed lately: the pace a waiting caller's estimate comes from.
    __table_args__ = (Index("ix_contact_event_reason_at", "reason", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    from_state: Mapped[str | None] = mapped_column(String(10))
    to_state: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(40))
