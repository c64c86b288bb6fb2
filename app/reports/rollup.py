"""Building the report's daily rollup (docs/reports.md, "Rollups"). A day is built once it is
settled, ended more than ROLLUP_SETTLE_DAYS ago by the database's clock (the clock the trigger
reads): by the periodic sweep (`sweep`, a month of days at a time) or by `flask --app wsgi
reports rollup`. Building holds the exclusive advisory lock, so no transaction that changed an
old contact (the trigger takes the lock shared) is in flight while a day is read, and a change
committed after it finds the day built and invalidates it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Text, and_, bindparam, case, cast, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.db import on_postgresql, ports
from app.models import Contact
from app.reports.periods import Period
from app.reports.rollup_models import LOCK, ReportDay, ReportDayBuilt
from app.reports.rollup_read import runs
from app.spam.scoring import SPAM, TURNED_AWAY, category

CHUNK_DAYS = 31  # days built in one transaction (and by one sweep)
KEYS = ("day", "channel", "claimed", "outcome", "short_abandon", "satisfaction", "excluded_as")


def available(session: Session) -> bool:
    """Rollups need the trigger, which only PostgreSQL has."""
    return on_postgresql(session)


def settled_until(session: Session, zone: str, settle_days: int) -> date:
    """The last local day that ended at least `settle_days` (at least one) ago."""
    now = session.scalar(select(func.now()))
    assert now is not None
    return (now - timedelta(days=max(1, settle_days))).astimezone(ZoneInfo(zone)).date() - timedelta(days=1)


def due(session: Session, zone: str, settle_days: int, since: date | None = None) -> list[date]:
    """The settled days not built yet, oldest first, from the first contact's day; with `since`,
    every settled day from it, built or not (to build them again)."""
    oldest = session.scalar(select(func.min(Contact.created_at)))
    first = since or (oldest.astimezone(ZoneInfo(zone)).date() if oldest else None)
    last = settled_until(session, zone, settle_days)
    if first is None or first > last:
        return []
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if since is not None:
        return days
    mine = and_(ReportDayBuilt.zone == zone, ReportDayBuilt.day.between(first, last))
    if session.scalar(select(func.count()).where(mine)) == len(days):
        return []
    built = set(session.scalars(select(ReportDayBuilt.day).where(mine)))
    return [day for day in days if day not in built]


def lock(session: Session) -> None:
    """Hold the builder's lock until the transaction ends (see the module's docstring)."""
    session.execute(select(func.pg_advisory_xact_lock(LOCK)))


def build(session: Session, zone: str, days: list[date]) -> int:
    """(Re)build `days` of `zone` from their contacts, under `lock`; returns the rows written."""
    tallied = _tally(session, zone, days)
    session.execute(delete(ReportDay).where(ReportDay.zone == zone, ReportDay.day.in_(days)))
    session.execute(delete(ReportDayBuilt).where(ReportDayBuilt.zone == zone, ReportDayBuilt.day.in_(days)))
    rows = [dict(zip(KEYS, key, strict=True), zone=zone, contacts=n) for key, n in tallied.items()]
    if rows:
        session.execute(insert(ReportDay), rows)
    now, each = session.scalar(select(func.now())), [Period(day, day, zone) for day in days]
    built = [{"zone": zone, "day": p.first, "starts_at": p.start, "ends_at": p.end, "built_at": now} for p in each]
    session.execute(insert(ReportDayBuilt), built)
    return len(rows)


def _tally(session: Session, zone: str, days: list[date]) -> Counter[tuple[Any, ...]]:
    """The days' contacts grouped by what the conditions read, a run of consecutive days per
    statement (one range of the arrival index); an excluded contact's category computed by
    app.spam.scoring.category, as the report does for unbuilt days."""
    tallied: Counter[tuple[Any, ...]] = Counter()
    for first, last in runs(Period(min(days), max(days), zone), set(days))[0]:
        tallied.update(_tally_run(session, zone, [first + timedelta(days=n) for n in range((last - first).days + 1)]))
    return tallied


def _tally_run(session: Session, zone: str, run: list[date]) -> Counter[tuple[Any, ...]]:
    """Each contact's day is its bucket among the run's midnights (computed as the report's
    periods are: no time zone converted in the database)."""
    midnights = [Period(day, day, zone).start for day in run] + [Period(run[-1], run[-1], zone).end]
    bucket = func.width_bucket(Contact.created_at, bindparam("midnights", midnights, ARRAY(DateTime(timezone=True))))
    turned = Contact.spam_verdict.in_(TURNED_AWAY)
    grouped = select(
        bucket.label("bucket"), Contact.channel, Contact.claimed_at.is_not(None).label("claimed"), Contact.outcome,
        Contact.short_abandon, Contact.satisfaction, case((turned, Contact.spam_verdict)).label("verdict"),
        case((turned, cast(Contact.spam_reasons, Text))).label("reasons"),
        case((turned, Contact.navigator_tag)).label("tag"),
    ).where(Contact.created_at >= midnights[0], Contact.created_at < midnights[-1]).subquery()  # fmt: skip
    tallied: Counter[tuple[Any, ...]] = Counter()
    for number, *attributes, verdict, reasons, tag, n in session.execute(
        select(*grouped.c, func.count()).group_by(*grouped.c)
    ):
        kind = (category(verdict, json.loads(reasons) or [], tag) or SPAM) if verdict else None
        tallied[(run[number - 1], *attributes, kind)] += n
    return tallied


def sweep(session: Session) -> list[date]:
    """The periodic job (workers/sweeps.py): build the oldest month of due days, if any. Cheap
    when none is due; safe in several processes at once (the due days are read again under the
    lock)."""
    config = ports(session).config
    zone, settle = config.TIME_ZONE, config.ROLLUP_SETTLE_DAYS
    if not available(session) or not due(session, zone, settle):
        return []
    lock(session)
    days = due(session, zone, settle)[:CHUNK_DAYS]
    if days:
        build(session, zone, days)
    return days


def build_all(
    transaction: Callable[[], AbstractContextManager[Session]], zone: str, settle_days: int, since: date | None = None
) -> list[date]:
    """Every due day now (the CLI), a month per `transaction`; with `since`, rebuild from it.
    Then the tables' statistics, so the next report plans for what is there (autovacuum would
    take a while to notice after a first build of years)."""
    with transaction() as session:
        days = due(session, zone, settle_days, since)
    for start in range(0, len(days), CHUNK_DAYS):
        with transaction() as session:
            lock(session)
            build(session, zone, days[start : start + CHUNK_DAYS])
    if days:
        with transaction() as session:
            session.execute(text("ANALYZE report_day, report_day_built"))
    return days
