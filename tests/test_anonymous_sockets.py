"""Anyone can open sockets without signing in. A web process admits only a few such anonymous
sockets per address and in all, closes them when they have not connected a signed-in console
within a few seconds, and meanwhile keeps answering Twilio and admitting navigators."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import websocket

from tests.conftest import PASSWORD
from tests.support import services
from tests.support.console_client import Navigator
from tests.support.twilio_signing import signed_headers, sms_params
from tests.support.waiting import eventually

PER_ADDRESS, IN_ALL, GRACE = 20, 50, 4


@pytest.fixture
def guarded(settings: dict[str, str]) -> Iterator[str]:
    """A server behind one (pretend) proxy, so each test socket can say which address it is."""
    env = {
        **settings,
        "ANONYMOUS_SOCKETS_PER_ADDRESS": str(PER_ADDRESS),
        "ANONYMOUS_SOCKETS": str(IN_ALL),
        "ANONYMOUS_SOCKET_SECONDS": str(GRACE),
        "PROXY_COUNT": "1",
    }
    with services.serving(env, "gunicorn-guarded") as base_url:
        yield base_url


def open_raw(base_url: str, address: str) -> websocket.WebSocket | None:
    """An engine.io websocket that never connects a namespace, or None when refused."""
    url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    try:
        sock = websocket.create_connection(url, timeout=10, header=[f"X-Forwarded-For: {address}"])
    except websocket.WebSocketBadStatusException as refused:
        assert refused.status_code == 401
        return None
    assert sock.recv().startswith("0{")  # engine.io OPEN: admitted
    return sock


def closed_by_server(sock: websocket.WebSocket) -> bool:
    with contextlib.suppress(websocket.WebSocketTimeoutException):
        while True:
            frame = sock.recv()
            if frame == "":
                return True
            if frame == "2":  # the server's ping: answer as a live client would
                sock.send("3")
    return False


def flood(base_url: str, addresses: list[str]) -> list[websocket.WebSocket | None]:
    """Open one socket per address all at once, as an attacker would: the whole flood lands within
    the grace period, so no dropped socket frees a slot for a later one to take."""
    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(lambda address: open_raw(base_url, address), addresses))


def signed_text(base_url: str) -> requests.Response:
    params = sms_params("SM" + uuid.uuid4().hex, "+15145550188", "Is anyone there? I need food tonight.")
    return requests.post(
        f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params), timeout=15
    )


def test_anonymous_sockets_are_capped_dropped_and_never_delay_a_text(guarded, make_staff) -> None:  # type: ignore[no-untyped-def]
    admitted = [sock for sock in flood(guarded, ["198.51.100.7"] * 300) if sock is not None]
    assert len(admitted) == PER_ADDRESS  # the other 280 were refused at the handshake
    others = flood(guarded, [f"198.51.100.{n}" for n in range(20, 25) for _ in range(PER_ADDRESS)])
    assert sum(sock is not None for sock in others) == IN_ALL - PER_ADDRESS  # the process's cap
    admitted += [sock for sock in others if sock is not None]

    assert signed_text(guarded).status_code == 200  # a resident's text is answered meanwhile

    for sock in admitted:  # none of them signed in: the server closes every one
        sock.settimeout(GRACE * 3)
        assert closed_by_server(sock)
        sock.close()
    navigator = Navigator(guarded, make_staff(), PASSWORD).connect(heartbeat_every=None)
    try:
        assert eventually(lambda: navigator.received("queue_snapshot"))
        assert open_raw(guarded, "198.51.100.7") is not None  # the address may try again
    finally:
        navigator.disconnect()


def test_a_signed_in_console_is_not_dropped_as_anonymous(guarded, make_staff) -> None:  # type: ignore[no-untyped-def]
    navigator = Navigator(guarded, make_staff(), PASSWORD).connect(heartbeat_every=None)
    try:
        assert navigator.wait_for("queue_snapshot") is not None
        time.sleep(GRACE + 2)  # well past the grace period of anonymous sockets
        assert signed_text(guarded).status_code == 200
        navigator.wait_for("contact_queued")  # still connected, still hearing the queue
        assert navigator.sio.connected and navigator.call("heartbeat")["ok"]
    finally:
        navigator.disconnect()


def test_a_floor_behind_one_address_reconnects_at_once(guarded, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff()
    floor = [Navigator(guarded, email, PASSWORD) for _ in range(PER_ADDRESS + 10)]  # more than one address's share
    with ThreadPoolExecutor(max_workers=len(floor)) as pool:
        connected = list(pool.map(lambda n: n.connect(heartbeat_every=None), floor))
    try:
        assert all(n.wait_for("queue_snapshot") is not None for n in connected)
    finally:
        for navigator in connected:
            navigator.disconnect()
