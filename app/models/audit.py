"""The audit trail's rows: who viewed or exported which contact's personal information, and every
security event (sign-ins, refusals, role changes, exports), with when and from where. Never the
information itself (docs/audit.md). Append-only: nothing in the application updates or deletes a
row, and on PostgreSQL a trigger refuses it (migration 0016)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who acted; None when nobody was signed in (a failed sign-in) or on the command line.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    # The staff account acted upon (a role change, a failed sign-in to it).
    subject_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    detail: Mapped[str | None] = mapped_column(String(200))  # what, in words without personal information
    address: Mapped[str | None] = mapped_column(String(45))  # where from: the client's IP address
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
