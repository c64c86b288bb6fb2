"""Redis down (or hung) does not lose a resident's text or a navigator's reply: the SMS webhook still
stores the contact and answers 200, a reply commits and waits in the outbox, and once Redis is
back the outbox relay hands it to an RQ worker that sends it exactly once.

The app here has its own redis-server (stopped and restarted by the test) and its own database,
so the session's `python -m workers` process, which relays the shared database's outbox, cannot
deliver the held-back reply through the shared Redis."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from rq import SimpleWorker
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app import create_app
from app import staff as staff_service
from app.models import Contact, Message, OutboxItem
from app.services import conversations, queue
from config import Config
from tests.conftest import PASSWORD
from tests.support import services
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.private_redis import RedisServer, running_redis
from tests.support.twilio_signing import signed_headers, sms_params
from workers import sweeps
from workers.dispatch import rq_queue

RESIDENT = "+15145550142"
REPLY = "Le refuge de la rue Ontario ouvre à 18 h ce soir."


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


@pytest.fixture
def outage_app(config: Config, database_url: str, private_redis: RedisServer) -> Iterator[Flask]:
    """The web app on the private Redis and a database of its own; outbox rows are due at once."""
    target = make_url(database_url)
    url = target.set(database=f"{target.database}_outage").render_as_string(hide_password=False)
    services.recreate_database(url)
    services.migrate(url)
    app = create_app(
        dataclasses.replace(config, DATABASE_URL=url, REDIS_URL=private_redis.url, OUTBOX_RETRY_AFTER_SECONDS=0)
    )
    app.config["TESTING"] = True
    try:
        yield app
    finally:
        app.extensions["switchboard.db"].engine.dispose()
        services.drop_database(url)


def sent_to(fake_twilio: FakeTwilio, number: str) -> list[Recorded]:
    return [m for m in fake_twilio.messages() if m.form.get("To") == number]


def relay_and_work(app: Flask, redis_url: str) -> None:
    """One pass of what `python -m workers` does: the outbox sweep, then the RQ queue drained."""
    sweeps.run_once(app)
    jobs = rq_queue(redis_url, app.config["SWITCHBOARD"].RQ_QUEUE)
    with app.app_context():
        SimpleWorker([jobs], connection=jobs.connection, serializer=jobs.serializer).work(burst=True)


def test_text_is_stored_and_reply_sent_once_redis_is_back(
    outage_app: Flask, private_redis: RedisServer, fake_twilio: FakeTwilio
) -> None:
    db = outage_app.extensions["switchboard.db"]
    with db.transaction() as session:
        staff_service.create(session, email="amira@test.211.local", role="navigator", password=PASSWORD)
    private_redis.stop()

    # A resident texts while Redis is down: Twilio still gets its 200 and the contact exists.
    params = sms_params("SM" + "0e" * 16, "+1 (514) 555-0142", "Je cherche un refuge pour ce soir")
    response = outage_app.test_client().post("/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200
    with db.transaction() as session:
        contact = session.scalars(select(Contact)).one()
        assert contact.state == "queued"
        assert contact.preview == "Je cherche un refuge pour ce soir"
        contact_id = contact.id

    # A navigator claims and replies: the commit succeeds and the reply waits in the outbox.
    with db.transaction() as session:
        navigator = staff_service.find_by_email(session, "amira@test.211.local")
        queue.claim(session, navigator, contact_id)
        message_id = conversations.reply(session, navigator, contact_id, REPLY).id
    with db.transaction() as session:
        assert session.get(Message, message_id).status == "pending"
        item = session.scalars(select(OutboxItem).where(OutboxItem.message_id == message_id)).one()
        assert item.status == "pending"
    assert sent_to(fake_twilio, RESIDENT) == []

    # Redis comes back on the same port: the relay re-hands the row and a worker sends it.
    private_redis.start()
    relay_and_work(outage_app, private_redis.url)
    sent = sent_to(fake_twilio, RESIDENT)
    assert [m.form["Body"] for m in sent] == [REPLY]
    with db.transaction() as session:
        message = session.get(Message, message_id)
        assert message.status == "queued"
        assert message.provider_id == sent[0].sid
        assert session.get(OutboxItem, item.id).status == "done"

    # Nothing is sent twice, however often the relay and the workers run.
    relay_and_work(outage_app, private_redis.url)
    assert len(sent_to(fake_twilio, RESIDENT)) == 1


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A port that accepts connections and never answers: Redis hung, not down."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_a_hung_redis_does_not_hold_up_the_answer_to_twilio(config: Config, db, silent_redis: str) -> None:  # type: ignore[no-untyped-def]
    app = create_app(dataclasses.replace(config, REDIS_URL=silent_redis))
    app.config["TESTING"] = True
    params = sms_params("SM" + "d5" * 16, "+15145550188", "Is the shelter open tonight?")

    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(
            app.test_client().post, "/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params)
        )
        response = answer.result(timeout=15)  # Twilio gives up on a webhook after 15 s

    assert response.status_code == 200
    with db.transaction() as session:
        assert session.scalars(select(Contact.preview)).all() == ["Is the shelter open tonight?"]
