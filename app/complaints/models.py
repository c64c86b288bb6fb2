"""A complaint and its trail of notes. A complainant may stay anonymous: the name and the way to
reach them are kept only when they give them. Status changes and owner changes are notes too
(`kind`), so the trail says who did what and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain import digits
from app.models.base import Base, utcnow
from app.models.staff import StaffUser

# How the complaint reached us. `web`: the public form; `navigator`: staff raised it on the
# resident's behalf (or from a web chat, which has no complaint channel of its own).
CHANNELS = ("web", "phone", "sms", "email", "in_person", "navigator")
LANGUAGES = ("en", "fr")

RECEIVED, ACKNOWLEDGED, INVESTIGATING = "received", "acknowledged", "investigating"
RESOLVED, WITHDRAWN = "resolved", "withdrawn"
STATUSES = (RECEIVED, ACKNOWLEDGED, INVESTIGATING, RESOLVED, WITHDRAWN)
OPEN = (RECEIVED, ACKNOWLEDGED, INVESTIGATING)
# The legal moves. Acknowledging is never skipped (the funder asks how fast it happens), a
# resolution follows an investigation, and a complainant may withdraw until it is resolved.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RECEIVED: (ACKNOWLEDGED, WITHDRAWN),
    ACKNOWLEDGED: (INVESTIGATING, WITHDRAWN),
    INVESTIGATING: (RESOLVED, WITHDRAWN),
    RESOLVED: (),
    WITHDRAWN: (),
}

SUMMARY_MAX = 5000
NAME_MAX = 200
CONTACT_DETAILS_MAX = 320


class Complaint(Base):
    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(2))  # of our answer
    name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    contact_details: Mapped[str | None] = mapped_column(String(CONTACT_DETAILS_MAX))  # how to reach them
    summary: Mapped[str] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    status: Mapped[str] = mapped_column(String(15), default=RECEIVED, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    owner: Mapped[StaffUser | None] = relationship(foreign_keys=[owner_id])
    logged_by: Mapped[StaffUser | None] = relationship(foreign_keys=[logged_by_id])

    @property
    def reference(self) -> str:
        """What the complainant quotes: the confirmation page shows it."""
        return reference(self.id)


class ComplaintNote(Base):
    """A supervisor's note, or (`kind` status or owner) a change recorded by the service."""

    __tablename__ = "complaint_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(10), default="note")  # note, status, owner
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[StaffUser] = relationship()


def reference(complaint_id: int) -> str:
    return f"C-{complaint_id:06d}"


def parse_reference(text: str) -> int | None:
    """The id in `C-000042` (or `c42`, `42`), else None."""
    number = text.strip().upper().removeprefix("C").lstrip("-")
    return int(number) if digits(number) and len(number) < 10 else None
