"""The funder's service-data report, counted from the contacts of a period in one statement: each
figure is a condition on a contact (channel, served, abandoned, surveyed, excluded as spam), the
same condition that lists the contacts behind it (`members`), so a figure and its list never
disagree. Contacts count on the local day they arrived (created_at)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.complaints import service as complaints
from app.directory.visits import VisitDay
from app.models import Contact
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.services.abandonment import ABANDONED_IN_QUEUE
from app.spam.scoring import TURNED_AWAY, category

SERVED_FIGURES = {"voice": "calls", "chat": "chats", "email": "emails", "sms": "texts"}
ABANDON_FIGURES = {"voice": "calls_abandoned", "chat": "chats_abandoned"}
SATISFACTION_FIGURES = {"voice": "satisfaction_phone", "chat": "satisfaction_chat"}
SATISFIED = ("very_satisfied", "satisfied")
COUNTED = Contact.spam_verdict.not_in(TURNED_AWAY)


def conditions(d: Definitions) -> dict[str, ColumnElement[bool]]:
    """Each counted set of contacts, by name (a figure, or a part of one)."""
    left = Contact.outcome == ABANDONED_IN_QUEUE
    served = and_(Contact.claimed_at.is_not(None), or_(Contact.outcome.is_(None), ~left), COUNTED)
    found: dict[str, ColumnElement[bool]] = {"excluded": ~COUNTED}
    for channel in d.served_channels:
        found[SERVED_FIGURES[channel]] = and_(Contact.channel == channel, served)
    for channel in d.abandon_channels:
        found[ABANDON_FIGURES[channel]] = and_(Contact.channel == channel, left, COUNTED)
        found[f"short_abandons_{channel}"] = and_(Contact.channel == channel, left, Contact.short_abandon, COUNTED)
    for channel in d.satisfaction_channels:
        surveyed = and_(Contact.channel == channel, Contact.satisfaction.is_not(None), COUNTED)
        found[f"{SATISFACTION_FIGURES[channel]}_surveyed"] = surveyed
        found[f"{SATISFACTION_FIGURES[channel]}_satisfied"] = and_(surveyed, Contact.satisfaction.in_(SATISFIED))
    return found


def _in(period: Period) -> ColumnElement[bool]:
    return and_(Contact.created_at >= period.start, Contact.created_at < period.end)


def counts(session: Session, d: Definitions, period: Period) -> dict[str, int]:
    """Every condition's count over the period, in one statement."""
    named = conditions(d)
    columns = [func.count(Contact.id).filter(condition).label(name) for name, condition in named.items()]
    row = session.execute(select(*columns).where(_in(period))).one()
    return {name: int(value or 0) for name, value in row._mapping.items()}


def members(session: Session, d: Definitions, period: Period, name: str, limit: int) -> list[Contact]:
    """The contacts behind a figure (or the excluded ones), oldest first."""
    query = select(Contact).where(_in(period), conditions(d)[name]).order_by(Contact.created_at, Contact.id)
    return list(session.scalars(query.limit(limit)))


def exclusions(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """The excluded contacts by channel and by what they were excluded as (auto_dialer, static,
    spam, blocked)."""
    query = select(Contact.channel, Contact.spam_verdict, Contact.spam_reasons, Contact.navigator_tag)
    found: dict[str, Counter[str]] = {}
    for channel, verdict, reasons, tag in session.execute(query.where(_in(period), ~COUNTED)):
        found.setdefault(channel, Counter())[category(verdict, reasons or [], tag) or "spam"] += 1
    return {channel: dict(sorted(kinds.items())) for channel, kinds in sorted(found.items())}


def website_sessions(session: Session, period: Period) -> int:
    days = and_(VisitDay.day >= period.first, VisitDay.day <= period.last)
    return int(session.scalar(select(func.coalesce(func.sum(VisitDay.sessions), 0)).where(days)) or 0)


def report(session: Session, d: Definitions, period: Period) -> dict[str, Any]:
    counted = counts(session, d, period) | {"website_sessions": website_sessions(session, period)}
    figures = [_figure(figure.key, figure.label, figure.definition, counted) for figure in d.figures]
    return {
        "period": period.shown(),
        "definitions_version": d.version, "figures": figures,
        "excluded": {"total": counted["excluded"], "by_channel": exclusions(session, period)},
        "short_abandons": {ch: counted[f"short_abandons_{ch}"] for ch in d.abandon_channels},
        "complaints": complaints.count(session, period.start, period.end),
    }  # fmt: skip


def _figure(key: str, label: str, definition: str, counted: dict[str, int]) -> dict[str, Any]:
    shown: dict[str, Any] = {"key": key, "label": label, "definition": definition}
    if key.startswith("satisfaction_"):
        surveyed, satisfied = counted[f"{key}_surveyed"], counted[f"{key}_satisfied"]
        share = round(100 * satisfied / surveyed, 1) if surveyed else None
        return shown | {"value": share, "unit": "%", "surveyed": surveyed, "satisfied": satisfied}
    return shown | {"value": counted[key]}
