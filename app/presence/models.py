"""Presence as spans of time: each change closes the staff member's open span and opens the
next, so the time spent in every state is on record; their presence now is the open span."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow

OPEN = "ended_at IS NULL"


class PresenceState(enum.StrEnum):
    AVAILABLE = "available"  # may claim
    BUSY = "busy"  # at a console, on a task: claims nothing new
    AWAY = "away"  # on a break: claims nothing
    OFFLINE = "offline"  # no console open (after PRESENCE_GRACE_SECONDS): set by the server only


class PresenceSpan(Base):
    __tablename__ = "presence_span"
    __table_args__ = (
        # One open span per staff member, whatever races: the current presence is never ambiguous.
        Index("uq_presence_span_open", "staff_id", unique=True,
              postgresql_where=text(OPEN), sqlite_where=text(OPEN)),
        Index("ix_presence_span_staff_id_started_at", "staff_id", "started_at"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    state: Mapped[str] = mapped_column(String(10))
    # Why the span began: set (by the navigator), console_connected, console_gone, claimed.
    reason: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
