"""The resident simulator's email and web chat: a simulated email is posted to /email/inbound as a
mail provider posts it and queues a contact; an automatic reply is turned away as spam and never
answered; a navigator's reply leaves through the outbox and the email adapter and lands in the
simulated inbox; the page frames the real /chat page."""

from __future__ import annotations

from sqlalchemy import select

from app import staff as staff_service
from app.models import Contact
from app.services import conversations, queue
from tests import test_simulator
from tests.support.waiting import eventually
from tests.test_simulator import act

simulator = test_simulator.simulator  # the fixture: an app as `make run` configures it


def _inbox(client, address: str) -> list[dict]:  # type: ignore[no-untyped-def]
    inboxes = client.get("/simulator/phones").get_json()["inboxes"]
    return next((box["mails"] for box in inboxes if box["address"] == address), [])


def _contact(client) -> Contact:  # type: ignore[no-untyped-def]
    with client.db.transaction() as session:
        return session.scalars(select(Contact)).one()


def test_a_simulated_email_reaches_the_queue(simulator) -> None:  # type: ignore[no-untyped-def]
    answer = act(simulator, "/simulator/emails", address="Amira@Example.org", subject="Rent\nhelp", body="Help?")
    assert [(m["mine"], m["subject"], m["status"]) for m in answer["inboxes"][0]["mails"]] == [
        (True, "Rent help", "received")
    ]
    contact = _contact(simulator)
    assert (contact.channel, contact.state) == ("email", "queued")
    assert contact.preview.startswith("Subject: Rent help")


def test_an_automatic_reply_is_tagged_as_spam_and_never_answered(simulator) -> None:  # type: ignore[no-untyped-def]
    act(simulator, "/simulator/emails", address="away@example.org", subject="Out of office", body="Back Monday.",
        automatic="true")  # fmt: skip
    contact = _contact(simulator)
    assert (contact.state, contact.outcome) == ("closed", "spam")
    assert any(reason["rule"] == "automated_mail" for reason in contact.spam_reasons)
    assert [mail["mine"] for mail in _inbox(simulator, "away@example.org")] == [True]


def test_a_navigators_reply_lands_in_the_simulated_inbox(simulator, make_staff) -> None:  # type: ignore[no-untyped-def]
    act(simulator, "/simulator/emails", address="amira@example.org", subject="Rent help", body="Help?")
    email, contact_id = make_staff("navigator"), _contact(simulator).id
    with simulator.db.transaction() as session:
        navigator = staff_service.find_by_email(session, email)
        queue.claim(session, navigator, contact_id)
        conversations.reply(session, navigator, contact_id, "Here is the tenant line.")
    eventually(lambda: len(_inbox(simulator, "amira@example.org")) == 2)
    reply = _inbox(simulator, "amira@example.org")[1]
    assert (reply["mine"], reply["subject"], reply["status"]) == (False, "Re: Rent help", "delivered")
    assert reply["body"].strip() == "Here is the tenant line."
    act(simulator, "/simulator/emails", address="amira@example.org", subject="Re: Rent help", body="Thanks!")
    assert _contact(simulator).id == contact_id  # the answer threads back into the same contact


def test_the_simulator_frames_the_real_chat_page(simulator) -> None:  # type: ignore[no-untyped-def]
    page = simulator.get("/simulator").get_data(as_text=True)
    assert 'src="/chat?lang=en"' in page
    framed = simulator.get("/chat?lang=en")
    assert "frame-ancestors 'self'" in framed.headers["Content-Security-Policy"]


def test_bad_email_input_is_refused_clearly(simulator) -> None:  # type: ignore[no-untyped-def]
    for fields in (
        {"address": "not an address", "subject": "s", "body": "b"},
        {"address": "a@example.org", "subject": "", "body": "b"},
        {"address": "a@example.org", "subject": "s", "body": "nul\x00"},
    ):
        response = simulator.post("/simulator/emails", data={**fields, "csrf_token": "simulator-test-csrf-token"})
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_request", fields
