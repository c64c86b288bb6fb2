"""The process's two deadlines, in business days from the day a complaint arrived (local time,
`TIME_ZONE`): acknowledged within 2, answered (resolved) within 10. Business days are Monday to
Friday; statutory holidays are not known here, so a deadline across one is a day early."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.complaints.models import OPEN, RECEIVED, Complaint

ACKNOWLEDGE_DAYS = 2
RESPOND_DAYS = 10


@dataclass(frozen=True)
class Deadlines:
    acknowledge_by: date
    respond_by: date
    acknowledged_late: bool  # acknowledged after its day, or still not acknowledged past it
    response_late: bool  # resolved after its day, or still open past it


def add_business_days(day: date, count: int) -> date:
    """`count` weekdays after `day` (a complaint on a Saturday counts from Monday)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def of(complaint: Complaint, zone: str, now: datetime) -> Deadlines:
    tz = ZoneInfo(zone)
    received = complaint.received_at.astimezone(tz).date()
    acknowledge_by = add_business_days(received, ACKNOWLEDGE_DAYS)
    respond_by = add_business_days(received, RESPOND_DAYS)
    today = now.astimezone(tz).date()
    acknowledged = complaint.acknowledged_at.astimezone(tz).date() if complaint.acknowledged_at else None
    resolved = complaint.resolved_at.astimezone(tz).date() if complaint.resolved_at else None
    waiting = complaint.status == RECEIVED and today > acknowledge_by
    acknowledged_late = acknowledged > acknowledge_by if acknowledged is not None else waiting
    unanswered = complaint.status in OPEN and today > respond_by
    response_late = resolved > respond_by if resolved is not None else unanswered
    return Deadlines(acknowledge_by, respond_by, acknowledged_late, response_late)
