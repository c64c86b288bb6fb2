"""A worker killed mid-send (kill -9) twenty times sends each of a navigator's replies exactly
once. Each kill lands while Twilio holds the request. Half the time Twilio then takes the message
the worker never heard about: the row stays `sending`, Twilio's status callback names the message,
and the relay settles it as sent instead of sending it again. The other half the request is lost
on its way: no callback comes, and the relay sends it again (app/services/outbox.py).

On a PostgreSQL cluster, a redis-server and a fake Twilio of this test's own."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from queue import Queue

import pytest
from sqlalchemy import select

from app import staff as staff_service
from app.domain import Direction
from app.models import Message, OutboxItem
from app.services import conversations, queue
from tests.support import services
from tests.support.fake_twilio import Held
from tests.support.fault_stack import Stack, private_stack
from tests.support.twilio_signing import post_sms
from tests.support.waiting import eventually

KILLS = 20
REPLIES = 24
RESIDENT = "+14165550177"


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with private_stack("gunicorn-faults-worker") as stack:
        yield stack


def navigator_replies(stack: Stack) -> list[str]:
    """A resident texts in; a navigator claims the text and replies REPLIES times. Nothing
    delivers them yet: no worker runs."""
    post_sms(stack.base_url, RESIDENT, "I need a shelter bed tonight")
    bodies = [f"Reply {n}: the shelter on Queen St has a bed for you." for n in range(REPLIES)]
    with stack.database().transaction() as session:
        navigator = staff_service.create(session, email="nav@faults.test", role="navigator", password="x" * 16)
        contact = queue.open_contacts(session)[0]
        queue.claim(session, navigator, contact.id)
        for body in bodies:
            conversations.reply(session, navigator, contact.id, body)
    return bodies


def outbox_settled(stack: Stack) -> bool:
    with stack.database().transaction() as session:
        statuses = set(session.scalars(select(OutboxItem.status)))
    return statuses == {"done"}


def start_worker(stack: Stack) -> services.Process:
    return services.Process("faults-worker", [sys.executable, "-m", "workers"], stack.env)


def kill_mid_send(stack: Stack, held: Queue[Held], twilio_takes_it: bool) -> None:
    """Start a worker, wait until Twilio holds its request, kill it, then accept or lose the request."""
    worker = start_worker(stack)
    request = held.get(timeout=30)
    worker.proc.kill()
    worker.proc.wait()
    worker.stop()
    if twilio_takes_it:
        request.accept()
    else:
        request.lose()


def test_a_worker_killed_mid_send_twenty_times_sends_each_reply_exactly_once(stack: Stack) -> None:
    bodies = navigator_replies(stack)
    held: Queue[Held] = Queue()
    stack.twilio.held = held
    for kill in range(KILLS):
        kill_mid_send(stack, held, twilio_takes_it=kill % 2 == 0)
    stack.twilio.held = None

    worker = start_worker(stack)
    try:
        eventually(lambda: outbox_settled(stack), timeout=30, interval=0.25)
    finally:
        worker.stop()

    sent = Counter(m.form["Body"] for m in stack.twilio.messages())
    assert sent == Counter(bodies)  # every reply reached Twilio, none twice
    assert all(m.sid for m in stack.twilio.messages())  # ... and Twilio took each
    with stack.database().transaction() as session:
        replies = session.scalars(select(Message).where(Message.direction == Direction.OUTBOUND)).all()
        assert sorted(m.body for m in replies) == sorted(bodies)
        assert all(m.provider_id for m in replies)  # each knows its Twilio SID
