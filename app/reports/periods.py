"""Report periods: local days in the service's time zone (TIME_ZONE), Ontario fiscal quarters
(the fiscal year starts April 1) and the fiscal year to date. A period is a half-open interval
of instants, [start, end), so a contact at local midnight belongs to exactly one day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.errors import InvalidRequest

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
        return datetime.combine(self.first, time(), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"{name} must be a date, YYYY-MM-DD (got {text[:20]!r}).") from None


def between(first: str, last: str, zone: str) -> Period:
    period = Period(day(first, "from"), day(last, "to"), zone)
    if period.first > period.last:
        raise InvalidRequest("from must not be after to.")
    if (period.last - period.first).days > LONGEST_DAYS:
        raise InvalidRequest("A report covers at most 50 years.")
    return period


def fiscal_year_start(on: date) -> date:
    return date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def quarter(text: str, zone: str) -> Period:
    """`FY2026-Q1` is April to June 2026 (the fiscal year named by the year it starts in)."""
    matched = _QUARTER.match(text.strip().upper())
    if not matched:
        raise InvalidRequest("quarter must look like FY2026-Q1 (April to June 2026).")
    year, number = int(matched.group(1)), int(matched.group(2))
    first = date(year + (3 + 3 * (number - 1)) // 12, (3 + 3 * (number - 1)) % 12 + 1, 1)
    after = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return Period(first, after - timedelta(days=1), zone)


def year_to_date(today: date, zone: str) -> Period:
    return Period(fiscal_year_start(today), today, zone)
