"""What only email has, beside the message row it belongs to: its headers (the thread, the
subject, why a machine sent it), its attachments and quarantined parts, and the mailbox UIDs
already taken in (so a poller that stopped between committing and marking seen adds nothing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class EmailHeaders(Base):
    """One inbound email's headers, keyed like its message row (channel email, `provider_id`):
    written before the intake funnel stores the message, so the spam rules see it at once."""

    __tablename__ = "email_headers"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(100), unique=True)
    message_id: Mapped[str] = mapped_column(Text)  # as sent ("" without one): a reply's In-Reply-To
    subject: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str] = mapped_column(Text)
    reference_ids: Mapped[str] = mapped_column(Text)  # References: message ids, space-separated, the newest last
    automated: Mapped[str | None] = mapped_column(String(200))  # why a machine sent it
    quarantine: Mapped[str | None] = mapped_column(Text)  # why the message was not read whole
    source: Mapped[str] = mapped_column(String(10))  # "imap" or "webhook"
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmailPart(Base):
    """An attachment kept (`content`), or a part quarantined with its reason (no content)."""

    __tablename__ = "email_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("email_headers.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    quarantine: Mapped[str | None] = mapped_column(Text)


class MailboxUid(Base):
    """A message of an IMAP mailbox taken in: its mailbox, UIDVALIDITY and UID (RFC 3501)."""

    __tablename__ = "mailbox_uid"
    __table_args__ = (UniqueConstraint("mailbox", "uidvalidity", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(300))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    provider_id: Mapped[str] = mapped_column(String(100))
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
