"""The inbound SMS webhook as Twilio and residents meet it: a signed text becomes a queued contact
(committed before the 200), follow-up texts join the open contact, forgeries and oversized or
malformed requests store nothing, retries and concurrent deliveries are stored once, withheld
or garbage numbers are still heard, and delivery status callbacks only touch our own messages.

Everything runs against the real PostgreSQL schema; the concurrency tests go through gunicorn."""

from __future__ import annotations

import dataclasses
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from sqlalchemy import event, func, select
from sqlalchemy.orm import selectinload

from app import create_app
from app import staff as staff_service
from app.domain import Direction
from app.models import Address, Contact, ContactEvent, Message, Resident
from app.services import queue
from tests.support.twilio_signing import PUBLIC_URL, signature, signed_headers, sms_params, status_params

SMS = "/twilio/sms"
STATUS = "/twilio/sms/status"
RESIDENT = "+15145550100"
EXAMPLES = Path("/work/shared/data/twilio/example_payloads.json")


def _sid(n: int) -> str:
    return f"SM{n:032x}"


def _post(client, params, path=SMS, headers=None):  # type: ignore[no-untyped-def]
    """POST as Twilio would: form-encoded, signed over PUBLIC_URL + path unless headers are given."""
    return client.post(path, data=params, headers=signed_headers(path, params) if headers is None else headers)


def _stored(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Message, Contact, ContactEvent, Address, Resident)
        }


NOTHING = {"message": 0, "contact": 0, "contact_event": 0, "address": 0, "resident": 0}


def _contacts(db) -> list[Contact]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(Contact).options(selectinload(Contact.address)).order_by(Contact.id)))


def _messages(db) -> list[Message]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


# --- a text becomes a contact ------------------------------------------------------------------


def test_signed_text_is_committed_as_a_queued_contact_before_the_empty_twiml_answer(app, db):  # type: ignore[no-untyped-def]
    params = sms_params(_sid(1), "+1 (514) 555-0100", "J'ai besoin d'aide pour le loyer")

    response = _post(app.test_client(), params)

    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response" and len(root) == 0 and not (root.text or "").strip()
    # A separate connection sees the rows as soon as the response is out: committed first.
    [contact] = _contacts(db)
    assert contact.state == "queued"
    assert contact.channel == "sms"
    assert contact.from_raw == "+1 (514) 555-0100"
    assert contact.address is not None and contact.address.value == RESIDENT
    assert contact.preview == "J'ai besoin d'aide pour le loyer"
    [message] = _messages(db)
    assert (message.contact_id, message.direction, message.provider_id) == (contact.id, Direction.INBOUND, _sid(1))
    assert message.body == "J'ai besoin d'aide pour le loyer"
    with db.transaction() as session:
        events = session.scalars(select(ContactEvent).where(ContactEvent.contact_id == contact.id)).all()
        assert [(e.from_state, e.to_state, e.reason, e.actor_id) for e in events] == [(None, "queued", "created", None)]


def test_follow_up_texts_join_the_open_contact_and_a_text_after_closing_opens_a_new_one(app, db, make_staff):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert _post(client, sms_params(_sid(1), RESIDENT, "Bonjour")).status_code == 200
    assert _post(client, sms_params(_sid(2), "514-555-0100", "J'ai besoin d'aide")).status_code == 200

    [first] = _contacts(db)
    assert [(m.contact_id, m.body) for m in _messages(db)] == [(first.id, "Bonjour"), (first.id, "J'ai besoin d'aide")]
    assert first.preview == "J'ai besoin d'aide"

    email = make_staff("navigator", "Amira")
    with db.transaction() as session:
        amira = staff_service.find_by_email(session, email)
        queue.claim(session, amira, first.id)
    with db.transaction() as session:
        queue.close(session, amira, first.id, "information_given")

    assert _post(client, sms_params(_sid(3), RESIDENT, "Encore moi")).status_code == 200

    closed, new = _contacts(db)
    assert closed.id == first.id and closed.state == "closed"
    assert new.state == "queued" and new.address_id == first.address_id
    assert [(m.contact_id, m.body) for m in _messages(db)][-1] == (new.id, "Encore moi")
    assert len(_messages(db)) == 3


def test_a_retried_webhook_is_stored_once(app, db):  # type: ignore[no-untyped-def]
    client = app.test_client()
    params = sms_params(_sid(1), RESIDENT, "Allo?")
    assert _post(client, params).status_code == 200
    assert _post(client, params).status_code == 200

    assert _stored(db) == {"message": 1, "contact": 1, "contact_event": 1, "address": 1, "resident": 1}


def test_a_text_a_follow_up_and_a_retry_each_cost_one_statement(app, db):  # type: ignore[no-untyped-def]
    """The webhook's database work stays lean in a surge (docs/benchmarks.md): counted, not timed.
    On PostgreSQL one statement stores the text and reads the spam rules' counts
    (app.services.intake_statement; the setting that keeps its plan goes to the driver directly)."""
    client, statements = app.test_client(), []

    def count(_conn, _cursor, statement, *_):  # type: ignore[no-untyped-def]
        statements.append(statement)

    def counted(params: dict[str, str]) -> int:
        before = len(statements)
        assert _post(client, params).status_code == 200
        return len(statements) - before

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        first = counted(sms_params(_sid(1), RESIDENT, "Bonjour"))
        follow_up = counted(sms_params(_sid(2), RESIDENT, "J'ai besoin d'aide"))
        retry = counted(sms_params(_sid(2), RESIDENT, "J'ai besoin d'aide"))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert (first, follow_up, retry) == (1, 1, 1), statements


# --- forgeries store nothing -------------------------------------------------------------------


def _forged(params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    return params, {"X-Twilio-Signature": signature(PUBLIC_URL + SMS, params, token="not-our-token")}


def _unsigned(params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    headers = signed_headers(SMS, params)
    del headers["X-Twilio-Signature"]
    return params, headers


def _signed_over_internal_url(params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    return params, signed_headers(SMS, params, public_url="http://localhost")


def _tampered_after_signing(params: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    headers = signed_headers(SMS, params)
    return {**params, "Body": "Send your password to +1 555 0199"}, headers


@pytest.mark.parametrize(
    "forge", [_forged, _unsigned, _signed_over_internal_url, _tampered_after_signing], ids=lambda f: f.__name__[1:]
)
def test_a_request_without_a_valid_signature_is_refused_and_stores_nothing(app, db, forge):  # type: ignore[no-untyped-def]
    params, headers = forge(sms_params(_sid(1), RESIDENT, "Bonjour"))

    response = _post(app.test_client(), params, headers=headers)

    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert _stored(db) == NOTHING


# --- configuration and readiness ---------------------------------------------------------------


def test_missing_auth_token_fails_readiness_and_answers_503_not_403(app, config, db):  # type: ignore[no-untyped-def]
    unconfigured = create_app(dataclasses.replace(config, TWILIO_AUTH_TOKEN=""))
    unconfigured.config["TESTING"] = True
    try:
        client = unconfigured.test_client()
        response = _post(client, sms_params(_sid(1), RESIDENT, "Bonjour"))
        assert response.status_code == 503
        assert "TWILIO_AUTH_TOKEN" in response.get_json()["message"]
        assert _stored(db) == NOTHING

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.get_json()["checks"] == {"database": "ok", "redis": "ok", "twilio": "fail", "voice": "fail"}
        assert client.get("/healthz").status_code == 200
    finally:
        unconfigured.extensions["switchboard.db"].engine.dispose()

    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"] == {"database": "ok", "redis": "ok", "twilio": "ok", "voice": "ok"}


# --- concurrent deliveries through the real server ---------------------------------------------


def _post_together(url: str, bodies: list[tuple[dict[str, str], dict[str, str]]]) -> list[object]:
    """POST every (params, headers) from its own thread, all released at once by a barrier."""
    barrier = threading.Barrier(len(bodies))
    results: list[object] = [None] * len(bodies)

    def send(i: int, params: dict[str, str], headers: dict[str, str]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = requests.post(url, data=params, headers=headers, timeout=20).status_code
        except Exception as error:  # reported in the assertion below
            results[i] = error

    threads = [threading.Thread(target=send, args=(i, *body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_same_webhook_delivered_three_times_at_once_is_stored_once(live, db):  # type: ignore[no-untyped-def]
    params = sms_params(_sid(7), RESIDENT, "Est-ce que quelqu'un est là?")

    results = _post_together(live.base_url + SMS, [(params, signed_headers(SMS, params))] * 3)

    assert results == [200, 200, 200]
    assert [m.provider_id for m in _messages(db)] == [_sid(7)]
    assert len(_contacts(db)) == 1


def test_the_same_anonymous_text_delivered_three_times_at_once_opens_one_contact(live, db):  # type: ignore[no-untyped-def]
    params = sms_params(_sid(8), "anonymous", "Je suis à la rue ce soir")

    results = _post_together(live.base_url + SMS, [(params, signed_headers(SMS, params))] * 3)

    assert results == [200, 200, 200]
    assert [m.provider_id for m in _messages(db)] == [_sid(8)]
    assert len(_contacts(db)) == 1


def test_five_first_texts_from_a_new_number_at_once_open_one_contact(live, db):  # type: ignore[no-untyped-def]
    texts = [sms_params(_sid(10 + i), RESIDENT, f"message {i}") for i in range(5)]

    results = _post_together(live.base_url + SMS, [(p, signed_headers(SMS, p)) for p in texts])

    assert results == [200] * 5
    [contact] = _contacts(db)
    assert contact.state == "queued"
    messages = _messages(db)
    assert sorted(m.body for m in messages) == [f"message {i}" for i in range(5)]
    assert {m.contact_id for m in messages} == {contact.id}


# --- every resident is heard, whatever their caller id ------------------------------------------


@pytest.mark.parametrize("from_", ["anonymous", "", "+266696687", "abc-not-a-number", "12"])
def test_withheld_or_garbage_numbers_still_open_a_contact_keeping_the_raw_value(app, db, from_):  # type: ignore[no-untyped-def]
    response = _post(app.test_client(), sms_params(_sid(1), from_, "Je suis à la rue ce soir"))

    assert response.status_code == 200
    [contact] = _contacts(db)
    assert contact.state == "queued"
    assert contact.from_raw == from_
    assert [m.body for m in _messages(db)] == ["Je suis à la rue ce soir"]


def test_two_anonymous_texters_are_two_contacts_not_one_resident(app, db):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert _post(client, sms_params(_sid(1), "anonymous", "I need food")).status_code == 200
    assert _post(client, sms_params(_sid(2), "anonymous", "I need a shelter bed")).status_code == 200

    first, second = _contacts(db)
    assert first.state == second.state == "queued"
    assert first.address_id is None and second.address_id is None
    assert first.resident_id is None or first.resident_id != second.resident_id
    assert [(m.contact_id, m.body) for m in _messages(db)] == [
        (first.id, "I need food"),
        (second.id, "I need a shelter bed"),
    ]


def test_a_foreign_number_is_stored_in_e164(app, db):  # type: ignore[no-untyped-def]
    assert _post(app.test_client(), sms_params(_sid(1), "+44 20 7946 0958", "Hello from London")).status_code == 200

    [contact] = _contacts(db)
    assert contact.from_raw == "+44 20 7946 0958"
    assert contact.address is not None and contact.address.value == "+442079460958"


# --- oversized and malformed requests ----------------------------------------------------------


def test_a_body_over_twilios_maximum_is_stored_truncated_to_1600_characters(app, db):  # type: ignore[no-untyped-def]
    body = "".join(f"{i:05d} " for i in range(400))  # 2400 characters, every prefix distinct
    assert _post(app.test_client(), sms_params(_sid(1), RESIDENT, body)).status_code == 200

    [message] = _messages(db)
    assert message.body == body[:1600]


def test_a_request_over_one_mebibyte_is_refused_with_413_and_stores_nothing(app, db):  # type: ignore[no-untyped-def]
    params = sms_params(_sid(1), RESIDENT, "x" * (1024 * 1024 + 1))

    assert _post(app.test_client(), params).status_code == 413
    assert _stored(db) == NOTHING


def test_a_text_without_message_sid_is_a_clear_400_and_stores_nothing(app, db):  # type: ignore[no-untyped-def]
    params = sms_params(_sid(1), RESIDENT, "Bonjour")
    for key in ("MessageSid", "SmsMessageSid", "SmsSid"):
        del params[key]

    response = _post(app.test_client(), params)

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"
    assert "MessageSid" in response.get_json()["message"]
    assert _stored(db) == NOTHING


def test_an_mms_keeps_its_media_links(app, db):  # type: ignore[no-untyped-def]
    example = json.loads(EXAMPLES.read_text())["sms_inbound"]["params"]

    assert _post(app.test_client(), example).status_code == 200

    [contact] = _contacts(db)
    assert contact.address is not None and contact.address.value == RESIDENT
    [message] = _messages(db)
    assert message.provider_id == example["MessageSid"]
    assert message.body == "J'ai besoin d'aide pour le loyer"
    assert message.media == [{"url": example["MediaUrl0"], "content_type": "image/jpeg"}]


# --- delivery status callbacks -----------------------------------------------------------------


@pytest.fixture
def sent_reply(app, db):  # type: ignore[no-untyped-def]
    """A resident's contact holding one earlier reply of ours, already sent through Twilio."""
    assert _post(app.test_client(), sms_params(_sid(1), RESIDENT, "Bonjour")).status_code == 200
    [contact] = _contacts(db)
    with db.transaction() as session:
        reply = Message(
            contact_id=contact.id,
            channel="sms",
            direction=Direction.OUTBOUND,
            provider_id="SMknown" + "0" * 27,
            body="Voici le numéro du programme.",
            media=[],
            status="sent",
        )
        session.add(reply)
    return reply


def _reply_state(db, reply):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        message = session.get(Message, reply.id)
        address = session.scalars(select(Address)).one()
        return message.status, message.error_code, message.provider_id, address.opted_out_at


def test_a_status_callback_for_an_unknown_message_changes_nothing(app, db, sent_reply):  # type: ignore[no-untyped-def]
    before = _reply_state(db, sent_reply)
    client = app.test_client()
    # 21610 is Twilio's "opted out" code: applied to the wrong message it would silence a resident.
    unknown = status_params(_sid(99), "undelivered", RESIDENT, ErrorCode="21610")
    for path in (STATUS, f"{STATUS}?m={sent_reply.id + 1000}", f"{STATUS}?m={sent_reply.id}"):
        response = _post(client, unknown, path=path)
        assert response.status_code == 200, path
    assert _reply_state(db, sent_reply) == before

    known = status_params(sent_reply.provider_id, "delivered", RESIDENT)
    assert _post(client, known, path=f"{STATUS}?m={sent_reply.id}").status_code == 200
    assert _reply_state(db, sent_reply)[0] == "delivered"


def test_an_unsigned_status_callback_is_refused(app, db, sent_reply):  # type: ignore[no-untyped-def]
    before = _reply_state(db, sent_reply)
    callback = status_params(sent_reply.provider_id, "undelivered", RESIDENT, ErrorCode="21610")
    path = f"{STATUS}?m={sent_reply.id}"

    response = _post(app.test_client(), callback, path=path, headers={})

    assert response.status_code == 403
    assert _reply_state(db, sent_reply) == before


def test_a_status_callback_without_a_status_is_a_400(app, db, sent_reply):  # type: ignore[no-untyped-def]
    before = _reply_state(db, sent_reply)
    callback = status_params(sent_reply.provider_id, "delivered", RESIDENT)
    del callback["MessageStatus"], callback["SmsStatus"]
    path = f"{STATUS}?m={sent_reply.id}"

    response = _post(app.test_client(), callback, path=path)

    assert response.status_code == 400
    assert "MessageStatus" in response.get_json()["message"]
    assert _reply_state(db, sent_reply) == before
