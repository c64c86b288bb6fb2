"""The block list, and supervisors' review decisions (each shows in the contact's history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.staff import StaffUser

ACTIVE = "lifted_at IS NULL"


class BlockedAddress(Base):
    """A channel address turned away (a blocked caller hears a short message; a blocked texter
    gets nothing), with why, who, when, and an optional expiry; lifted, it is kept."""

    __tablename__ = "blocked_address"
    __table_args__ = (
        Index("uq_blocked_address_active", "channel", "value", unique=True,
              postgresql_where=text(ACTIVE), sqlite_where=text(ACTIVE)),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(Text)
    blocked_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    blocked_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    blocked_by: Mapped[StaffUser] = relationship(foreign_keys=[blocked_by_id])


class SpamDecision(Base):
    """A supervisor's decision on a flagged or closed contact: confirmed, cleared or blocked."""

    __tablename__ = "spam_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[StaffUser] = relationship()
