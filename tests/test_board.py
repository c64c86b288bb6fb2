"""The supervisors' live board against the running server: only supervisors and admins connect;
the snapshot after a scripted day (today, in the configured time zone) holds the report for
that day exactly and the live figures hand-computed; a resident's text makes a frame with one
more waiting; frames are coalesced; an alert starts and is pushed; a supervisor takes and
reassigns contacts and the navigators' consoles follow; a supervisor whose role changes loses
the board. The day, thresholds and alerts are also checked as functions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import socketio
from sqlalchemy import select

from app import staff as staff_service
from app.board import alerts, day
from app.directory.visits import VisitDay
from app.models import Contact, ContactEvent
from app.reports.periods import Period
from config import Config, ConfigError
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.board_client import NAMESPACE, Supervisor
from tests.support.signin import post_login
from tests.support.twilio_signing import post_sms

TORONTO = ZoneInfo("America/Toronto")


def text(base_url: str, sender: str, body: str) -> None:
    post_sms(base_url, sender, body)


@pytest.fixture
def board_for(live, make_staff) -> Iterator[Callable[..., Supervisor]]:  # type: ignore[no-untyped-def]
    made: list[Supervisor] = []

    def connect(role: str = "supervisor", email: str | None = None) -> Supervisor:
        made.append(Supervisor(live.base_url, email or make_staff(role, f"Lead {len(made)}"), PASSWORD).connect())
        return made[-1]

    yield connect
    for board in made:
        board.disconnect()


def refusal(base_url: str, cookie: str | None) -> Any:
    refused: list[Any] = []
    client = socketio.Client(reconnection=False)
    client.on("connect_error", refused.append, namespace=NAMESPACE)
    try:
        client.connect(base_url, namespaces=[NAMESPACE], headers={"Cookie": cookie} if cookie else {},
                       transports=["websocket"], wait_timeout=10)  # fmt: skip
    except socketio.exceptions.ConnectionError:
        return refused[0] if refused else "failed"
    client.disconnect()
    return None


# --- who may watch ---------------------------------------------------------------------------


def test_only_supervisors_and_admins_watch_the_board(live, make_staff, board_for) -> None:  # type: ignore[no-untyped-def]
    navigator = requests.Session()
    assert post_login(navigator, make_staff("navigator"), PASSWORD, live.base_url).status_code == 302
    cookie = "; ".join(f"{k}={v}" for k, v in navigator.cookies.items())
    assert refusal(live.base_url, cookie) == {"message": "unauthorized"}
    assert refusal(live.base_url, None) == {"message": "unauthorized"}
    assert navigator.get(f"{live.base_url}/supervisor").status_code == 403
    assert requests.get(f"{live.base_url}/supervisor", allow_redirects=False).headers["Location"].startswith("/login")

    for role in ("supervisor", "admin"):
        lead = board_for(role)
        assert lead.wait_for("board_snapshot")["waiting"]["total"] == 0
        page = lead.http.get(f"{live.base_url}/supervisor")
        assert page.status_code == 200 and "<script>" not in page.text and "board.js" in page.text


def test_a_lead_whose_role_changes_loses_the_board(live, db, make_staff, board_for) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("supervisor")
    lead = board_for(email=email)
    lead.wait_for("board_snapshot")
    with db.transaction() as session:
        staff_service.set_role(session, email, "navigator")
    lead.wait_for("session_ended", timeout=5)


# --- today equals the report --------------------------------------------------------------------


def moment(start: datetime, now: datetime, fraction: float) -> datetime:
    """A moment of today so far (whatever the hour the test runs at)."""
    return start + (now - start) * fraction


SERVED = {"state": "closed", "disposition": "information_given"}
SPAM = {"spam_verdict": "spam", "spam_score": 1.0, "state": "closed", "outcome": "spam",
        "spam_reasons": [{"rule": "repeat_calls", "points": 1.0, "detail": "9 calls in 10 min"}]}  # fmt: skip
# name, channel, when (share of today so far), wait and handle seconds (None: not answered or not closed), values
SCRIPT: list[tuple[str, str, float, int | None, int | None, dict[str, Any]]] = [
    ("served quickly", "voice", 0.1, 30, 600, {**SERVED, "satisfaction": "very_satisfied"}),
    ("served slowly", "voice", 0.2, 90, 300, {**SERVED, "satisfaction": "not_satisfied"}),
    ("abandoned", "voice", 0.3, None, None, {"state": "closed", "outcome": "abandoned_in_queue", "wait_seconds": 120}),
    ("short abandon", "voice", 0.4, None, None, {"state": "closed", "outcome": "abandoned_in_queue",
                                                 "wait_seconds": 3, "short_abandon": True}),
    ("hung up in the menu", "voice", 0.5, None, None, {"state": "closed", "outcome": "hung_up_in_menu"}),
    ("auto-dialer", "voice", 0.6, None, None, SPAM),
    ("text still held", "sms", 0.3, 400, None, {"state": "claimed"}),
    ("text served", "sms", 0.4, 200, 100, SERVED),
    ("text waiting", "sms", 0.9, None, None, {"state": "queued", "language": "fr"}),
    ("spam text", "sms", 0.7, None, None, {**SPAM, "spam_reasons": []}),
]  # fmt: skip


@pytest.fixture
def scripted_today(db, config: Config) -> date:  # type: ignore[no-untyped-def]
    """The scripted day, today; a served call of yesterday that must not count."""
    now = datetime.now(UTC)
    period = day.today(config, now)
    with db.transaction() as session:
        for _, channel, share, wait, handle, values in SCRIPT:
            at = moment(period.start, now, share)
            claimed = at + timedelta(seconds=wait) if wait is not None else None
            closed = claimed + timedelta(seconds=handle) if claimed and handle is not None else None
            closed = closed or (at + timedelta(seconds=values.get("wait_seconds", 1)) if values["state"] == "closed"
                                else None)  # fmt: skip
            session.add(Contact(channel=channel, from_raw="+16135550100", created_at=at, queued_at=at,
                                last_message_at=at, claimed_at=claimed, closed_at=closed, **values))  # fmt: skip
        yesterday = period.start - timedelta(hours=2)
        session.add(Contact(channel="voice", from_raw="+16135550100", created_at=yesterday, queued_at=yesterday,
                            claimed_at=yesterday, closed_at=yesterday, **SERVED))  # fmt: skip
        session.add(VisitDay(day=period.first, sessions=4))
    return period.first


def test_the_snapshot_after_a_scripted_day_equals_the_report_for_that_day(live, scripted_today, board_for) -> None:  # type: ignore[no-untyped-def]
    lead = board_for()
    board = lead.wait_for("board_snapshot")
    today = scripted_today.isoformat()
    report = lead.http.get(f"{live.base_url}/api/reports/service-data?from={today}&to={today}").json()

    assert board["today"]["report"] == report
    assert board["day"]["date"] == today and board["day"]["time_zone"] == "America/Toronto"
    figures = {f["key"]: f["value"] for f in report["figures"]}
    assert (figures["calls"], figures["texts"], figures["calls_abandoned"], figures["website_sessions"]) == (2, 2, 2, 4)

    voice, sms, every = (board["today"]["by_channel"]["voice"], board["today"]["by_channel"]["sms"],
                         board["today"]["all"])  # fmt: skip
    assert voice == {
        "offered": 4, "handled": 2, "abandoned": 2, "short_abandons": 1, "abandonment_rate": 50.0,
        "service_level": 50.0, "service_level_seconds": 60, "asa_seconds": 60, "aht_seconds": 450,
        "satisfaction": {"value": 50.0, "surveyed": 2}, "excluded": 1,
    }  # fmt: skip
    assert sms == {
        "offered": 3, "handled": 2, "abandoned": None, "short_abandons": None, "abandonment_rate": None,
        "service_level": 50.0, "service_level_seconds": 300, "asa_seconds": 300, "aht_seconds": 100,
        "satisfaction": None, "excluded": 1,
    }  # fmt: skip
    assert every == {
        "offered": 7, "handled": 4, "abandoned": 2, "short_abandons": 1, "abandonment_rate": 50.0,
        "service_level": 50.0, "asa_seconds": 180, "aht_seconds": 333, "satisfaction": None, "excluded": 2,
    }  # fmt: skip
    assert sum(board["charts"]["abandoned"]["voice"]) == 2 and sum(board["charts"]["offered"]["sms"]) == 3
    assert board["waiting"]["by_channel"]["sms"]["by_language"] == {"fr": 1} and board["waiting"]["total"] == 1
    assert [c["state"] for c in board["contacts"]] == ["queued", "claimed"]
    kinds = {alert["key"] for alert in board["alerts"]}
    assert {"abandonment_rate:voice", "no_navigator:fr"} <= kinds


# --- pushed ----------------------------------------------------------------------------------------


def test_a_new_text_makes_a_frame_with_one_more_waiting(live, board_for) -> None:  # type: ignore[no-untyped-def]
    lead = board_for()
    before = lead.wait_for("board_snapshot")
    assert before["waiting"]["total"] == 0 and before["today"]["by_channel"]["sms"]["offered"] == 0

    text(live.base_url, "+15145550123", "I need help with rent please")
    after = lead.wait_for("board_frame", lambda b: b["waiting"]["total"] == 1)
    assert after["waiting"]["by_channel"]["sms"]["count"] == 1
    assert after["today"]["by_channel"]["sms"]["offered"] == 1
    assert after["charts"]["waiting"]["sms"][-1] == 1 and sum(after["charts"]["offered"]["sms"]) == 1
    assert [c["preview"] for c in after["contacts"]] == ["I need help with rent please"]


def test_a_board_on_another_web_process_hears_the_text(live, settings, make_staff) -> None:  # type: ignore[no-untyped-def]
    """Only a board (no console) on the second process: its hub still listens to the bus."""
    with services.serving(settings, "gunicorn-board") as there:
        lead = Supervisor(there, make_staff("supervisor"), PASSWORD).connect()
        try:
            assert lead.wait_for("board_snapshot")["waiting"]["total"] == 0
            text(live.base_url, "+15145550124", "I need help with rent please")
            lead.wait_for("board_frame", lambda b: b["waiting"]["total"] == 1)
        finally:
            lead.disconnect()


def test_frames_are_coalesced_however_busy_the_queue(live, config: Config, board_for) -> None:  # type: ignore[no-untyped-def]
    lead = board_for()
    lead.wait_for("board_snapshot")
    started = time.monotonic()
    for n in range(30):  # a text every 0.1 s or so, for about 3 s
        text(live.base_url, f"+1514555{n:04d}", f"Hello, I need help {n}")
        time.sleep(0.05)
    lead.wait_for("board_frame", lambda b: b["waiting"]["total"] == 30, timeout=15)
    elapsed = time.monotonic() - started
    frames = [board["waiting"]["total"] for name, board in lead.events if name == "board_frame"]
    assert 2 <= len(frames) <= elapsed / config.BOARD_INTERVAL_SECONDS + 2, (frames, elapsed)
    assert frames == sorted(frames)  # each frame the board as it was then


def test_an_alert_starts_and_is_pushed(live, board_for) -> None:  # type: ignore[no-untyped-def]
    lead = board_for()
    assert lead.wait_for("board_snapshot")["alerts"] == []
    text(live.base_url, "+15145550177", "Bonjour, j'ai besoin d'aide pour le loyer")
    alert = lead.wait_for("board_alert")
    assert alert["key"] == "no_navigator:fr" and "no available navigator speaks it" in alert["message"]
    assert any(a["key"] == "no_navigator:fr" for a in lead.latest(lambda b: bool(b["alerts"]))["alerts"])


# --- take and reassign ---------------------------------------------------------------------------


def test_a_supervisor_gives_reassigns_and_takes_contacts(live, db, connect_navigator, board_for) -> None:  # type: ignore[no-untyped-def]
    amira, ben = connect_navigator(name="Amira"), connect_navigator(name="Ben")
    amira_id = amira.wait_for("console_identity")["me"]["id"]
    ben_id = ben.wait_for("console_identity")["me"]["id"]
    lead = board_for()
    lead.wait_for("board_snapshot")
    text(live.base_url, "+15145550150", "I need help with food")
    contact_id = amira.wait_for("contact_queued")["contact_id"]

    given = lead.call("reassign", contact_id=contact_id, navigator_id=amira_id)
    assert given.get("ok"), given
    assert given["contact"]["navigator"]["id"] == amira_id
    assert amira.wait_for("contact_claimed", lambda d: d.get("reason") == "assigned")["contact_id"] == contact_id
    assert amira.call("reply", contact_id=contact_id, body="Hello")["ok"]

    moved = lead.call("reassign", contact_id=contact_id, navigator_id=ben_id)
    assert moved["ok"] and moved["contact"]["navigator"]["id"] == ben_id
    heard = amira.wait_for("contact_claimed", lambda d: d.get("reason") == "reassigned")
    assert heard["contact"]["navigator"]["id"] == ben_id
    assert amira.call("reply", contact_id=contact_id, body="Still me?")["error"] == "not_claimed_by_you"
    assert ben.call("reply", contact_id=contact_id, body="Ben here")["ok"]
    assert lead.latest(lambda b: any(c["navigator"] and c["navigator"]["id"] == ben_id for c in b["contacts"]))

    taken = lead.call("take", contact_id=contact_id)
    assert taken["ok"] and taken["contact"]["navigator"]["name"] == "Lead 0"
    thread = lead.call("open", contact_id=contact_id)
    assert [m["body"] for m in thread["messages"]] == ["I need help with food", "Hello", "Ben here"]
    with db.transaction() as session:
        moves = select(ContactEvent.reason, ContactEvent.from_state, ContactEvent.to_state)
        rows = session.execute(moves.where(ContactEvent.contact_id == contact_id).order_by(ContactEvent.id)).all()
    held = ("reassigned", "claimed", "claimed")
    assert [tuple(row) for row in rows][1:] == [("assigned", "queued", "claimed"), held, held]


def test_refused_assignments_say_why(live, db, connect_navigator, board_for) -> None:  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    amira_id = amira.wait_for("console_identity")["me"]["id"]
    lead = board_for()
    lead.wait_for("board_snapshot")
    text(live.base_url, "+15145550151", "I need help with food")
    contact_id = amira.wait_for("contact_queued")["contact_id"]

    assert lead.call("reassign", contact_id=contact_id, navigator_id=999999)["error"] == "not_found"
    assert lead.call("reassign", contact_id=contact_id, navigator_id="3")["error"] == "invalid_request"
    assert lead.call("take", contact_id=0)["error"] == "not_found"
    assert lead.sio.call("take", namespace=NAMESPACE, timeout=10)["error"] == "invalid_request"
    assert lead.call("reassign", contact_id=contact_id, navigator_id=amira_id)["ok"]
    assert lead.call("reassign", contact_id=contact_id, navigator_id=amira_id)["error"] == "already_claimed"
    with db.transaction() as session:
        session.get_one(Contact, contact_id).state = "closed"
    assert lead.call("take", contact_id=contact_id)["error"] == "invalid_state"


# --- the day, the thresholds, the alerts, as functions ----------------------------------------------


def test_the_boards_day_starts_when_configured() -> None:
    early = datetime(2026, 3, 8, 9, 30, tzinfo=UTC)  # 05:30 in Toronto, the morning the clocks went forward
    assert day.today(Config(), early) == Period(date(2026, 3, 8), date(2026, 3, 8), "America/Toronto")
    shifted = day.today(Config(BOARD_DAY_STARTS="06:00"), early)
    assert (shifted.first, shifted.start, shifted.end) == (
        date(2026, 3, 7), datetime(2026, 3, 7, 11, tzinfo=UTC), datetime(2026, 3, 8, 10, tzinfo=UTC)
    )  # fmt: skip
    assert day.service_levels(Config(SERVICE_LEVEL_SECONDS="voice=20, sms=600"))["voice"] == 20
    assert day.service_levels(Config())["email"] == 86400
    for bad in (Config(BOARD_DAY_STARTS="25:00"), Config(SERVICE_LEVEL_SECONDS="fax=10"),
                Config(SERVICE_LEVEL_SECONDS="voice=0")):  # fmt: skip
        with pytest.raises(ConfigError):
            day.check(bad)


def board_with(longest: int = 0, rate: float | None = None, waiting_in: str = "und", speakers: str = "") -> dict:
    figures = {"voice": {"abandonment_rate": rate}, "sms": {"abandonment_rate": None}}
    navigators = [{"presence": "available", "languages": speakers.split(",") if speakers else []},
                  {"presence": "away", "languages": [waiting_in]}]  # fmt: skip
    return {"waiting": {"by_channel": {"voice": {"longest_wait_seconds": longest}}, "by_language": {waiting_in: 1}},
            "today": {"by_channel": figures}, "navigators": navigators}  # fmt: skip


def test_alerts_start_at_their_thresholds() -> None:
    config = Config(ALERT_LONGEST_WAIT_SECONDS=300, ALERT_ABANDONMENT_RATE=0.1)
    assert alerts.active(board_with(longest=299, rate=9.9), config) == []
    found = alerts.active(board_with(longest=300, rate=10.0, waiting_in="fr", speakers="en"), config)
    assert [a["key"] for a in found] == ["longest_wait:voice", "abandonment_rate:voice", "no_navigator:fr"]
    assert found[0]["message"] == "Longest wait on voice: 5 min 00 s (alert from 5 min 00 s)."
    assert alerts.active(board_with(waiting_in="fr", speakers="en,fr"), config) == []  # an available one speaks it
    assert [a["key"] for a in alerts.started(found, {"longest_wait:voice"})] == [k["key"] for k in found[1:]]
