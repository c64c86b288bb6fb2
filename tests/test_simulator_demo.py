"""The demo data `make run` loads: a day of history that the funder's report counts
(calls and texts answered, calls abandoned, short abandons, surveys, website sessions), loaded
once: a second load changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.board import day
from app.models import Contact, ContactEvent
from app.models.base import utcnow
from app.reports import definitions, service_data
from app.reports.periods import Period
from app.services import demo


def figures(db, config) -> dict[str, object]:  # type: ignore[no-untyped-def]
    today = day.today(config, utcnow())
    # Yesterday too: just after the day starts, the history begins the day before.
    days = Period(today.first - timedelta(days=1), today.first, config.TIME_ZONE)
    with db.transaction() as session:
        report = service_data.report(session, definitions.in_force(today.first), days, rollup=False)
    shown = {figure["key"]: figure.get("surveyed", figure["value"]) for figure in report["figures"]}
    return shown | {"short": report["short_abandons"]}


def totals(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(func.count(Contact.id))), session.scalar(select(func.count(ContactEvent.id)))


def test_the_demo_has_a_day_the_report_counts_and_loads_once(db, config) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        created = demo.load(session)
    assert sorted(role for _email, role, _password in created) == ["navigator", "navigator", "navigator", "supervisor"]
    shown = figures(db, config)
    assert shown["calls"] == 14 and shown["texts"] == 18  # served today (the three waiting texts are not, yet)
    assert shown["calls_abandoned"] == 4 and shown["short"] == {"voice": 2, "chat": 0}
    assert shown["website_sessions"] == demo.demo_history.WEBSITE_SESSIONS
    assert shown["satisfaction_phone"] == 14  # surveyed: every answered call
    before = totals(db)

    with db.transaction() as session:
        assert demo.load(session) == []
    assert totals(db) == before and figures(db, config) == shown
