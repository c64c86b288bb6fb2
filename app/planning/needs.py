"""The counts behind the planning tables, by GROUP BY (PostgreSQL and SQLite alike): one statement
for the needs (the three tables of needs are sums of it), one for referrals, one for follow-ups,
each over the contacts that arrived in the period. A need belongs to the local day its contact
came in (Contact.created_at), whenever it was recorded, so every table of a period counts the
same contacts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from app.directory.terms import TaxonomyTerm
from app.models import Contact
from app.reports.periods import Period
from app.wrapup.models import FollowUp, Need, Referral, WrapUp

Found = dict[tuple[str | None, str | None], int]
NeedGroup = tuple[str, str, str | None, str | None]  # term, status, unmet reason, area as recorded


def needs(session: Session, period: Period) -> dict[NeedGroup, int]:
    """Needs by term, status, unmet reason and area as recorded in the contact's wrap-up (None:
    not recorded), in one statement: the three tables of needs are sums of it, so the figures
    they share agree even while navigators record needs."""
    query = (
        select(Need.term_id, Need.status, Need.unmet_reason, WrapUp.area, func.count(Need.id))
        .select_from(Need)
        .join(Contact, Contact.id == Need.contact_id)
        .outerjoin(WrapUp, WrapUp.contact_id == Need.contact_id)
        .where(_in(period))
        .group_by(Need.term_id, Need.status, Need.unmet_reason, WrapUp.area)
    )
    return {(term, status, reason, area): int(n) for term, status, reason, area, n in session.execute(query)}


def referrals_by_term_and_kind(session: Session, period: Period) -> Found:
    """Referrals by kind, under each need term of their contact: a referral made to a resident
    with two needs counts under both terms."""
    query = (
        select(Need.term_id, Referral.kind, func.count(Referral.id))
        .select_from(Need)
        .join(Contact, Contact.id == Need.contact_id)
        .join(Referral, Referral.contact_id == Need.contact_id)
    )
    query = query.where(_in(period)).group_by(Need.term_id, Referral.kind)
    return {(term, kind): int(n) for term, kind, n in session.execute(query)}


def follow_ups_by_outcome(session: Session, period: Period) -> dict[str | None, int]:
    """Follow-ups by final outcome (None: still open)."""
    query = select(FollowUp.outcome, func.count(FollowUp.id)).join(Contact, Contact.id == FollowUp.contact_id)
    rows = session.execute(query.where(_in(period)).group_by(FollowUp.outcome)).all()
    return {outcome: int(n) for outcome, n in rows}


def term_names(session: Session, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """(English name, French name) of each term id."""
    wanted = sorted(set(ids))
    query = select(TaxonomyTerm.id, TaxonomyTerm.name, TaxonomyTerm.name_fr).where(TaxonomyTerm.id.in_(wanted))
    return {term_id: (name, name_fr) for term_id, name, name_fr in session.execute(query)} if wanted else {}


def _in(period: Period) -> ColumnElement[bool]:
    return and_(Contact.created_at >= period.start, Contact.created_at < period.end)
