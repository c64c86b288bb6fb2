"""The /console socket as navigators live it, against the running server with real
python-socketio clients: who may connect, every console's queue view following claims,
releases and closes, clear error acks for what a navigator may not do, claim leases kept alive
by the heartbeat and returned to the queue when a browser vanishes, and a reconnect rebuilding
the queue from the database."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import socketio
from sqlalchemy import select, update

from app.models import Contact, ContactEvent, StaffUser
from tests.conftest import LEASE_SECONDS, PASSWORD
from tests.support.console_client import NAMESPACE, Navigator
from tests.support.twilio_signing import signed_headers, sms_params
from tests.support.waiting import eventually

_numbers = iter(range(200, 10_000))


def resident_texts(base_url: str, body: str) -> None:
    """A new resident (a fresh number) texts `body`, signed as Twilio would."""
    params = sms_params("SM" + uuid.uuid4().hex, f"+1514555{next(_numbers):04d}", body)
    response = requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200, response.text


def queued_id(navigator: Navigator, body: str) -> int:
    return navigator.wait_for("contact_queued", lambda d: d["contact"]["preview"] == body)["contact_id"]


def load(db, contact_id: int) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact


def events_of(db, contact_id: int) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = session.scalars(
            select(ContactEvent).where(ContactEvent.contact_id == contact_id).order_by(ContactEvent.id)
        ).all()
        return [(row.reason, row.actor_id) for row in rows]


def attempt_connection(base_url: str, cookie: str | None) -> tuple[Any, list[tuple[str, Any]]]:
    """Try to open /console with `cookie`; returns the server's refusal (None when accepted) and
    every event received."""
    received: list[tuple[str, Any]] = []
    refusals: list[Any] = []
    client = socketio.Client(reconnection=False)
    client.on("connect_error", refusals.append, namespace=NAMESPACE)
    client.on("*", lambda event, data=None: received.append((event, data)), namespace=NAMESPACE)
    client.on("*", lambda event, data=None: received.append((event, data)))
    headers = {"Cookie": cookie} if cookie else {}
    try:
        client.connect(base_url, namespaces=[NAMESPACE], headers=headers, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        assert refusals, "the connection failed without the server refusing it"
        return refusals[0], received
    finally:
        time.sleep(0.5)  # let anything the server might have sent arrive before we look
        if client.connected:
            client.disconnect()
    return None, received


@pytest.fixture
def sign_in(live) -> Iterator[Callable[..., Navigator]]:  # type: ignore[no-untyped-def]
    """A console for an existing account (a second device, or the same person coming back)."""
    made: list[Navigator] = []

    def open_console(email: str, heartbeat_every: float | None = 1.0) -> Navigator:
        navigator = Navigator(live.base_url, email, PASSWORD).connect(heartbeat_every)
        made.append(navigator)
        return navigator

    yield open_console
    for navigator in made:
        navigator.disconnect()


# --- who may connect -------------------------------------------------------------------------


def test_anonymous_connection_is_refused_and_receives_nothing(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    resident_texts(live.base_url, "Is anyone there?")
    amira.wait_for("contact_queued")  # a resident is waiting: there is something to leak

    refusal, received = attempt_connection(live.base_url, cookie=None)

    assert refusal == {"message": "unauthorized"}
    assert received == []


def test_a_page_on_another_origin_cannot_open_a_signed_in_navigators_console(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()  # her browser holds a valid session cookie
    handshake = f"{live.base_url}/socket.io/?EIO=4&transport=polling"

    foreign = amira.http.get(handshake, headers={"Origin": "https://evil.example"})
    own = amira.http.get(handshake, headers={"Origin": live.base_url})

    assert foreign.status_code == 400
    assert own.status_code == 200


def test_disabled_user_cannot_connect(live, db, make_staff, sign_in):  # type: ignore[no-untyped-def]
    email = make_staff()
    first_visit = sign_in(email)
    assert first_visit.wait_for("console_identity")["me"]["role"] == "navigator"
    cookie = first_visit.cookie
    first_visit.disconnect()

    with db.transaction() as session:
        session.execute(update(StaffUser).where(StaffUser.email == email).values(active=False))

    refusal, received = attempt_connection(live.base_url, cookie)
    assert refusal == {"message": "unauthorized"}
    assert received == []


def test_signing_out_closes_the_open_console(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(heartbeat_every=None)  # an idle console: it sends nothing itself
    amira.wait_for("queue_snapshot")

    assert amira.sign_out().status_code == 302

    assert amira.wait_for("session_ended")["message"] == "Your session has ended; sign in again."
    eventually(lambda: not amira.sio.connected)
    resident_texts(live.base_url, "Need a food bank")
    assert amira.received("contact_queued") == []


def test_disabling_an_account_closes_its_console(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(heartbeat_every=None)
    me = amira.wait_for("console_identity")["me"]

    with db.transaction() as session:
        session.execute(update(StaffUser).where(StaffUser.id == me["id"]).values(active=False))

    amira.wait_for("session_ended")
    eventually(lambda: not amira.sio.connected)


# --- every console follows the queue ---------------------------------------------------------


def test_every_console_sees_a_contact_queued_claimed_released_and_closed(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    bruno = connect_navigator(name="Bruno")
    amira_id = amira.wait_for("console_identity")["me"]["id"]

    resident_texts(live.base_url, "My rent is late")
    contact_id = queued_id(amira, "My rent is late")
    assert queued_id(bruno, "My rent is late") == contact_id

    assert amira.call("claim", contact_id=contact_id)["ok"]
    claimed = bruno.wait_for("contact_claimed", lambda d: d["contact_id"] == contact_id)
    assert claimed["contact"]["state"] == "claimed"
    assert claimed["contact"]["navigator"] == {"id": amira_id, "name": "Amira"}

    assert amira.call("release", contact_id=contact_id)["ok"]
    released = bruno.wait_for("contact_released", lambda d: d["contact_id"] == contact_id)
    assert released["reason"] == "released"
    assert released["contact"]["state"] == "queued"
    assert released["contact"]["navigator"] is None

    assert amira.call("claim", contact_id=contact_id)["ok"]
    bogus = amira.call("close", contact_id=contact_id, disposition="solved it")
    assert (bogus["ok"], bogus["error"]) == (False, "invalid_disposition")
    assert "information_given" in bogus["message"]  # tells the navigator what to choose

    closed_ack = amira.call("close", contact_id=contact_id, disposition="referral_given")
    assert closed_ack["ok"], closed_ack
    closed = bruno.wait_for("contact_closed", lambda d: d["contact_id"] == contact_id)
    assert closed["contact"]["state"] == "closed"
    assert closed["contact"]["disposition"] == "referral_given"

    late_reply = amira.call("reply", contact_id=contact_id, body="One more thing")
    assert (late_reply["ok"], late_reply["error"]) == (False, "invalid_state")
    assert "closed" in late_reply["message"]

    contact = load(db, contact_id)
    assert (contact.state, contact.disposition) == ("closed", "referral_given")
    assert [reason for reason, _ in events_of(db, contact_id)] == [
        "created",
        "claimed",
        "released",
        "claimed",
        "closed",
    ]


def test_only_the_claiming_navigator_can_reply_release_or_close(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    bruno = connect_navigator(name="Bruno")
    resident_texts(live.base_url, "Where can I sleep tonight?")
    contact_id = queued_id(amira, "Where can I sleep tonight?")
    assert amira.call("claim", contact_id=contact_id)["ok"]

    attempts = {
        "reply": bruno.call("reply", contact_id=contact_id, body="Hi, this is Bruno"),
        "release": bruno.call("release", contact_id=contact_id),
        "close": bruno.call("close", contact_id=contact_id, disposition="information_given"),
    }
    for command, ack in attempts.items():
        assert ack["ok"] is False, command
        assert ack["error"] == "not_claimed_by_you", command
        assert ack["message"], command

    contact = load(db, contact_id)
    assert contact.state == "claimed"
    assert contact.navigator_id == amira.wait_for("console_identity")["me"]["id"]
    with db.transaction() as session:
        assert session.scalars(select(ContactEvent.reason).where(ContactEvent.contact_id == contact_id)).all() == [
            "created",
            "claimed",
        ]
    assert amira.call("reply", contact_id=contact_id, body="Hi, Amira here")["ok"]


def test_supervisor_can_release_a_navigators_contact(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    sofia = connect_navigator(role="supervisor", name="Sofia")
    sofia_id = sofia.wait_for("console_identity")["me"]["id"]
    resident_texts(live.base_url, "Help with my hydro bill")
    contact_id = queued_id(amira, "Help with my hydro bill")
    assert amira.call("claim", contact_id=contact_id)["ok"]

    ack = sofia.call("release", contact_id=contact_id)
    assert ack["ok"], ack
    assert ack["contact"]["state"] == "queued"

    released = amira.wait_for("contact_released", lambda d: d["contact_id"] == contact_id)
    assert released["reason"] == "released"
    assert load(db, contact_id).state == "queued"
    assert events_of(db, contact_id)[-1] == ("released", sofia_id)


def test_bad_payloads_get_error_acks_and_the_console_keeps_working(live, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    resident_texts(live.base_url, "Bus pass program?")
    contact_id = queued_id(amira, "Bus pass program?")

    cases = [
        (amira.call("claim"), "invalid_request"),
        (amira.call("claim", contact_id=str(contact_id)), "invalid_request"),
        (amira.call("claim", contact_id=True), "invalid_request"),
        (amira.sio.call("claim", "not an object", namespace=NAMESPACE, timeout=15), "invalid_request"),
        (amira.call("claim", contact_id=987654), "not_found"),
        (amira.call("release", contact_id=987654), "not_found"),
        (amira.call("close", contact_id=987654, disposition="spam"), "not_found"),
        (amira.call("reply", contact_id=987654, body="hello"), "not_found"),
        (amira.call("reply", contact_id=contact_id), "invalid_request"),
        (amira.call("release", contact_id=contact_id), "not_claimed_by_you"),  # nobody holds it
    ]
    for ack, code in cases:
        assert ack["ok"] is False, ack
        assert ack["error"] == code, ack
        assert isinstance(ack["message"], str) and ack["message"], ack

    assert amira.sio.connected
    assert amira.call("claim", contact_id=contact_id)["ok"]


# --- claim leases ----------------------------------------------------------------------------


def test_vanished_navigators_claim_returns_to_the_queue(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira", heartbeat_every=None)
    bruno = connect_navigator(name="Bruno")
    resident_texts(live.base_url, "Can someone call me back?")
    contact_id = queued_id(bruno, "Can someone call me back?")
    assert amira.call("claim", contact_id=contact_id)["ok"]
    amira.disconnect()  # the browser vanished: no more heartbeats

    released = bruno.wait_for("contact_released", lambda d: d["contact_id"] == contact_id, timeout=LEASE_SECONDS + 4)
    assert released["reason"] == "lease_expired"
    assert released["contact"]["state"] == "queued"

    contact = load(db, contact_id)
    assert (contact.state, contact.navigator_id, contact.lease_expires_at) == ("queued", None, None)
    assert events_of(db, contact_id)[-1] == ("lease_expired", None)
    assert bruno.call("claim", contact_id=contact_id)["ok"]


def test_heartbeat_keeps_a_claim_beyond_the_lease(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira", heartbeat_every=1.0)
    bruno = connect_navigator(name="Bruno")
    amira_id = amira.wait_for("console_identity")["me"]["id"]
    resident_texts(live.base_url, "Still here, typing slowly")
    contact_id = queued_id(bruno, "Still here, typing slowly")
    assert amira.call("claim", contact_id=contact_id)["ok"]
    claimed_at = load(db, contact_id).claimed_at

    time.sleep(LEASE_SECONDS + 3)  # well past the first lease; the sweeps run every 0.5 s

    contact = load(db, contact_id)
    assert (contact.state, contact.navigator_id) == ("claimed", amira_id)
    assert contact.lease_expires_at.timestamp() > claimed_at.timestamp() + LEASE_SECONDS + 2
    assert bruno.received("contact_released") == []
    assert amira.call("heartbeat")["renewed"] == [contact_id]


# --- reconnect -------------------------------------------------------------------------------


def test_reconnect_snapshot_matches_the_database(live, db, make_staff, connect_navigator, sign_in):  # type: ignore[no-untyped-def]
    email = make_staff("navigator", "Amira")
    amira = sign_in(email)
    bruno = connect_navigator(name="Bruno")
    bruno_id = bruno.wait_for("console_identity")["me"]["id"]
    resident_texts(live.base_url, "First in line")
    resident_texts(live.base_url, "Second in line")
    first = queued_id(amira, "First in line")
    second = queued_id(amira, "Second in line")
    assert [c["id"] for c in amira.wait_for("queue_snapshot")["contacts"]] == []

    amira.disconnect()
    resident_texts(live.base_url, "Arrived while Amira was away")
    third = queued_id(bruno, "Arrived while Amira was away")
    assert bruno.call("claim", contact_id=first)["ok"]

    back = sign_in(email)
    snapshot = back.wait_for("queue_snapshot")
    assert amira.received("contact_claimed") == []  # she really missed the changes

    by_id = {c["id"]: c for c in snapshot["contacts"]}
    assert list(by_id) == [first, second, third]
    assert by_id[first]["state"] == "claimed"
    assert by_id[first]["navigator"] == {"id": bruno_id, "name": "Bruno"}
    assert by_id[second]["state"] == by_id[third]["state"] == "queued"
    assert snapshot["contacts"] == back.http.get(f"{live.base_url}/api/contacts").json()["contacts"]
    with db.transaction() as session:
        rows = session.execute(
            select(Contact.id, Contact.state, Contact.navigator_id).order_by(Contact.queued_at, Contact.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        (first, "claimed", bruno_id),
        (second, "queued", None),
        (third, "queued", None),
    ]


def test_after_a_reconnect_new_messages_on_ones_own_claims_keep_arriving(live, make_staff, sign_in):  # type: ignore[no-untyped-def]
    email = make_staff("navigator", "Amira")
    amira = sign_in(email)
    number = "+15145550177"
    params = sms_params("SM" + uuid.uuid4().hex, number, "Are you still there?")
    requests.post(f"{live.base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    contact_id = queued_id(amira, "Are you still there?")
    assert amira.call("claim", contact_id=contact_id)["ok"]

    amira.disconnect()  # a network blip, shorter than the lease
    back = sign_in(email)
    back.wait_for("queue_snapshot")
    params = sms_params("SM" + uuid.uuid4().hex, number, "Hello?")
    requests.post(f"{live.base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))

    added = back.wait_for("message_added", lambda d: d["contact_id"] == contact_id)
    assert added["message"]["body"] == "Hello?"
