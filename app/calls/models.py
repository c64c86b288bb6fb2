"""What a call adds to its contact (where it came from, its Twilio queue, how its waiting went,
its final status, the announcement it heard), and the announcements."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.contact import Contact


class Announcement(Base):
    """What callers hear after the welcome while it is current (not cleared)."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    text_en: Mapped[str] = mapped_column(Text)
    text_fr: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None]


class VoiceCall(Base):
    __tablename__ = "voice_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), unique=True)
    call_sid: Mapped[str] = mapped_column(String(100), unique=True)
    city: Mapped[str] = mapped_column(String(64), default="")
    province: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(64), default="")
    stir_verstat: Mapped[str | None] = mapped_column(String(64))
    language_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(20), default="ringing")
    duration_seconds: Mapped[int | None]
    queue_sid: Mapped[str | None] = mapped_column(String(100))
    queue_result: Mapped[str | None] = mapped_column(String(30))
    announced_at: Mapped[datetime | None]
    callback_requested_at: Mapped[datetime | None]
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcement.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()
