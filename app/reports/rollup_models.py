"""The report's daily rollup (docs/reports.md, "Rollups"): for each settled local day of a time
zone, one row per distinct combination of what the funder's conditions read, with how many
contacts share it, and the record of which days are built, with the day's instants.

A built day is exact: a trigger on `contact` (migration 0020, PostgreSQL only) deletes its
`report_day_built` row when one of its contacts is inserted, changed in a way a figure reads, or
deleted; until it is built again the day is counted from the contacts themselves."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# The advisory lock between building days (exclusive), reading them and the trigger's
# invalidation (shared); migration 0020 writes the same number into the trigger's function.
LOCK = 211_0018


class ReportDay(Base):
    __tablename__ = "report_day"
    __table_args__ = (Index("ix_report_day_zone_day", "zone", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone: Mapped[str] = mapped_column(String(64))
    day: Mapped[date]  # a local day in `zone`
    channel: Mapped[str] = mapped_column(String(10))
    claimed: Mapped[bool]  # claimed_at is not null
    outcome: Mapped[str | None] = mapped_column(String(30))
    short_abandon: Mapped[bool]
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    excluded_as: Mapped[str | None] = mapped_column(String(20))  # app.spam.scoring.category; null: counted
    contacts: Mapped[int]


class ReportDayBuilt(Base):
    """A day whose `report_day` rows hold all its contacts as they are now. `starts_at` and
    `ends_at` are its local midnights as the report computes them (app.reports.periods), so the
    trigger finds a contact's day without converting time zones, and agrees with the report."""

    __tablename__ = "report_day_built"
    __table_args__ = (Index("ix_report_day_built_starts_at", "starts_at"),)

    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    built_at: Mapped[datetime]
