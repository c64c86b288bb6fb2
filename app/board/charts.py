"""The board's charts: queue depth and abandonment through the day, by channel, in hourly
buckets of the board's day (local hours; a day that changes the clocks has 23 or 25).

- waiting: contacts in the queue at the end of each hour (at the current hour: now). Counted back
  from the queue as it is now, through the day's state changes (contact_event rows): the depth at
  time t is the depth now minus the contacts that entered the queue after t plus those that left
  it after t. Every contact in the queue counts, as on the consoles (suspect ones too; those
  turned away as spam were never shown).
- offered and abandoned: the contacts of each hour by when they arrived, with the board's
  conditions (app/board/metrics.py), so each day's buckets add up to the day's figures."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from app.board import metrics
from app.domain import Channel, ContactState
from app.models import Contact, ContactEvent
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.services.states import TRANSITIONS

HOUR = timedelta(hours=1)
CHANNELS = tuple(channel.value for channel in Channel)
Q = ContactState.QUEUED
# Every reason a contact enters or leaves the queue for: the day's events are read through the
# index on (reason, at), not by scanning every event ever recorded.
QUEUE_MOVES = sorted({reason for (was, now), reasons in TRANSITIONS.items() if Q in (was, now) for reason in reasons})


def hours(period: Period, now: datetime) -> list[tuple[datetime, datetime]]:
    """The day's hourly buckets [start, end) so far; the current one ends now."""
    buckets, start = [], period.start
    while start < min(period.end, now):
        buckets.append((start, min(start + HOUR, period.end, now)))
        start += HOUR
    return buckets


def charts(session: Session, d: Definitions, period: Period, now: datetime, waiting: dict[str, int]) -> dict[str, Any]:
    """`waiting`: the contacts in the queue now, by channel."""
    buckets = hours(period, now)
    zone = ZoneInfo(period.zone)
    arrivals = _arrivals(session, d, period, buckets)
    return {
        "hours": [start.astimezone(zone).strftime("%H:%M") for start, _ in buckets],
        "waiting": _depth(session, period, buckets, waiting),
        "offered": {ch: counts["offered"] for ch, counts in arrivals.items()},
        "abandoned": {ch: counts["abandoned"] for ch, counts in arrivals.items() if ch in d.abandon_channels},
    }


def _per_bucket(buckets: list[tuple[datetime, datetime]], kind: str, row: Any) -> list[int]:
    return [int(getattr(row, f"{kind}_{n}") or 0) for n in range(len(buckets))]


def _arrivals(
    session: Session, d: Definitions, period: Period, buckets: list[tuple[datetime, datetime]]
) -> dict[str, dict[str, list[int]]]:
    """Offered and abandoned contacts by the hour they arrived, by channel (every channel: zeros)."""
    gone = metrics.abandoned(d)
    columns = []
    for n, (start, end) in enumerate(buckets):
        inside = and_(Contact.created_at >= start, Contact.created_at < end)
        columns += [func.count().filter(and_(inside, metrics.OFFERED)).label(f"offered_{n}"),
                    func.count().filter(and_(inside, gone)).label(f"abandoned_{n}")]  # fmt: skip
    found = {ch: {"offered": [0] * len(buckets), "abandoned": [0] * len(buckets)} for ch in CHANNELS}
    if not buckets:
        return found
    query = select(Contact.channel, *columns).where(metrics.arrived(period)).group_by(Contact.channel)
    for row in session.execute(query):
        found[row.channel] = {kind: _per_bucket(buckets, kind, row) for kind in ("offered", "abandoned")}
    return found


def _net_after(moment: datetime) -> ColumnElement[int]:
    """+1 for each entry into the queue at or after `moment`, -1 for each exit."""
    later = ContactEvent.at >= moment
    entered, left = and_(later, ContactEvent.to_state == Q), and_(later, ContactEvent.from_state == Q)
    return func.coalesce(func.sum(case((entered, 1), (left, -1), else_=0)), 0)


def _depth(
    session: Session, period: Period, buckets: list[tuple[datetime, datetime]], waiting: dict[str, int]
) -> dict[str, list[int]]:
    found = {ch: [waiting.get(ch, 0)] * len(buckets) for ch in CHANNELS}
    if not buckets:
        return found
    columns = [_net_after(end).label(f"net_{n}") for n, (_, end) in enumerate(buckets)]
    query = (
        select(Contact.channel, *columns)
        .select_from(ContactEvent)
        .join(Contact, Contact.id == ContactEvent.contact_id)
        .where(ContactEvent.reason.in_(QUEUE_MOVES), ContactEvent.at >= period.start)
        .group_by(Contact.channel)
    )
    for row in session.execute(query):
        now = waiting.get(row.channel, 0)
        found[row.channel] = [max(0, now - net) for net in _per_bucket(buckets, "net", row)]
    return found
