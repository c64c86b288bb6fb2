"""The funder's service-data report: each figure is a condition on a contact (channel, served,
abandoned, surveyed, excluded as spam; app/reports/conditions.py), the same condition that lists
the contacts behind it (`members`), so a figure and its list never disagree. Contacts count on the
local day they arrived (created_at). Settled days come from the daily rollup where it is built,
the others from the contacts, one statement each; the result is the same (docs/reports.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import Session

from app.complaints import service as complaints
from app.directory.visits import VisitDay
from app.models import Contact
from app.reports import rollup_read
from app.reports.conditions import ABANDON_FIGURES as ABANDON_FIGURES
from app.reports.conditions import RAW, arrived, tally, tally_rollup
from app.reports.conditions import SATISFACTION_FIGURES as SATISFACTION_FIGURES
from app.reports.conditions import SERVED_FIGURES as SERVED_FIGURES
from app.reports.conditions import conditions as conditions
from app.reports.definitions import Definitions
from app.reports.periods import Period
from app.reports.rollup_read import Split
from app.spam.scoring import SPAM, category

COUNTED = RAW.counted  # not excluded as spam (the board's figures start from it too)


def counts(session: Session, d: Definitions, split: Split) -> dict[str, int]:
    """Every condition's count over the period: the rollup's built days and the other days'
    contacts, one statement each, added."""
    rolled, counted = tally_rollup(session, d, split.built), tally(session, d, RAW, split.raw)
    return {name: rolled[name] + counted[name] for name in counted}


def members(session: Session, d: Definitions, period: Period, name: str, limit: int) -> list[Contact]:
    """The contacts behind a figure (or the excluded ones), oldest first."""
    query = select(Contact).where(arrived(period), conditions(d)[name]).order_by(Contact.created_at, Contact.id)
    return list(session.scalars(query.limit(limit)))


def exclusions(session: Session, split: Split) -> dict[str, dict[str, int]]:
    """The excluded contacts by channel and by what they were excluded as (auto_dialer, static,
    spam, blocked): the rollup's, and the other days' judged here by the same `category`."""
    found: dict[str, Counter[str]] = {}
    for channel, kind, n in rollup_read.excluded(session, split.built):
        found.setdefault(channel, Counter())[kind] += n
    query = select(Contact.channel, Contact.spam_verdict, Contact.spam_reasons, Contact.navigator_tag)
    raw: Sequence[Row[Any]] = [] if split.raw is None else session.execute(query.where(split.raw, ~COUNTED)).all()
    for channel, verdict, reasons, tag in raw:
        found.setdefault(channel, Counter())[category(verdict, reasons or [], tag) or SPAM] += 1
    return {channel: dict(sorted(kinds.items())) for channel, kinds in sorted(found.items())}


def website_sessions(session: Session, period: Period) -> int:
    days = and_(VisitDay.day >= period.first, VisitDay.day <= period.last)
    return int(session.scalar(select(func.coalesce(func.sum(VisitDay.sessions), 0)).where(days)) or 0)


def report(session: Session, d: Definitions, period: Period, *, rollup: bool = True) -> dict[str, Any]:
    """The report; `rollup=False` counts every day from the contacts (the rollup's baseline)."""
    split = rollup_read.split(session, period) if rollup else rollup_read.raw_only(period)
    counted = counts(session, d, split) | {"website_sessions": website_sessions(session, period)}
    figures = [_figure(figure.key, figure.label, figure.definition, counted) for figure in d.figures]
    return {
        "period": period.shown(),
        "definitions_version": d.version, "figures": figures,
        "excluded": {"total": counted["excluded"], "by_channel": exclusions(session, split)},
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
