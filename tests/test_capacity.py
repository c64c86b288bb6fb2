"""A web process holds at most MAX_CONSOLES consoles (its connection pool keeps room beyond them
for webhooks): one more is refused with `capacity`, and residents' texts are still answered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import socketio

from tests.conftest import PASSWORD
from tests.support import services
from tests.support.console_client import NAMESPACE, Navigator
from tests.support.twilio_signing import signed_headers, sms_params

MAX_CONSOLES, REFUSED = 4, 2


@pytest.fixture
def small_server(settings: dict[str, str]) -> Iterator[str]:
    """Its own gunicorn that takes four consoles."""
    port = services.free_port()
    base_url = f"http://127.0.0.1:{port}"
    web = services.gunicorn(
        {
            **settings,
            "PORT": str(port),
            "ALLOWED_ORIGINS": base_url,
            "MAX_CONSOLES": str(MAX_CONSOLES),
        },
        name="gunicorn-small",
    )
    try:
        services.wait_http(f"{base_url}/healthz", server=web)
        yield base_url
    finally:
        web.stop()


def test_a_full_server_refuses_more_consoles_and_still_answers_texts(small_server, make_staff) -> None:  # type: ignore[no-untyped-def]
    navigators = [Navigator(small_server, make_staff(), PASSWORD) for _ in range(MAX_CONSOLES + REFUSED)]
    accepted, refusals = [], []
    for navigator in navigators:
        refused: list[object] = []
        navigator.sio.on("connect_error", refused.append, namespace=NAMESPACE)
        try:
            accepted.append(navigator.connect(heartbeat_every=None))
        except socketio.exceptions.ConnectionError:
            refusals.extend(refused)
    try:
        assert len(accepted) == MAX_CONSOLES
        assert refusals == [{"message": "capacity"}] * REFUSED

        params = sms_params("SM" + "c4" * 16, "+15145550160", "Is anyone there?")
        response = requests.post(
            f"{small_server}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params), timeout=15
        )
        assert response.status_code == 200
        accepted[0].wait_for("contact_queued")

        accepted.pop().disconnect()  # a navigator leaves: a colleague's console now fits
        latecomer = Navigator(small_server, make_staff(), PASSWORD).connect(heartbeat_every=None)
        accepted.append(latecomer)
        assert latecomer.wait_for("queue_snapshot")["contacts"][0]["preview"] == "Is anyone there?"
    finally:
        for navigator in accepted:
            navigator.disconnect()
