"""PostgreSQL restarted (`pg_ctl restart -m fast`) while residents' texts keep arriving: every
webhook is answered within Twilio's 15 s, either 200 with its text committed or a 5xx that Twilio
retries, and the same gunicorn takes texts again afterwards (the pool pre-pings: app/db.py).
Twilio's retries of the refused ones then leave every text in the database exactly once.

On a PostgreSQL cluster and a redis-server of this test's own, never the shared ones."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
import socketio
from sqlalchemy import func, select

from app import staff as staff_service
from app.models import Message
from tests.conftest import PASSWORD
from tests.support import totp
from tests.support.console_client import NAMESPACE, Navigator
from tests.support.fault_stack import Stack, private_stack
from tests.support.twilio_signing import signed_headers, sms_params
from tests.support.waiting import eventually

SENDERS = 4
TWILIO_TIMEOUT = 15  # seconds Twilio waits for a webhook's answer before its fallback


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with private_stack("gunicorn-faults-postgres") as stack:
        yield stack


@dataclass
class Traffic:
    """Signed texts posted continuously by a few threads, each answer recorded by MessageSid."""

    base_url: str
    answers: dict[str, tuple[dict[str, str], int | str]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, params: dict[str, str]) -> int | str:
        try:
            response = requests.post(f"{self.base_url}/twilio/sms", data=params,
                                     headers=signed_headers("/twilio/sms", params), timeout=TWILIO_TIMEOUT)  # fmt: skip
        except requests.RequestException as error:  # no answer in time: Twilio's fallback, not a retry
            return type(error).__name__
        return response.status_code

    def send(self, sender: str) -> None:
        while not self.stop.is_set():
            params = sms_params("SM" + uuid.uuid4().hex, sender, f"text {uuid.uuid4().hex[:8]}")
            answer = self.post(params)
            with self.lock:
                self.answers[params["MessageSid"]] = (params, answer)

    def count(self, status: int) -> int:
        with self.lock:
            return sum(answer == status for _, answer in self.answers.values())

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.send, args=(f"+1416555{n:04d}",)) for n in range(SENDERS)]
        for thread in threads:
            thread.start()
        return threads


def stored(stack: Stack) -> dict[str, int]:
    with stack.database().transaction() as session:
        rows = session.execute(select(Message.provider_id, func.count()).group_by(Message.provider_id)).all()
    return {provider_id: count for provider_id, count in rows}


def test_postgres_restarted_under_load_loses_no_text_and_needs_no_restart(stack: Stack) -> None:
    traffic = Traffic(stack.base_url)
    threads = traffic.start()
    try:
        eventually(lambda: traffic.count(200) >= 20, timeout=30)
        stack.postgres.restart()
        after = traffic.count(200)
        eventually(lambda: traffic.count(200) >= after + 20, timeout=30)  # the same gunicorn, recovered
    finally:
        traffic.stop.set()
        for thread in threads:
            thread.join()

    answers = {sid: answer for sid, (_, answer) in traffic.answers.items()}
    assert {a for a in answers.values() if not (a == 200 or (isinstance(a, int) and a >= 500))} == set()
    committed = stored(stack)
    assert all(committed.get(sid) == 1 for sid, answer in answers.items() if answer == 200)

    refused = [params for params, answer in traffic.answers.values() if answer != 200]
    assert [traffic.post(params) for params in refused] == [200] * len(refused)  # Twilio's retries
    assert {sid: stored(stack).get(sid) for sid in answers} == {sid: 1 for sid in answers}
    assert requests.get(f"{stack.base_url}/readyz", timeout=5).status_code == 200


def test_a_console_command_while_postgres_is_down_is_answered_and_works_once_it_is_back(stack: Stack) -> None:
    email = "faults.navigator@test.211.local"
    with stack.database().transaction() as session:
        totp.enrol(staff_service.create(session, email=email, role="navigator", password=PASSWORD))
    navigator = Navigator(stack.base_url, email, PASSWORD).connect(heartbeat_every=None)
    try:
        assert navigator.call("queue_page")["ok"] is True
        stack.postgres.pause()
        try:
            refused = navigator.call("queue_page")  # answered (not left waiting), and says so
            assert (refused["ok"], refused["error"]) == (False, "server_error")
            assert "nothing was changed" in refused["message"]
            another, told = socketio.Client(reconnection=False), []  # a console opening now is told why it cannot
            another.on("connect_error", told.append, namespace=NAMESPACE)
            with pytest.raises(socketio.exceptions.ConnectionError):
                another.connect(stack.base_url, namespaces=[NAMESPACE], headers={"Cookie": navigator.cookie},
                                transports=["websocket"], wait_timeout=10)  # fmt: skip
            assert told == [{"message": "unavailable"}]
            page = navigator.http.get(f"{stack.base_url}/api/contacts", timeout=10)
            assert (page.status_code, page.json()["error"], page.headers["Retry-After"]) == (503, "unavailable", "5")
            params = sms_params("SM" + uuid.uuid4().hex, "+14165550199", "are you there?")
            texted = requests.post(f"{stack.base_url}/twilio/sms", data=params, timeout=10,
                                   headers=signed_headers("/twilio/sms", params))  # fmt: skip
            assert texted.status_code == 503  # Twilio retries it or uses the fallback
        finally:
            stack.postgres.resume()
        eventually(lambda: navigator.call("queue_page")["ok"], timeout=30)  # the same socket, the same gunicorn
    finally:
        navigator.disconnect()
