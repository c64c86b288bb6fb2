"""Replies leave through a real RQ worker and the real twilio client (against the fake Twilio
server), and the navigator sees what became of them: an opted-out resident is never texted, a
carrier opt-out is recorded and explained, a Twilio outage is retried until the text leaves
exactly once, and out-of-order status callbacks only ever move a message's status forward.

These tests use their own redis-server and RQ queue, and a relay delay longer than any test,
so nothing else running in the session (the `live` workers process) delivers their replies."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker
from rq.job import Job, JobStatus
from sqlalchemy import select

from app import create_app
from app import staff as staff_service
from app.models import OutboxItem
from app.services import conversations, queue
from config import Config
from tests.conftest import PASSWORD
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.private_redis import RedisServer, running_redis
from tests.support.signin import post_login
from tests.support.twilio_signing import PUBLIC_URL, signed_headers, sms_params, status_params
from workers.dispatch import job_id, rq_queue
from workers.jobs import send_outbox


@pytest.fixture(scope="module")
def private_redis() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


@pytest.fixture(scope="module")
def delivery_app(config: Config, private_redis: RedisServer) -> Iterator[Flask]:
    """The web app on the session database, with jobs on a Redis only these tests work. The
    outbox relay would re-hand a row only after an hour: every hand-off here is the reply's own."""
    app = create_app(dataclasses.replace(config, REDIS_URL=private_redis.url, OUTBOX_RETRY_AFTER_SECONDS=3600))
    app.config["TESTING"] = True
    yield app
    app.extensions["switchboard.db"].engine.dispose()


def work(app: Flask, *, with_scheduler: bool = False) -> None:
    """Drain the job queue once with a real RQ worker, as `python -m workers --burst` does."""
    jobs = rq_queue(app.config["SWITCHBOARD"].REDIS_URL, app.config["SWITCHBOARD"].RQ_QUEUE)
    with app.app_context():
        worker = SimpleWorker([jobs], connection=jobs.connection, serializer=jobs.serializer)
        worker.work(burst=True, with_scheduler=with_scheduler)


def sent_to(fake_twilio: FakeTwilio, number: str) -> list[Recorded]:
    return [m for m in fake_twilio.messages() if m.form.get("To") == number]


def text_in(client: FlaskClient, number: str, body: str, sid: str) -> None:
    params = sms_params(sid, number, body)
    assert client.post("/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params)).status_code == 200


@dataclass
class Reply:
    contact_id: int
    message_id: int
    outbox_id: int
    supervisor: FlaskClient  # a supervisor's browser: reads the thread even once the claim's lease ran out

    def thread(self) -> dict:
        response = self.supervisor.get(f"/api/contacts/{self.contact_id}")
        assert response.status_code == 200
        return response.get_json()

    def message(self) -> dict:
        return next(m for m in self.thread()["messages"] if m["id"] == self.message_id)


@pytest.fixture
def reply_to(delivery_app: Flask, make_staff: Callable[..., str]) -> Callable[[str, str], Reply]:
    """A resident texts from `number`; a navigator claims the contact and replies `body`."""
    db = delivery_app.extensions["switchboard.db"]
    sids = iter(range(1, 1000))

    def reply(number: str, body: str) -> Reply:
        text_in(delivery_app.test_client(), number, "I need help with my rent", f"SM{number[-4:]}{next(sids):028d}")
        email = make_staff("navigator")
        with db.transaction() as session:
            navigator = staff_service.find_by_email(session, email)
            contact = next(c for c in queue.open_contacts(session) if c.from_raw == number)
            queue.claim(session, navigator, contact.id)
            message = conversations.reply(session, navigator, contact.id, body)
            outbox_id = session.scalars(select(OutboxItem.id).where(OutboxItem.message_id == message.id)).one()
        client = delivery_app.test_client()
        assert post_login(client, make_staff("supervisor"), PASSWORD).status_code == 302
        return Reply(contact.id, message.id, outbox_id, client)

    return reply


def outbox_row(app: Flask, outbox_id: int) -> OutboxItem:
    with app.extensions["switchboard.db"].transaction() as session:
        return session.get(OutboxItem, outbox_id)


def post_status(app: Flask, sent: Recorded, status: str, **extra: str) -> None:
    path = sent.form["StatusCallback"].removeprefix(PUBLIC_URL)
    params = status_params(sent.sid or "", status, sent.form["To"], **extra)
    response = app.test_client().post(path, data=params, headers=signed_headers(path, params))
    assert response.status_code == 200


def test_resident_who_texts_stop_after_the_reply_was_queued_is_never_texted(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550101", "The food bank on Kingston Rd is open until 6.")
    text_in(delivery_app.test_client(), "+14165550101", "STOP", "SM" + "5" * 32)

    work(delivery_app)

    assert sent_to(fake_twilio, "+14165550101") == []
    message = reply.message()
    assert message["status"] == "failed"
    assert message["error"]["code"] == "opted_out"
    assert "opted out" in message["error"]["message"]
    assert reply.thread()["contact"]["opted_out"] is True
    assert outbox_row(delivery_app, reply.outbox_id).status == "failed"


def test_carrier_opt_out_fails_the_message_and_marks_the_number_opted_out(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    fake_twilio.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    reply = reply_to("+14165550102", "Here is the number for the tenant hotline.")

    work(delivery_app)

    assert len(sent_to(fake_twilio, "+14165550102")) == 1  # refused, and not retried
    message = reply.message()
    assert message["status"] == "failed"
    assert message["error"] == {
        "code": "21610",
        "message": "Not sent: the carrier reports this number has opted out (STOP).",
    }
    assert reply.thread()["contact"]["opted_out"] is True
    assert outbox_row(delivery_app, reply.outbox_id).status == "failed"


def test_twilio_outage_is_retried_and_the_text_leaves_once(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    fake_twilio.fail_next(500, 20500, "Internal Server Error")
    reply = reply_to("+14165550103", "A counsellor will call you back tonight.")

    work(delivery_app, with_scheduler=True)

    # The first attempt hit the outage: the job waits for its retry, the message is not failed.
    assert [m.sid for m in sent_to(fake_twilio, "+14165550103")] == [None]
    jobs = rq_queue(delivery_app.config["SWITCHBOARD"].REDIS_URL, delivery_app.config["SWITCHBOARD"].RQ_QUEUE)
    job = Job.fetch(job_id(jobs, reply.outbox_id), connection=jobs.connection, serializer=jobs.serializer)
    assert job.get_status() == JobStatus.SCHEDULED
    assert reply.message()["status"] == "pending"

    # The scheduler re-queues it after the retry interval (5 s) and a worker sends it.
    deadline = time.monotonic() + 20
    while len(sent_to(fake_twilio, "+14165550103")) < 2 and time.monotonic() < deadline:
        time.sleep(0.25)
        work(delivery_app, with_scheduler=True)
    attempts = sent_to(fake_twilio, "+14165550103")
    assert [m.sid is not None for m in attempts] == [False, True]
    assert attempts[1].form["Body"] == "A counsellor will call you back tonight."
    assert reply.message()["status"] == "queued"
    row = outbox_row(delivery_app, reply.outbox_id)
    assert (row.status, row.attempts) == ("done", 2)

    work(delivery_app, with_scheduler=True)
    assert len(sent_to(fake_twilio, "+14165550103")) == 2


def test_delivering_the_same_outbox_row_twice_sends_one_text(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550104", "You can drop in at 10 am.")

    with delivery_app.app_context():
        assert send_outbox(reply.outbox_id) == "done"
        assert send_outbox(reply.outbox_id) == "skipped"
    work(delivery_app)  # the job the reply enqueued runs too

    assert [m.form["Body"] for m in sent_to(fake_twilio, "+14165550104")] == ["You can drop in at 10 am."]
    assert reply.message()["status"] == "queued"


def test_a_job_lost_with_its_worker_is_replaced_and_the_text_leaves_once(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550111", "The warming centre opens at 8 pm.")
    jobs = rq_queue(delivery_app.config["SWITCHBOARD"].REDIS_URL, delivery_app.config["SWITCHBOARD"].RQ_QUEUE)
    job = Job.fetch(job_id(jobs, reply.outbox_id), connection=jobs.connection, serializer=jobs.serializer)
    # What RQ records when the worker running a job dies: the job is failed, the row still pending.
    jobs.remove(job)
    job.set_status(JobStatus.FAILED)

    delivery_app.extensions["switchboard.ports"].jobs.enqueue_outbox(reply.outbox_id)  # the relay's hand-off
    work(delivery_app)

    assert [m.form["Body"] for m in sent_to(fake_twilio, "+14165550111")] == ["The warming centre opens at 8 pm."]
    assert reply.message()["status"] == "queued"


def test_status_callbacks_only_move_the_status_forward(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550105", "The clinic takes walk-ins on Tuesdays.")
    work(delivery_app)
    [sent] = sent_to(fake_twilio, "+14165550105")
    assert sent.form["StatusCallback"] == f"{PUBLIC_URL}/twilio/sms/status?m={reply.message_id}"

    post_status(delivery_app, sent, "sent")
    assert reply.message()["status"] == "sent"
    post_status(delivery_app, sent, "queued")  # late and out of order
    assert reply.message()["status"] == "sent"
    post_status(delivery_app, sent, "delivered")
    assert reply.message()["status"] == "delivered"
    post_status(delivery_app, sent, "sent")
    assert reply.message()["status"] == "delivered"
    assert reply.message()["error"] is None


def test_undelivered_callback_shows_the_carrier_error(delivery_app, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550106", "Call 211 any time, day or night.")
    work(delivery_app)
    [sent] = sent_to(fake_twilio, "+14165550106")

    post_status(delivery_app, sent, "undelivered", ErrorCode="30003")

    message = reply.message()
    assert message["status"] == "undelivered"
    assert message["error"] == {"code": "30003", "message": "Not delivered: the handset is unreachable."}


def test_a_server_without_twilio_settings_fails_the_reply_at_once_and_says_why(config, reply_to, fake_twilio):  # type: ignore[no-untyped-def]
    reply = reply_to("+14165550109", "Here is the number for the food bank.")
    unconfigured = create_app(dataclasses.replace(config, TWILIO_ACCOUNT_SID="", TWILIO_FROM_NUMBER=""))
    with unconfigured.app_context():
        assert send_outbox(reply.outbox_id) == "done"  # failed for good: no retry
    message = reply.message()
    assert message["status"] == "failed"
    assert message["error"]["code"] == "not_configured"
    assert "Twilio settings missing" in message["error"]["message"]
    assert sent_to(fake_twilio, "+14165550109") == []
