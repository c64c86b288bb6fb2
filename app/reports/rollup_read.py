"""Which parts of a report's period the rollup answers: its built days (consecutive ones merged
into ranges) from `report_day`, every other day (today and the recent, unsettled days always)
from the contacts themselves. Only on PostgreSQL, where the trigger keeps built days exact; the
embedded SQLite database always counts the contacts (docs/reports.md, "Rollups")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db import on_postgresql
from app.reports.conditions import arrived
from app.reports.periods import Period
from app.reports.rollup_models import LOCK, ReportDay, ReportDayBuilt

Runs = list[tuple[date, date]]


@dataclass(frozen=True)
class Split:
    built: ColumnElement[bool] | None  # the rollup rows of the period's built days; None: no such day
    raw: ColumnElement[bool] | None  # the contacts of its other days; None: every day is built
    built_days: int = 0


def raw_only(period: Period) -> Split:
    return Split(None, arrived(period))


def split(session: Session, period: Period) -> Split:
    """The period's built days and the rest. A shared lock keeps the builder out until this
    transaction ends, so the days read here keep their rows while the report reads them; a
    period with no built day (the board's today) is counted at once, without it."""
    if not on_postgresql(session) or not _at_midnights(period):
        return raw_only(period)
    if not session.scalar(select(_of(period).exists())):
        return raw_only(period)
    session.execute(select(func.pg_advisory_xact_lock_shared(LOCK)))
    days = _built(session, period)
    if not days:
        return raw_only(period)
    built, other = runs(period, days)
    in_zone = ReportDay.zone == period.zone
    rolled = or_(*(and_(in_zone, ReportDay.day >= first, ReportDay.day <= last) for first, last in built))
    counted = or_(*(arrived(Period(first, last, period.zone)) for first, last in other)) if other else None
    return Split(rolled, counted, len(days))


def _at_midnights(period: Period) -> bool:
    """A period of whole local days (the board's day may start at another hour)."""
    whole = Period(period.first, period.last, period.zone)
    return (period.start, period.end) == (whole.start, whole.end)


def _built(session: Session, period: Period) -> set[date]:
    """The period's built days whose instants are still the report's (a time zone rule changed
    since would make them count other instants: those days are counted raw)."""
    rows = session.execute(_of(period).add_columns(ReportDayBuilt.starts_at, ReportDayBuilt.ends_at)).all()
    return {day for day, starts, ends in rows if (starts, ends) == _instants(day, period.zone)}


def _of(period: Period) -> Select[tuple[date]]:
    days = ReportDayBuilt.day.between(period.first, period.last)
    return select(ReportDayBuilt.day).where(ReportDayBuilt.zone == period.zone, days)


@lru_cache(maxsize=100_000)
def _instants(day: date, zone: str) -> tuple[datetime, datetime]:
    one = Period(day, day, zone)
    return one.start, one.end


def runs(period: Period, days: set[date]) -> tuple[Runs, Runs]:
    """The period's days as runs of consecutive built days and runs of consecutive others."""
    built: Runs = []
    other: Runs = []
    day = period.first
    while day <= period.last:
        mine = built if day in days else other
        if mine and mine[-1][1] == day - timedelta(days=1):
            mine[-1] = (mine[-1][0], day)
        else:
            mine.append((day, day))
        day += timedelta(days=1)
    return built, other


def excluded(session: Session, where: ColumnElement[bool] | None) -> list[tuple[str, str, int]]:
    """The rollup's excluded contacts by channel and by what they were excluded as."""
    if where is None:
        return []
    what = (ReportDay.channel, ReportDay.excluded_as)
    query = select(*what, func.sum(ReportDay.contacts)).where(where, ReportDay.excluded_as.is_not(None))
    return [(channel, kind, int(n)) for channel, kind, n in session.execute(query.group_by(*what))]
