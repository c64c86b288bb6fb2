"""The report's daily rollup (docs/reports.md, "Rollups") on PostgreSQL: a report over built and
unbuilt days equals the report counted from the contacts alone, for periods across a day boundary
and a daylight-saving change in America/Toronto, a fiscal-quarter boundary, and today; a later
change to a contact of a built day (a supervisor clearing spam, a late survey answer, an erasure,
a back-dated contact) is in the next report; the CLI builds settled days only; the board's today
is unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from app.board import day as board_day
from app.board import metrics
from app.models import Contact, StaffUser
from app.reports import definitions, rollup, rollup_read, service_data
from app.reports.periods import Period, quarter
from app.reports.rollup_models import ReportDay, ReportDayBuilt
from app.spam import review

TORONTO = ZoneInfo("America/Toronto")
ZONE = "America/Toronto"
D = definitions.V1
SERVED = {"claimed_at": True, "state": "closed"}
SPAM = {"spam_verdict": "spam", "spam_score": 1.0, "state": "closed", "outcome": "spam"}
DIALER = [{"rule": "repeat_calls", "points": 1.0, "detail": "9 calls from this number in 10 min"}]
COPIES = [{"rule": "identical_bodies", "points": 1.0, "detail": "the same text from 20 senders"}]
TAGGED = [{"rule": "navigator_tag", "points": 1.0, "detail": "marked static by the navigator"}]
LEFT = {"state": "closed", "outcome": "abandoned_in_queue", "wait_seconds": 90}
# (local time, channel, values); 2026-03-08 is the spring-forward day, March 31 / April 1 a fiscal boundary.
SCRIPT: list[tuple[str, str, dict[str, Any]]] = [
    ("2026-03-07 23:59", "voice", {**SERVED, "satisfaction": "very_satisfied"}),
    ("2026-03-08 00:00", "voice", {**SERVED, "satisfaction": "not_satisfied"}),
    ("2026-03-08 03:30", "voice", LEFT),
    ("2026-03-08 03:31", "voice", {**LEFT, "wait_seconds": 2, "short_abandon": True}),
    ("2026-03-08 09:00", "chat", {**SERVED, "satisfaction": "satisfied"}),
    ("2026-03-08 10:00", "chat", LEFT),
    ("2026-03-08 11:00", "sms", SERVED),
    ("2026-03-08 11:30", "sms", SERVED),
    ("2026-03-08 12:00", "email", SERVED),
    ("2026-03-08 13:00", "chat", SERVED),
    ("2026-03-09 08:00", "voice", {**SPAM, "spam_reasons": DIALER}),
    ("2026-03-09 08:30", "sms", {**SPAM, "spam_reasons": COPIES}),
    ("2026-03-09 09:00", "voice", {**SERVED, **SPAM, "outcome": None, "navigator_tag": "static",
                                   "spam_reasons": TAGGED}),
    ("2026-03-09 10:00", "sms", {"spam_verdict": "blocked", "spam_score": 1.0, "state": "closed",
                                 "outcome": "blocked"}),
    ("2026-03-09 11:00", "sms", {**SERVED, "spam_verdict": "suspect", "spam_score": 0.5}),
    ("2026-03-09 12:00", "voice", {"state": "closed", "outcome": "hung_up_in_menu"}),
    ("2026-03-31 23:59", "voice", {**SERVED, "satisfaction": "satisfied"}),
    ("2026-04-01 00:00", "voice", {**SERVED, "satisfaction": "very_satisfied"}),
    ("2026-04-01 08:00", "sms", {**SPAM, "spam_reasons": COPIES}),
]  # fmt: skip


def contact(at: datetime, channel: str, values: dict[str, Any]) -> Contact:
    claimed = at if values.get("claimed_at") else None
    return Contact(channel=channel, from_raw="+16135550100", created_at=at, queued_at=at, last_message_at=at,
                   **{**values, "claimed_at": claimed})  # fmt: skip


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TORONTO)


def today() -> date:
    return datetime.now(TORONTO).date()


@pytest.fixture
def scripted(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The script, plus contacts of today and yesterday (never built: not settled)."""
    now = datetime.now(UTC)
    todays = max(now - timedelta(minutes=5), datetime.combine(today(), time(), TORONTO))  # today's, even at 00:02
    rows = [contact(local(at), channel, values) for at, channel, values in SCRIPT]
    rows += [contact(todays, "voice", {**SERVED, "satisfaction": "satisfied"}),
             contact(now - timedelta(hours=26), "sms", SERVED),
             contact(now - timedelta(hours=25), "voice", LEFT)]  # fmt: skip
    with db.transaction() as session:
        session.add_all(rows)
        session.flush()
        return {at: row.id for (at, _, _), row in zip(SCRIPT, rows, strict=False)}


def build(db) -> list[date]:  # type: ignore[no-untyped-def]
    return rollup.build_all(db.transaction, ZONE, 2)


def both(db, period: Period) -> tuple[dict[str, Any], dict[str, Any], rollup_read.Split]:  # type: ignore[no-untyped-def]
    """The report as served (rollup where built), the report from the contacts alone, and the split."""
    with db.transaction() as session:
        served = service_data.report(session, D, period)
        split = rollup_read.split(session, period)
    with db.transaction() as session:
        return served, service_data.report(session, D, period, rollup=False), split


def figures(report: dict[str, Any]) -> dict[str, Any]:
    return {f["key"]: f["value"] for f in report["figures"]}


PERIODS = {
    "the spring-forward day": Period(date(2026, 3, 8), date(2026, 3, 8), ZONE),
    "either side of a midnight": Period(date(2026, 3, 7), date(2026, 3, 8), ZONE),
    "a fiscal quarter": quarter("FY2025-Q4", ZONE),
    "either side of the fiscal year": Period(date(2026, 3, 31), date(2026, 4, 1), ZONE),
}


def test_a_report_over_built_and_unbuilt_days_equals_the_contacts(db, scripted) -> None:  # type: ignore[no-untyped-def]
    build(db)
    with db.transaction() as session:
        built = set(session.scalars(select(ReportDayBuilt.day)))
    assert built == {date(2026, 3, 7) + timedelta(days=n) for n in range((today() - date(2026, 3, 7)).days - 2)}
    periods = {**PERIODS, "to today": Period(date(2026, 3, 1), today(), ZONE),
               "yesterday and today": Period(today() - timedelta(days=1), today(), ZONE)}  # fmt: skip
    for name, period in periods.items():
        served, counted, split = both(db, period)
        assert served == counted, name
    assert figures(both(db, PERIODS["the spring-forward day"])[0]) == {
        "calls": 1, "chats": 2, "emails": 1, "texts": 2, "website_sessions": 0, "satisfaction_phone": 0.0,
        "satisfaction_chat": 100.0, "calls_abandoned": 2, "chats_abandoned": 1,
    }  # fmt: skip
    served, _, split = both(db, periods["to today"])
    assert split.built_days == (today() - timedelta(days=3) - date(2026, 3, 7)).days + 1 and split.raw is not None
    by_channel = {"sms": {"blocked": 1, "spam": 2}, "voice": {"auto_dialer": 1, "static": 1}}
    assert figures(served)["calls"] == 5 and served["excluded"] == {"total": 5, "by_channel": by_channel}
    assert both(db, periods["yesterday and today"])[2].built is None  # recent days are always counted raw


def test_a_later_change_to_a_built_day_is_in_the_next_report(db, scripted, make_staff) -> None:  # type: ignore[no-untyped-def]
    build(db)
    march = Period(date(2026, 3, 7), date(2026, 3, 31), ZONE)  # every day built
    before, _, split = both(db, march)
    assert split.built_days == 25 and figures(before)["satisfaction_chat"] == 100.0
    with db.transaction() as session:
        supervisor = session.scalars(select(StaffUser).where(StaffUser.email == make_staff("supervisor"))).one()
        review.decide(session, supervisor, scripted["2026-03-09 08:30"], "clear")  # the copied text counts again
        session.get(Contact, scripted["2026-03-08 13:00"]).satisfaction = "not_satisfied"  # a late survey answer
    served, counted, _ = both(db, march)
    assert served == counted and figures(served)["satisfaction_chat"] == 50.0
    assert served["excluded"]["total"] == before["excluded"]["total"] - 1
    assert served["excluded"]["by_channel"]["sms"] == {"blocked": 1}

    with db.transaction() as session:
        rollup.sweep(session)  # the two days built again
    served, _, split = both(db, march)
    assert served == counted and split.built_days == 25 and split.raw is None
    before = served

    with db.transaction() as session:  # an erasure, and a contact written back-dated (an import)
        session.execute(delete(Contact).where(Contact.id == scripted["2026-03-31 23:59"]))
        session.add(contact(local("2026-03-30 12:00"), "email", SERVED))
    served, counted, _ = both(db, march)
    assert served == counted and figures(served)["calls"] == figures(before)["calls"] - 1
    assert figures(served)["emails"] == figures(before)["emails"] + 1


def test_the_cli_builds_settled_days_only(app, db, scripted) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reports", "rollup"])  # (the live workers' sweeps may have built some already)
    last = today() - timedelta(days=3)  # ROLLUP_SETTLE_DAYS=2: the day before yesterday ended 1 to 2 days ago
    assert first.exit_code == 0 and "(America/Toronto)" in first.output, first.output
    assert runner.invoke(args=["reports", "rollup"]).output.startswith("Every settled day is built")
    again = runner.invoke(args=["reports", "rollup", "--since", "2026-03-31"])
    assert f"Built {(last - date(2026, 3, 31)).days + 1} days, 2026-03-31 to {last}" in again.output
    assert "does not match the format" in runner.invoke(args=["reports", "rollup", "--since", "31/03/2026"]).output
    with db.transaction() as session:
        days = set(session.scalars(select(ReportDayBuilt.day)))
        rows = session.scalars(select(ReportDay).where(ReportDay.day == date(2026, 3, 8))).all()
    assert days == {date(2026, 3, 7) + timedelta(days=n) for n in range((last - date(2026, 3, 7)).days + 1)}
    assert sum(r.contacts for r in rows) == 9 and len(rows) == 8  # one row per distinct combination


def test_the_boards_today_is_still_the_report_for_today(app, db, scripted) -> None:  # type: ignore[no-untyped-def]
    build(db)
    period = Period(today(), today(), ZONE)
    with db.transaction() as session:
        board = metrics.today(session, D, period, board_day.service_levels(app.config["SWITCHBOARD"]))
        assert board["report"] == service_data.report(session, D, period, rollup=False)
    assert board["all"]["handled"] == 1 and board["report"]["figures"][0]["value"] == 1
