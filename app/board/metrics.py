"""Today's figures on the board. The funder's figures are the report for the day itself
(`service_data.report` over the board's day), so the board's "today" equals the report at the same
instant by construction. Beside them, the live figures a supervisor watches, counted by one SQL
statement over the same contacts and the report's own conditions:

- offered: contacts counted by the report (not excluded as spam) that reached the queue (a call
  that ended in the phone menu never did);
- abandonment rate: abandoned (the report's figure, short abandons included) / offered, for the
  channels the funder counts abandonments of (voice, chat);
- service level: of the answered (the report's served contacts), the share whose wait (claimed_at
  - queued_at) was within the channel's threshold (SERVICE_LEVEL_SECONDS);
- average speed of answer: the mean of those waits; average handle time: the mean of closed_at -
  claimed_at over the answered contacts that are closed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db import on_postgresql
from app.domain import Channel, ContactState
from app.models import Contact
from app.reports import service_data
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.reports.service_data import ABANDON_FIGURES, COUNTED, SATISFACTION_FIGURES, SERVED_FIGURES
from app.services.abandonment import HUNG_UP_IN_MENU

CHANNELS = tuple(channel.value for channel in Channel)
NEVER_QUEUED = (HUNG_UP_IN_MENU, "voice_unavailable")  # calls that ended in the phone menu
REACHED_QUEUE = and_(
    Contact.state != ContactState.MENU, or_(Contact.outcome.is_(None), Contact.outcome.not_in(NEVER_QUEUED))
)
OFFERED = and_(COUNTED, REACHED_QUEUE)
Raw = dict[str, float]  # one channel's counts and sums of seconds


def seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """`later - earlier` in seconds, in the database's own arithmetic."""
    if not on_postgresql(session):
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def arrived(period: Period) -> ColumnElement[bool]:
    """The report's rule: a contact counts on the local day it arrived."""
    return and_(Contact.created_at >= period.start, Contact.created_at < period.end)


def answered(d: Definitions) -> ColumnElement[bool]:
    """The report's served contacts, on any channel."""
    named = service_data.conditions(d)
    return or_(*(named[SERVED_FIGURES[channel]] for channel in d.served_channels))


def abandoned(d: Definitions) -> ColumnElement[bool]:
    named = service_data.conditions(d)
    return or_(*(named[ABANDON_FIGURES[channel]] for channel in d.abandon_channels))


def today(session: Session, d: Definitions, period: Period, levels: dict[str, int]) -> dict[str, Any]:
    """The report for the day, and the live figures by channel and for all channels."""
    report = service_data.report(session, d, period)
    raw = _raw(session, d, period, levels)
    by_channel = {
        ch: _figures([ch], raw.get(ch, {}), raw.get(ch, {}).get("offered", 0.0), report, d) for ch in CHANNELS
    }
    for ch, shown in by_channel.items():
        shown["service_level_seconds"] = levels[ch]
    rate_base = sum(raw.get(ch, {}).get("offered", 0.0) for ch in d.abandon_channels)
    every = _figures(CHANNELS, _sum(raw.values()), rate_base, report, d)
    return {"report": report, "by_channel": by_channel, "all": every}


def _raw(session: Session, d: Definitions, period: Period, levels: dict[str, int]) -> dict[str, Raw]:
    """Per channel: offered, answered, answered within the threshold, their waits, and the
    closed answered ones with their handle times."""
    wait = seconds_between(session, Contact.claimed_at, Contact.queued_at)
    handle = seconds_between(session, Contact.closed_at, Contact.claimed_at)
    within = or_(*(and_(Contact.channel == ch, wait <= limit) for ch, limit in levels.items()))
    served, closed = answered(d), and_(answered(d), Contact.closed_at.is_not(None))
    columns = (
        func.count().filter(OFFERED).label("offered"), func.count().filter(served).label("answered"),
        func.count().filter(and_(served, within)).label("within"), func.sum(wait).filter(served).label("waited"),
        func.count().filter(closed).label("closed"), func.sum(handle).filter(closed).label("handled_for"),
    )  # fmt: skip
    rows = session.execute(select(Contact.channel, *columns).where(arrived(period)).group_by(Contact.channel))
    return {row.channel: {k: float(v or 0) for k, v in row._mapping.items() if k != "channel"} for row in rows}


def _sum(raws: Any) -> Raw:
    total: Raw = {}
    for raw in raws:
        for key, value in raw.items():
            total[key] = total.get(key, 0.0) + value
    return total


def _figures(
    channels: tuple[str, ...] | list[str], raw: Raw, rate_base: float, report: dict[str, Any], d: Definitions
) -> dict[str, Any]:
    """The figures of some channels (one, or all); `rate_base` is the offered of those the
    funder counts abandonments of."""
    value = {f["key"]: f["value"] for f in report["figures"]}
    counted = [ch for ch in channels if ch in d.abandon_channels]
    gone = sum(value[ABANDON_FIGURES[ch]] for ch in counted) if counted else None
    excluded = report["excluded"]["by_channel"]
    return {
        "offered": int(raw.get("offered", 0)),
        "handled": sum(value[SERVED_FIGURES[ch]] for ch in channels if ch in d.served_channels),
        "abandoned": gone,
        "short_abandons": sum(report["short_abandons"][ch] for ch in counted) if counted else None,
        "abandonment_rate": _share(gone, rate_base) if gone is not None else None,
        "service_level": _share(raw.get("within", 0), raw.get("answered", 0)),
        "asa_seconds": _mean(raw.get("waited", 0), raw.get("answered", 0)),
        "aht_seconds": _mean(raw.get("handled_for", 0), raw.get("closed", 0)),
        "satisfaction": _satisfaction(report, channels[0]) if len(channels) == 1 else None,
        "excluded": sum(sum(excluded.get(ch, {}).values()) for ch in channels),
    }  # fmt: skip


def _share(part: float | None, whole: float) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def _mean(total: float, n: float) -> int | None:
    return round(total / n) if n else None


def _satisfaction(report: dict[str, Any], channel: str) -> dict[str, Any] | None:
    """The share satisfied and the number surveyed, for the channels the funder surveys."""
    key = SATISFACTION_FIGURES.get(channel)
    figure = next((f for f in report["figures"] if f["key"] == key), None)
    return None if figure is None else {"value": figure["value"], "surveyed": figure["surveyed"]}
