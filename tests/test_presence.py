"""Presence, capacity and language first over the real /console socket, against a server of their
own (a short grace period and language window, the default capacity): presence set and read
back, kept as spans of time; a dropped console goes offline after the grace period and not
before, and one back within it keeps its presence; a fourth text is refused, and allowed once
one is closed, and claims sent at once from several consoles stop at the capacity too; an away
or busy navigator is refused; a French text is offered first to a French-speaking navigator,
and to anyone after the window or when no French speaker is free."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import staff as staff_service
from app.models import Contact
from app.models.base import utcnow
from app.presence import capacity, service
from app.presence.models import PresenceSpan
from config import ConfigError
from tests.conftest import PASSWORD
from tests.support import services, totp
from tests.support.console_client import Navigator
from tests.support.twilio_signing import post_sms
from tests.support.waiting import eventually

GRACE_SECONDS = 2.0
WINDOW_SECONDS = 4
FRENCH = "Bonjour, j'ai besoin d'aide pour mon loyer"
ENGLISH = "Hello, I need help with my rent please"
_numbers = itertools.count(100)
_emails = itertools.count(1)


@pytest.fixture(scope="module")
def server(settings: dict[str, str]) -> Iterator[str]:
    limits = {"PRESENCE_GRACE_SECONDS": str(GRACE_SECONDS), "LANGUAGE_FIRST_SECONDS": str(WINDOW_SECONDS)}
    env = {**settings, **limits, "CAPACITY": "voice=1,sms=3,chat=3,email=5"}  # the default
    with services.serving(env, "gunicorn-presence") as base_url:
        yield base_url


@pytest.fixture
def account(db) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """A new navigator speaking `languages`; returns their email (the password is PASSWORD)."""

    def make(name: str, languages: str = "en") -> str:
        email = f"presence{next(_emails)}@test.211.local"
        with db.transaction() as session:
            made = staff_service.create(
                session, email=email, role="navigator", password=PASSWORD, name=name, languages=languages
            )
            totp.enrol(made)
        return email

    return make


@pytest.fixture
def console(server: str) -> Iterator[Callable[[str], Navigator]]:
    """Sign `email` in and connect a console (another one, for an email already connected)."""
    made: list[Navigator] = []

    def connect(email: str) -> Navigator:
        navigator = Navigator(server, email, PASSWORD).connect(heartbeat_every=1.0)
        made.append(navigator)
        return navigator

    yield connect
    for navigator in made:
        navigator.disconnect()


def my_id(navigator: Navigator) -> int:
    return navigator.wait_for("console_identity")["me"]["id"]


def presence_of(db, staff_id: int) -> service.Presence:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return service.of(session, staff_id)


def spans(db, staff_id: int) -> list[PresenceSpan]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        query = select(PresenceSpan).where(PresenceSpan.staff_id == staff_id).order_by(PresenceSpan.id)
        return list(session.scalars(query))


@pytest.fixture
def text(server: str, db) -> Callable[[str], int]:  # type: ignore[no-untyped-def]
    """A new resident (a fresh number) texts `body`, signed as Twilio would; returns the contact's id."""

    def send(body: str) -> int:
        sender = f"+1613555{next(_numbers):04d}"
        post_sms(server, sender, body)
        with db.transaction() as session:
            return session.scalars(select(Contact.id).where(Contact.from_raw == sender)).one()

    return send


# --- presence ----------------------------------------------------------------------------------


def test_presence_is_set_and_read_back_and_kept_as_spans_of_time(account, console, db) -> None:  # type: ignore[no-untyped-def]
    email = account("Amira")
    amira = console(email)
    amira_id = my_id(amira)
    arrived = amira.wait_for("presence_changed")  # offline until her console connected
    assert (arrived["presence"], arrived["reason"]) == ("available", "console_connected")
    other_tab = console(email)
    assert other_tab.wait_for("presence_changed")["presence"] == "available"

    read = amira.call("presence")
    assert (read["ok"], read["presence"], read["since"]) == (True, "available", arrived["since"])
    busy = amira.call("presence", state="busy")
    assert (busy["ok"], busy["presence"], busy["reason"]) == (True, "busy", "set")
    assert other_tab.wait_for("presence_changed", lambda d: d["presence"] == "busy")["since"] == busy["since"]
    for wrong in ("offline", "lunch", "", 3):
        refused = amira.call("presence", state=wrong)
        assert (refused["ok"], refused["error"]) == (False, "invalid_request"), wrong
        assert "available, busy or away" in refused["message"]
    away = amira.call("presence", state="away")
    assert away["presence"] == "away"
    assert amira.call("presence", state="away")["since"] == away["since"]  # the same state: nothing new

    recorded = spans(db, amira_id)
    assert [(s.state, s.reason) for s in recorded] == [
        ("available", "console_connected"),
        ("busy", "set"),
        ("away", "set"),
    ]
    assert [s.ended_at for s in recorded[:-1]] == [s.started_at for s in recorded[1:]]  # no gap, no overlap
    assert recorded[-1].ended_at is None
    with db.transaction() as session:
        seconds = service.time_in(session, amira_id, recorded[0].started_at, utcnow() + timedelta(seconds=1))
    assert set(seconds) == {"available", "busy", "away"} and all(s >= 0 for s in seconds.values())


def test_a_dropped_console_goes_offline_after_the_grace_period_and_not_before(account, console, db) -> None:  # type: ignore[no-untyped-def]
    email = account("Amira")
    amira = console(email)
    amira_id = my_id(amira)
    amira.wait_for("presence_changed")
    assert amira.call("presence", state="busy")["ok"]

    amira.disconnect()  # the browser vanishes: no sign-out
    dropped_at = time.monotonic()
    time.sleep(GRACE_SECONDS / 2)
    assert presence_of(db, amira_id).state == "busy"
    eventually(lambda: presence_of(db, amira_id).state == "offline", timeout=GRACE_SECONDS + 5)
    assert time.monotonic() - dropped_at >= GRACE_SECONDS
    assert presence_of(db, amira_id).reason == "console_gone"

    back = console(email)
    assert back.wait_for("presence_changed")["presence"] == "available"  # offline, then a console: available
    assert [s.state for s in spans(db, amira_id)] == ["available", "busy", "offline", "available"]


def test_a_console_back_within_the_grace_period_keeps_its_presence(account, console, server, db) -> None:  # type: ignore[no-untyped-def]
    email = account("Amira")
    amira = console(email)
    amira_id = my_id(amira)
    amira.wait_for("presence_changed")
    assert amira.call("presence", state="busy")["ok"]
    reloaded = Navigator(server, email, PASSWORD)  # signed in before: the reload comes back at once

    amira.disconnect()  # a reload, or the Wi-Fi blinking
    time.sleep(GRACE_SECONDS / 4)
    reloaded.connect(heartbeat_every=1.0)
    try:
        assert reloaded.wait_for("presence_changed")["presence"] == "busy"
        time.sleep(GRACE_SECONDS * 1.5)
        assert presence_of(db, amira_id).state == "busy"
        assert [s.state for s in spans(db, amira_id)] == ["available", "busy"]
    finally:
        reloaded.disconnect()


# --- claims: presence, capacity ------------------------------------------------------------------


def test_capacity_refuses_a_fourth_text_until_one_is_closed(account, console, text, db) -> None:  # type: ignore[no-untyped-def]
    amira = console(account("Amira"))
    amira.wait_for("presence_changed")
    contacts = [text(f"{ENGLISH} ({n})") for n in range(4)]

    assert all(amira.call("claim", contact_id=contact_id)["ok"] for contact_id in contacts[:3])
    refused = amira.call("claim", contact_id=contacts[3])
    assert refused == {
        "ok": False,
        "error": "at_capacity",
        "message": "You already hold 3 text conversations, the most at once; close one first.",
    }
    assert amira.call("close", contact_id=contacts[0], disposition="information_given")["ok"]
    assert amira.call("claim", contact_id=contacts[3])["ok"]

    with db.transaction() as session:
        (row,) = [r for r in service.board(session) if r["id"] == my_id(amira)]
    assert {k: row[k] for k in ("name", "role", "languages", "presence", "load")} == {
        "name": "Amira",
        "role": "navigator",
        "languages": ["en"],
        "presence": "available",
        "load": {"sms": 3},
    }
    assert row["since"] is not None


def test_claims_sent_at_once_from_one_navigators_consoles_stop_at_their_capacity(account, console, text, db) -> None:  # type: ignore[no-untyped-def]
    """Each claim counts what the navigator holds after the claims before it have committed: six
    sent at the same moment from six consoles of one navigator win three, the capacity."""
    email = account("Amira")
    consoles = [console(email) for _ in range(6)]
    consoles[0].wait_for("presence_changed")
    contacts = [text(f"{ENGLISH} ({n})") for n in range(6)]
    start = threading.Barrier(len(consoles))

    def claim(navigator: Navigator, contact_id: int) -> dict:
        start.wait()
        return navigator.call("claim", contact_id=contact_id)

    with ThreadPoolExecutor(len(consoles)) as pool:
        answers = list(pool.map(claim, consoles, contacts))
    assert sorted(answer.get("error", "claimed") for answer in answers) == ["at_capacity"] * 3 + ["claimed"] * 3
    held = select(func.count()).where(Contact.navigator_id == my_id(consoles[0]), Contact.state == "claimed")
    with db.transaction() as session:
        assert session.scalar(held) == 3


@pytest.mark.parametrize("wrong", ["fax=2", "sms=0", "sms=three", "sms"])
def test_the_capacity_setting_keeps_the_defaults_it_leaves_out_and_refuses_what_does_not_parse(wrong: str) -> None:
    assert capacity.limits("SMS=5, voice=2") == {"voice": 2, "sms": 5, "chat": 3, "email": 5}
    assert capacity.limits("") == capacity.DEFAULT_LIMITS
    with pytest.raises(ConfigError, match="CAPACITY"):
        capacity.limits(wrong)


def test_an_away_or_busy_navigator_is_refused_a_claim(account, console, text) -> None:  # type: ignore[no-untyped-def]
    amira = console(account("Amira"))
    amira.wait_for("presence_changed")
    contact_id = text(ENGLISH)
    for state in ("away", "busy"):
        assert amira.call("presence", state=state)["ok"]
        refused = amira.call("claim", contact_id=contact_id)
        assert (refused["error"], refused["message"]) == (
            "not_available",
            f"You are {state}. Set yourself available to claim.",
        )
    assert amira.call("presence", state="available")["ok"]
    assert amira.call("claim", contact_id=contact_id)["ok"]


# --- language first ------------------------------------------------------------------------------


def test_a_french_text_is_offered_first_to_a_french_speaking_navigator(account, console, text, db) -> None:  # type: ignore[no-untyped-def]
    bruno = console(account("Bruno", languages="en"))
    sophie = console(account("Sophie", languages="en,fr"))
    for navigator in (bruno, sophie):
        navigator.wait_for("presence_changed")

    first = text(FRENCH)
    refused = bruno.call("claim", contact_id=first)
    assert refused["error"] == "offered_first"
    offered = f"Offered first to French-speaking navigators for {WINDOW_SECONDS} s"
    pattern = rf"{offered}; available to everyone at \d\d:\d\d:\d\d\."
    assert re.fullmatch(pattern, refused["message"]), refused["message"]
    assert sophie.call("claim", contact_id=first)["ok"]

    second = text(FRENCH)
    assert bruno.call("claim", contact_id=second)["error"] == "offered_first"
    with db.transaction() as session:
        open_to_all = session.get_one(Contact, second).queued_at + timedelta(seconds=WINDOW_SECONDS)
    time.sleep(max(0.0, (open_to_all - utcnow()).total_seconds()) + 0.2)
    assert bruno.call("claim", contact_id=second)["ok"]  # the window has passed: anyone

    third = text(FRENCH)
    assert sophie.call("presence", state="away")["ok"]  # no French speaker free: anyone, at once
    assert bruno.call("claim", contact_id=third)["ok"]
    english = text(ENGLISH)
    assert bruno.call("claim", contact_id=english)["ok"]  # English: Bruno speaks it
