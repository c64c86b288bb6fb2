"""POST /email/inbound, a provider's inbound-parse webhook in raw mode (the MIME message in the form
field `email`): only a request with the shared secret stores anything; a forged or unsigned one
stores nothing and says why; a malformed body is a 400 that says what to send; a huge message
is refused with a 413 that says the limit, or, within the request limit but over the message
limit, quarantined with the contact still created; a replay stores nothing twice; a reply from
another of the resident's addresses threads into their open contact."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app import create_app
from app.mail.models import EmailHeaders
from app.models import Contact, Message
from config import Config
from tests.support.mail_corpus import raw, written

B = "xYzBoundary"
SECRET = "inbound-secret-of-the-test-run-0123456789"
MAX_BYTES = 50_000


@pytest.fixture(scope="module")
def hook_app(config: Config) -> Iterator[Flask]:
    app = create_app(dataclasses.replace(config, EMAIL_INBOUND_SECRET=SECRET, EMAIL_MAX_BYTES=MAX_BYTES))
    app.config["TESTING"] = True
    yield app
    app.extensions["switchboard.db"].engine.dispose()


def post(client: FlaskClient, message: bytes, auth: tuple[str, str] | None = ("sendgrid", SECRET)) -> TestResponse:
    """As SendGrid posts it: the raw message byte for byte, beside the envelope fields."""
    return client.post(
        "/email/inbound", data=form(message), auth=auth, content_type=f"multipart/form-data; boundary={B}"
    )


def form(message: bytes) -> bytes:
    fields = [(b"to", b"help@211.test"), (b"email", message), (b"envelope", b'{"to":["help@211.test"]}')]
    parts = [b"--" + B.encode() + b'\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n"
             for name, value in fields]  # fmt: skip
    return b"".join(parts) + b"--" + B.encode() + b"--\r\n"


def stored(app: Flask) -> tuple[int, int, int]:
    with app.extensions["switchboard.db"].transaction() as session:
        count = [session.scalar(select(func.count(model.id))) for model in (Contact, Message, EmailHeaders)]
        return count[0] or 0, count[1] or 0, count[2] or 0


def test_a_message_with_the_shared_secret_becomes_a_queued_contact(hook_app) -> None:  # type: ignore[no-untyped-def]
    response = post(hook_app.test_client(), raw("plain"))

    assert response.status_code == 200 and response.get_json() == {"ok": True, "duplicate": False,
                                                                     "quarantined": False}  # fmt: skip
    with hook_app.extensions["switchboard.db"].transaction() as session:
        contact = session.scalars(select(Contact)).one()
        assert (contact.channel, contact.state, contact.from_raw) == ("email", "queued", "Amira.K@Example.net")
        assert contact.address is not None and contact.address.value == "amira.k@example.net"


def test_the_raw_bytes_arrive_as_sent_whatever_their_charset(hook_app) -> None:  # type: ignore[no-untyped-def]
    response = post(hook_app.test_client(), raw("latin1_french"), auth=("any-user-name", SECRET))
    assert response.status_code == 200
    with hook_app.extensions["switchboard.db"].transaction() as session:
        assert "hébergement d'urgence à Montréal" in session.scalars(select(Message.body)).one()


@pytest.mark.parametrize(
    ("auth", "status", "error"),
    [(None, 401, "unauthorized"), (("sendgrid", "not-the-secret"), 403, "forbidden"), (("sendgrid", ""), 401,
                                                                                          "unauthorized")],
)  # fmt: skip
def test_a_forged_or_unsigned_request_stores_nothing(hook_app, auth, status, error) -> None:  # type: ignore[no-untyped-def]
    response = post(hook_app.test_client(), raw("plain"), auth=auth)

    assert response.status_code == status and response.get_json()["error"] == error
    assert "secret" in response.get_json()["message"]
    assert stored(hook_app) == (0, 0, 0)


def test_a_bearer_token_is_the_secret_too(hook_app) -> None:  # type: ignore[no-untyped-def]
    client = hook_app.test_client()
    response = client.post("/email/inbound", data=form(raw("plain")), headers={"Authorization": f"Bearer {SECRET}"},
                           content_type=f"multipart/form-data; boundary={B}")  # fmt: skip
    assert response.status_code == 200 and stored(hook_app)[0] == 1


def test_without_a_configured_secret_inbound_email_is_off(config: Config) -> None:
    app = create_app(config)  # EMAIL_INBOUND_SECRET unset: the embedded default
    response = app.test_client().post("/email/inbound", data={"email": "x"}, auth=("sendgrid", ""))
    assert response.status_code == 503 and "EMAIL_INBOUND_SECRET" in response.get_json()["message"]
    app.extensions["switchboard.db"].engine.dispose()


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b'{"email": "x"}', "application/json", "Expected multipart/form-data"),
        (b'--XyZ\r\nContent-Disposition: form-data; name="to"\r\n\r\nx\r\n--XyZ--\r\n',
         "multipart/form-data; boundary=XyZ", "The field 'email' is missing or empty"),
        (b"garbage without any boundary", "multipart/form-data; boundary=XyZ", "The field 'email' is missing"),
    ],
)  # fmt: skip
def test_a_malformed_body_is_a_400_that_says_what_to_send(hook_app, body, content_type, said) -> None:  # type: ignore[no-untyped-def]
    response = hook_app.test_client().post("/email/inbound", data=body, content_type=content_type,
                                           auth=("sendgrid", SECRET))  # fmt: skip
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request" and said in response.get_json()["message"]
    assert "raw MIME message in the field 'email'" in response.get_json()["message"]
    assert stored(hook_app) == (0, 0, 0)


def test_a_huge_request_is_refused_with_the_limit(hook_app) -> None:  # type: ignore[no-untyped-def]
    huge = written("big@example.com", "Scans", "x" * (MAX_BYTES + 2 * 1024 * 1024), "<huge@example.com>")
    response = post(hook_app.test_client(), huge)
    assert response.status_code == 413
    assert response.get_json()["message"] == f"This request is over the limit for a message of {MAX_BYTES} bytes."
    assert stored(hook_app) == (0, 0, 0)


def test_a_message_over_the_limit_is_quarantined_and_its_contact_exists(hook_app) -> None:  # type: ignore[no-untyped-def]
    big = written("big@example.com", "Scans", "x" * (MAX_BYTES + 1), "<big@example.com>")
    response = post(hook_app.test_client(), big)

    assert response.status_code == 200 and response.get_json()["quarantined"] is True
    with hook_app.extensions["switchboard.db"].transaction() as session:
        contact = session.scalars(select(Contact)).one()
        headers = session.scalars(select(EmailHeaders)).one()
        assert contact.state == "queued" and contact.preview.startswith(
            "Subject: Scans\n\n[Quarantined: the message is"
        )
        assert headers.quarantine is not None and f"over the limit of {MAX_BYTES} bytes" in headers.quarantine


def test_a_replay_stores_nothing_twice(hook_app) -> None:  # type: ignore[no-untyped-def]
    client = hook_app.test_client()
    assert post(client, raw("plain")).get_json()["duplicate"] is False
    assert post(client, raw("plain")).get_json()["duplicate"] is True
    assert stored(hook_app) == (1, 1, 1)


def test_a_reply_from_another_address_threads_into_the_open_contact(hook_app) -> None:  # type: ignore[no-untyped-def]
    client = hook_app.test_client()
    post(client, raw("plain"))
    answer = written("amira@work.example", "Re: Need help finding a food bank", "From my work address: thanks!",
                     "<work-1@work.example>", In_Reply_To="<plain-1@example.net>")  # fmt: skip
    post(client, answer)

    with hook_app.extensions["switchboard.db"].transaction() as session:
        contact = session.scalars(select(Contact)).one()
        assert [m.body.splitlines()[-1] for m in session.scalars(select(Message).order_by(Message.id))] == [
            "Amira", "From my work address: thanks!"]  # fmt: skip
        assert contact.preview.endswith("From my work address: thanks!")


def test_a_new_message_with_no_thread_after_a_closed_contact_opens_a_new_one(hook_app) -> None:  # type: ignore[no-untyped-def]
    client = hook_app.test_client()
    post(client, raw("plain"))
    with hook_app.extensions["switchboard.db"].transaction() as session:
        session.scalars(select(Contact)).one().state = "closed"
    post(client, written("amira.k@example.net", "Another question", "About taxes now.", "<plain-9@example.net>"))
    with hook_app.extensions["switchboard.db"].transaction() as session:
        assert sorted(c.state for c in session.scalars(select(Contact))) == ["closed", "queued"]
