"""The funder's service-data report over a scripted day across voice and SMS (served, abandoned,
a short abandon, a hang-up in the menu, a callback, spam of each kind, surveys), checked figure by
figure against a hand-computed report, across a day boundary in the configured time zone
(America/Toronto) and a fiscal-quarter boundary (March 31 / April 1), with the contacts behind
each figure, the CSV, the versioned definitions, and who may read it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.complaints.models import Complaint
from app.directory.visits import VisitDay
from app.models import Contact
from tests.conftest import PASSWORD
from tests.support.signin import post_login

TORONTO = ZoneInfo("America/Toronto")
SERVED = {"claimed_at": True, "state": "closed", "disposition": "referral_given"}
DIALER = [{"rule": "repeat_calls", "points": 1.0, "detail": "9 calls from this number in 10 min"}]
ODD = [{"rule": "stir_failed", "points": 0.4, "detail": "attestation failed"},
       {"rule": "impossible_number", "points": 0.7, "detail": "premium-rate"}]  # fmt: skip
COPIES = [{"rule": "identical_bodies", "points": 1.0, "detail": "the same text from 20 senders in 10 min"}]
BLOCKED = [{"rule": "blocked", "points": 1.0, "detail": "on the block list: abuse"}]
TAGGED = [{"rule": "navigator_tag", "points": 1.0, "detail": "marked static by the navigator"}]
SPAM = {"spam_verdict": "spam", "spam_score": 1.0}
SCRIPT: list[tuple[str, str, str, dict[str, Any]]] = [
    ("served, very satisfied", "voice", "2026-03-31 09:00", {**SERVED, "satisfaction": "very_satisfied"}),
    ("served, not satisfied", "voice", "2026-03-31 10:00", {**SERVED, "satisfaction": "not_satisfied"}),
    ("served at 23:59 local", "voice", "2026-03-31 23:59", {**SERVED, "satisfaction": "satisfied"}),
    ("abandoned after 2 min", "voice", "2026-03-31 11:00", {"state": "closed", "outcome": "abandoned_in_queue",
                                                             "wait_seconds": 120}),
    ("short abandon", "voice", "2026-03-31 11:05", {"state": "closed", "outcome": "abandoned_in_queue",
                                                     "wait_seconds": 3, "short_abandon": True}),
    ("hung up in the menu", "voice", "2026-03-31 11:10", {"state": "closed", "outcome": "hung_up_in_menu"}),
    ("callback, then served", "voice", "2026-03-31 12:00", SERVED),
    ("auto-dialer", "voice", "2026-03-31 13:00", {**SPAM, "state": "closed", "outcome": "spam",
                                                   "spam_reasons": DIALER}),
    ("abandoned but spam", "voice", "2026-03-31 13:05", {**SPAM, "state": "closed", "outcome": "abandoned_in_queue",
                                                          "wait_seconds": 50, "spam_reasons": ODD}),
    ("served, tagged static", "voice", "2026-03-31 14:00", {**SERVED, **SPAM, "navigator_tag": "static",
                                                             "spam_reasons": TAGGED}),
    ("text served", "sms", "2026-03-31 08:00", SERVED),
    ("text served, suspect", "sms", "2026-03-31 15:00", {**SERVED, "spam_verdict": "suspect", "spam_score": 0.5}),
    ("copied spam text", "sms", "2026-03-31 16:00", {**SPAM, "state": "closed", "outcome": "spam",
                                                      "spam_reasons": COPIES}),
    ("blocked texter", "sms", "2026-03-31 16:30", {"spam_verdict": "blocked", "spam_score": 1.0, "state": "closed",
                                                    "outcome": "blocked", "spam_reasons": BLOCKED}),
    ("text still waiting", "sms", "2026-03-31 17:00", {"state": "queued"}),
    ("call at midnight, next quarter", "voice", "2026-04-01 00:00", {**SERVED, "satisfaction": "satisfied"}),
    ("text the next day", "sms", "2026-04-01 09:30", SERVED),
]  # fmt: skip


@pytest.fixture
def scripted(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {}
    with db.transaction() as session:
        for name, channel, local, values in SCRIPT:
            at = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=TORONTO)
            claimed = at.replace(minute=at.minute) if values.get("claimed_at") else None
            row = Contact(channel=channel, from_raw="+16135550100", created_at=at, queued_at=at,
                          last_message_at=at, **{**values, "claimed_at": claimed})  # fmt: skip
            session.add(row)
            session.flush()
            ids[name] = row.id
        session.add_all([VisitDay(day=date(2026, 3, 31), sessions=7), VisitDay(day=date(2026, 4, 1), sessions=3)])
        late = datetime(2026, 3, 31, 23, 30, tzinfo=TORONTO)  # a complaint late on March 31, resolved April 2
        session.add(Complaint(received_at=late, channel="web", language="fr", summary="Personne n'a rappelé.",
                              status="resolved", resolved_at=datetime(2026, 4, 2, 10, tzinfo=TORONTO)))  # fmt: skip
    return ids


@pytest.fixture
def supervisor(app, make_staff):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert post_login(client, make_staff("supervisor"), PASSWORD).status_code == 302
    return client


def figures(answer: dict[str, Any]) -> dict[str, Any]:
    return {f["key"]: f["value"] for f in answer["figures"]}


def test_a_scripted_day_figure_by_figure(supervisor, scripted) -> None:  # type: ignore[no-untyped-def]
    day = supervisor.get("/api/reports/service-data?from=2026-03-31&to=2026-03-31").get_json()
    assert figures(day) == {
        "calls": 4, "chats": 0, "emails": 0, "texts": 2, "website_sessions": 7, "satisfaction_phone": 66.7,
        "satisfaction_chat": None, "calls_abandoned": 2, "chats_abandoned": 0,
    }  # fmt: skip
    phone = next(f for f in day["figures"] if f["key"] == "satisfaction_phone")
    assert (phone["surveyed"], phone["satisfied"]) == (3, 2)
    assert day["short_abandons"] == {"voice": 1, "chat": 0}
    by_channel = {"sms": {"blocked": 1, "spam": 1}, "voice": {"auto_dialer": 1, "spam": 1, "static": 1}}
    assert day["excluded"] == {"total": 5, "by_channel": by_channel}
    assert day["definitions_version"] == "2026.1" and all(f["definition"] for f in day["figures"])
    assert day["complaints"] == {"received": 1, "resolved": 0, "withdrawn": 0, "open_at_end": 1}

    behind = supervisor.get("/api/reports/service-data/contacts?figure=calls&from=2026-03-31&to=2026-03-31").get_json()
    names = ("served, very satisfied", "served, not satisfied", "callback, then served", "served at 23:59 local")
    assert sorted(c["id"] for c in behind["contacts"]) == sorted(scripted[n] for n in names)
    excluded = supervisor.get("/api/reports/service-data/contacts?figure=excluded&from=2026-03-31&to=2026-03-31")
    reasons = {c["id"]: c["spam_reasons"] for c in excluded.get_json()["contacts"]}
    assert reasons[scripted["auto-dialer"]] == ["9 calls from this number in 10 min"] and len(reasons) == 5


def test_the_fiscal_quarters_either_side_of_april_first(supervisor, scripted) -> None:  # type: ignore[no-untyped-def]
    last = figures(supervisor.get("/api/reports/service-data?quarter=FY2025-Q4").get_json())
    first = supervisor.get("/api/reports/service-data?quarter=FY2026-Q1").get_json()
    assert (last["calls"], last["texts"], last["website_sessions"]) == (4, 2, 7)
    assert first["period"] == {"from": "2026-04-01", "to": "2026-06-30", "time_zone": "America/Toronto"}
    assert (figures(first)["calls"], figures(first)["texts"], figures(first)["satisfaction_phone"]) == (1, 1, 100.0)
    both = figures(supervisor.get("/api/reports/service-data?from=2026-03-31&to=2026-04-01").get_json())
    assert (both["calls"], both["texts"], both["website_sessions"]) == (5, 3, 10)
    again = supervisor.get("/api/reports/service-data?from=2026-03-31&to=2026-04-01&version=2026.1").get_json()
    assert figures(again) == both  # the same report over the same data, under the version named


def test_the_csv_and_the_page(supervisor, scripted) -> None:  # type: ignore[no-untyped-def]
    answer = supervisor.get("/api/reports/service-data?from=2026-03-31&to=2026-03-31&format=csv")
    assert answer.mimetype == "text/csv" and "service-data-2026-03-31-2026-03-31.csv" in answer.headers[
        "Content-Disposition"]  # fmt: skip
    rows = {row["figure"]: row for row in csv.DictReader(io.StringIO(answer.get_data(as_text=True)))}
    assert rows["# of Calls"]["value"] == "4" and rows["Client Satisfaction: Phone"]["surveyed"] == "3"
    page = supervisor.get("/reports?from=2026-03-31&to=2026-03-31").get_data(as_text=True)
    assert "# of Calls Abandoned" in page and "66.7% of 3 surveyed" in page and "<script>" not in page


@pytest.mark.parametrize(("query", "message"), [
    ("from=2026-13-01&to=2026-12-31", "from must be a day"), ("from=2026-04-02&to=2026-04-01", "not be after"),
    ("quarter=2026Q1", "quarter must look like"), ("from=2026-01-01&to=2026-01-02&version=1999", "Unknown"),
    ("from=9999-12-30&to=9999-12-31", "that old or that new"),
    ("quarter=FY0000-Q1", "that old or that new"), ("quarter=FY9999-Q4", "that old or that new"),  # were 500s
])  # fmt: skip
def test_bad_periods_are_400(supervisor, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    answer = supervisor.get(f"/api/reports/service-data?{query}")
    assert answer.status_code == 400 and message in answer.get_json()["message"]


def test_a_period_before_the_first_definitions_counts_nothing(supervisor) -> None:  # type: ignore[no-untyped-def]
    """Before V1 took force (2000) the report is V1's, every figure 0 (it was a 500)."""
    answer = supervisor.get("/api/reports/service-data?from=1990-01-01&to=1990-12-31")
    assert answer.status_code == 200 and answer.get_json()["definitions_version"] == "2026.1"
    assert {figure["value"] for figure in answer.get_json()["figures"]} <= {0, None}


def test_navigators_may_not_read_reports(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert post_login(client, make_staff("navigator"), PASSWORD).status_code == 302
    assert client.get("/api/reports/service-data").status_code == 403
    assert client.get("/reports").status_code == 403
