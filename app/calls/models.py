"""What a call adds to its contact: where it came from, its Twilio queue, how its waiting went,
and its final status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.contact import Contact


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()
