"""Staff accounts: navigators, supervisors and administrators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.domain import Role
from app.models.base import Base, utcnow


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    languages: Mapped[str] = mapped_column(String(100), default="en")
    # The staff pages' language they chose (app.i18n): 'en' or 'fr'; None: STAFF_LOCALE.
    locale: Mapped[str | None] = mapped_column(String(5))
    # Rung when they claim a call (E.164); None: their console's browser phone.
    desk_number: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout, role change or disable: sessions carrying an older version are void.
    session_version: Mapped[int] = mapped_column(default=1)
    # Consecutive wrong passwords, and the lock they earn (see app.staff.authenticate).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    # Two-factor sign-in (app.twofactor): the TOTP secret (set at enrolment, confirmed by a first
    # code), the last time step used (a code works once), and the recovery codes' hashes.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    recovery_hashes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
