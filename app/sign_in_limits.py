"""Sign-in attempts per client address (the per-account lock is app.staff's): after
SIGN_IN_FAILURES_PER_ADDRESS failed sign-ins from one address within the window, further attempts
from it are refused until the oldest of them leaves the window. Counted from the audit trail, which
records every failure with its address: one indexed query, no second store to keep."""

from __future__ import annotations

import math
from datetime import timedelta

from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.models.base import utcnow

WINDOW = timedelta(minutes=15)


def minutes_refused(session: Session, address: str | None, limit: int) -> int:
    """How many minutes `address` must wait before trying again (0: it may try now)."""
    if address is None:
        return 0
    since = utcnow() - WINDOW
    failures = select(func.count(), func.min(AuditEntry.at)).where(
        AuditEntry.action == "sign_in.failed", AuditEntry.address == address, AuditEntry.at > since
    )
    count, oldest = session.execute(failures).one()
    if count < limit or oldest is None:
        return 0
    return max(1, math.ceil((oldest + WINDOW - utcnow()).total_seconds() / 60))


def refusal(minutes: int) -> str:
    return ngettext(
        "Too many failed sign-ins from your address. Try again in %(num)s minute.",
        "Too many failed sign-ins from your address. Try again in %(num)s minutes.",
        minutes,
    )
