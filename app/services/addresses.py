"""A sender's first contact on a channel: the resident behind it and their address."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.handles import Handle
from app.models import Address, Resident
from app.services.upserts import Insert

_RESIDENT = Insert(Resident)
_ADDRESS = Insert(Address, "(channel, value)")


def new(session: Session, written: list[Any], channel: str, handle: Handle, at: datetime) -> Address | None:
    """The new address of `handle` on `channel` (None when withheld: nobody's address), added to
    `written`; Overtaken when a concurrent delivery stored it first."""
    if handle.value is None:
        return None
    resident = _RESIDENT(session, written, created_at=at)
    new = {"value": handle.value, "raw": handle.raw, "is_valid": handle.valid}
    address: Address = _ADDRESS(session, written, channel=channel, created_at=at, **new, resident_id=resident.id)
    return address
