"""The funder's figures as conditions on a contact, written once and evaluated over either source
a report counts from: the contacts themselves (RAW), or the daily rollup of settled days
(`tally_rollup`, app/reports/rollup_models.py), whose rows carry exactly the attributes the
conditions read and how many contacts share them. One definition of each figure, two sources,
equal counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func, or_, select, true
from sqlalchemy.orm import Session

from app.models import Contact
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.reports.rollup_models import ReportDay
from app.services.abandonment import ABANDONED_IN_QUEUE
from app.spam.scoring import TURNED_AWAY

SERVED_FIGURES = {"voice": "calls", "chat": "chats", "email": "emails", "sms": "texts"}
ABANDON_FIGURES = {"voice": "calls_abandoned", "chat": "chats_abandoned"}
SATISFACTION_FIGURES = {"voice": "satisfaction_phone", "chat": "satisfaction_chat"}
SATISFIED = ("very_satisfied", "satisfied")


@dataclass(frozen=True)
class Source:
    """What the conditions read (one expression per attribute) and how a set is counted."""

    channel: SQLColumnExpression[Any]
    claimed: SQLColumnExpression[bool]
    outcome: SQLColumnExpression[Any]
    short_abandon: SQLColumnExpression[bool]
    satisfaction: SQLColumnExpression[Any]
    counted: ColumnElement[bool]  # not excluded as spam, auto-dialer, static or blocked
    total: Callable[[ColumnElement[bool]], ColumnElement[Any]]  # how many contacts meet a condition


RAW = Source(
    Contact.channel, Contact.claimed_at.is_not(None), Contact.outcome, Contact.short_abandon, Contact.satisfaction,
    counted=Contact.spam_verdict.not_in(TURNED_AWAY), total=lambda condition: func.count(Contact.id).filter(condition),
)  # fmt: skip
ROLLED = (ReportDay.channel, ReportDay.claimed, ReportDay.outcome, ReportDay.short_abandon, ReportDay.satisfaction,
          ReportDay.excluded_as)  # fmt: skip


def conditions(d: Definitions, source: Source = RAW) -> dict[str, ColumnElement[bool]]:
    """Each counted set of contacts, by name (a figure, or a part of one)."""
    left, counted = source.outcome == ABANDONED_IN_QUEUE, source.counted
    served = and_(source.claimed, or_(source.outcome.is_(None), ~left), counted)
    found: dict[str, ColumnElement[bool]] = {"excluded": ~counted}
    for channel in d.served_channels:
        found[SERVED_FIGURES[channel]] = and_(source.channel == channel, served)
    for channel in d.abandon_channels:
        found[ABANDON_FIGURES[channel]] = and_(source.channel == channel, left, counted)
        found[f"short_abandons_{channel}"] = and_(source.channel == channel, left, source.short_abandon, counted)
    for channel in d.satisfaction_channels:
        surveyed = and_(source.channel == channel, source.satisfaction.is_not(None), counted)
        found[f"{SATISFACTION_FIGURES[channel]}_surveyed"] = surveyed
        found[f"{SATISFACTION_FIGURES[channel]}_satisfied"] = and_(surveyed, source.satisfaction.in_(SATISFIED))
    return found


def arrived(period: Period) -> ColumnElement[bool]:
    """The contacts of a period: a contact counts on the local day it arrived (created_at)."""
    return and_(Contact.created_at >= period.start, Contact.created_at < period.end)


def tally(session: Session, d: Definitions, source: Source, where: ColumnElement[bool] | None) -> dict[str, int]:
    """Every condition's count over the rows of `source` that `where` selects, in one statement
    (none at all when there is nothing to select)."""
    named = conditions(d, source)
    if where is None:
        return dict.fromkeys(named, 0)
    row = session.execute(select(*(source.total(c).label(name) for name, c in named.items())).where(where)).one()
    return {name: int(value or 0) for name, value in row._mapping.items()}


def tally_rollup(session: Session, d: Definitions, where: ColumnElement[bool] | None) -> dict[str, int]:
    """The same over the rollup rows `where` selects: first summed by combination (a few hundred
    rows over years, however many days), then counted by the same conditions."""
    if where is None:
        return dict.fromkeys(conditions(d), 0)
    summed = select(*ROLLED, func.sum(ReportDay.contacts).label("contacts")).where(where).group_by(*ROLLED).subquery()
    c = summed.c
    source = Source(c.channel, c.claimed, c.outcome, c.short_abandon, c.satisfaction, counted=c.excluded_as.is_(None),
                    total=lambda condition: func.sum(c.contacts).filter(condition))  # fmt: skip
    return tally(session, d, source, true())
