"""The block list: a channel address turned away, with reason, who, when and an optional expiry.
Lifting keeps the row (who lifted it, when); blocking an address already blocked changes its
reason and expiry."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import handles
from app.db import ports
from app.domain import Channel
from app.errors import InvalidRequest, NotFound
from app.models import StaffUser
from app.models.base import utcnow
from app.spam.models import BlockedAddress

REASON_MAX = 500


def address_value(session: Session, channel: str, raw: str) -> str:
    """The address as contacts store it (a phone number in E.164); a withheld number cannot be blocked."""
    if channel not in Channel.__members__.values():
        raise InvalidRequest(_("Unknown channel %(got)s.", got=repr(channel[:20])))
    value = handles.read(channel, raw, ports(session).config.DEFAULT_REGION).value
    if value is None:
        raise InvalidRequest(_("A withheld number or an empty address identifies nobody: it cannot be blocked."))
    return value


def active(session: Session, channel: str, value: str) -> BlockedAddress | None:
    query = select(BlockedAddress).where(
        BlockedAddress.channel == channel, BlockedAddress.value == value, BlockedAddress.lifted_at.is_(None)
    )
    return session.scalars(query).first()


def block(
    session: Session, by: StaffUser, channel: str, raw: str, reason: str, expires_at: datetime | None = None
) -> BlockedAddress:
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise InvalidRequest(_("Give a reason (at most %(most)s characters).", most=REASON_MAX))
    if expires_at is not None and expires_at <= utcnow():
        raise InvalidRequest(_("The expiry must be in the future."))
    value = address_value(session, channel, raw)
    row = active(session, channel, value) or BlockedAddress(channel=channel, value=value)
    row.reason, row.expires_at, row.blocked_by_id, row.blocked_at = reason, expires_at, by.id, utcnow()
    session.add(row)
    session.flush()
    return row


def lift(session: Session, by: StaffUser, channel: str, raw: str) -> BlockedAddress:
    row = active(session, channel, address_value(session, channel, raw))
    if row is None:
        raise NotFound(_("That address is not on the block list."))
    row.lifted_at, row.lifted_by_id = utcnow(), by.id
    session.flush()
    return row


def lift_by_id(session: Session, by: StaffUser, block_id: int) -> BlockedAddress:
    """Lift one entry of the list as shown (by its id); a lifted or unknown one is not found."""
    row = session.get(BlockedAddress, block_id, with_for_update=True)
    if row is None or row.lifted_at is not None:
        raise NotFound(_("That entry is not on the block list (lifted already, or never there)."))
    row.lifted_at, row.lifted_by_id = utcnow(), by.id
    session.flush()
    return row


def listed(session: Session) -> list[BlockedAddress]:
    """The block list as it stands (lifted rows are history), newest first."""
    query = select(BlockedAddress).where(BlockedAddress.lifted_at.is_(None))
    return list(session.scalars(query.order_by(BlockedAddress.blocked_at.desc())))
