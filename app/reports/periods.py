"""Report periods (the funder's report and the planners' tables alike): local days in the
service's time zone (TIME_ZONE), Ontario fiscal quarters (the fiscal year starts April 1) and the
fiscal year to date. A period is a half-open interval of instants, [first day 00:00 local, the
day after the last 00:00 local), so a contact at local midnight belongs to exactly one day,
across daylight saving changes too."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.errors import InvalidRequest

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QUARTER = re.compile(r"^FY(\d{4})-Q([1-4])$")  # FY2026-Q3: October to December 2026
LONGEST_DAYS = 50 * 366


@dataclass(frozen=True)
class Period:
    first: date  # local days, both included
    last: date
    zone: str

    @property
    def start(self) -> datetime:
        """Local midnight of the first day, in UTC (as the database holds instants)."""
        return _midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """Local midnight after the last day, in UTC: the first instant not in the period."""
        return _midnight(self.last + timedelta(days=1), self.zone)

    def shown(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "time_zone": self.zone}


def asked(args: Mapping[str, str], zone: str, today: date) -> Period:
    """`quarter`, or `from` and `to` (without `from`: the fiscal year's start; without `to`:
    today), or the fiscal year to date. A bad day, or `from` after `to`, is a clear 400."""
    if args.get("quarter"):
        return _with_instants(quarter(args["quarter"], zone))
    first = _day(args.get("from") or "", "from") or fiscal_year_start(today)
    last = _day(args.get("to") or "", "to") or today
    if first > last:
        raise InvalidRequest(_("from (%(first)s) must not be after to (%(last)s).", first=first, last=last))
    if (last - first).days > LONGEST_DAYS:
        raise InvalidRequest(_("A period covers at most 50 years."))
    return _with_instants(Period(first, last, zone))


def _with_instants(period: Period) -> Period:
    try:
        period.start, period.end  # noqa: B018 - the days must have instants
    except (OverflowError, ValueError):
        raise InvalidRequest(
            _("No contact is that old or that new (%(first)s to %(last)s).", first=period.first, last=period.last)
        ) from None
    return period


def _day(text: str, name: str) -> date | None:
    if not text.strip():
        return None
    try:
        if _DAY.match(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise InvalidRequest(_("%(name)s must be a day as YYYY-MM-DD (got %(got)s).", name=name, got=repr(text[:20])))


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(zone)).astimezone(UTC)


def fiscal_year_start(on: date) -> date:
    return date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def quarter(text: str, zone: str) -> Period:
    """`FY2026-Q1` is April to June 2026 (the fiscal year named by the year it starts in)."""
    matched = _QUARTER.match(text.strip().upper())
    if not matched:
        raise InvalidRequest(_("quarter must look like FY2026-Q1 (April to June 2026)."))
    year, number = int(matched.group(1)), int(matched.group(2))
    try:  # FY0000 and FY9999-Q4 name days the calendar does not have
        first = date(year + (3 + 3 * (number - 1)) // 12, (3 + 3 * (number - 1)) % 12 + 1, 1)
        after = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    except ValueError:
        raise InvalidRequest(_("No contact is that old or that new (%(got)s).", got=repr(text.strip()[:20]))) from None
    return Period(first, after - timedelta(days=1), zone)
