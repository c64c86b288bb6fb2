"""The wrap-up of a contact. Referrals keep a snapshot of the service as it was told to the
resident (name, phone, address, hours): the directory changes, what the resident heard does not."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.contact import Contact


class WrapUp(Base):
    __tablename__ = "wrapup"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), primary_key=True)
    contact_type: Mapped[str | None] = mapped_column(String(30))
    inquirer: Mapped[str | None] = mapped_column(String(30))
    area: Mapped[str | None] = mapped_column(String(120))  # a municipality or a postal area, never a street
    demographics: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    consent_follow_up: Mapped[bool | None]
    follow_up_method: Mapped[str | None] = mapped_column(String(20))
    mailing_address: Mapped[str | None] = mapped_column(Text)  # only when they asked for follow-up by mail
    notes: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Need(Base):
    __tablename__ = "contact_need"
    __table_args__ = (UniqueConstraint("contact_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    term_id: Mapped[str] = mapped_column(ForeignKey("hsds_taxonomy_term.id"))
    status: Mapped[str] = mapped_column(String(20))  # met, partially_met, unmet
    unmet_reason: Mapped[str | None] = mapped_column(String(40))
    final_status: Mapped[str | None] = mapped_column(String(20))  # as the follow-up found it
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Referral(Base):
    __tablename__ = "contact_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    service_at_location_id: Mapped[str] = mapped_column(String(250))
    kind: Mapped[str] = mapped_column(String(30))  # information, referral, warm_transfer, ...
    name: Mapped[str] = mapped_column(Text)
    name_fr: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(Text)
    hours_fr: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"))


class FollowUp(Base):
    """A call back the resident consented to: due when, whose, and how it ended."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(30))  # None while open
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()


class FollowUpAttempt(Base):
    __tablename__ = "follow_up_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id"), index=True)
    follow_up: Mapped[FollowUp] = relationship()
    outcome: Mapped[str] = mapped_column(String(20))  # reached, no_answer, message_left
    note: Mapped[str | None] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
