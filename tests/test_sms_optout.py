"""A resident who texts STOP (or ARRET, or whom Twilio's Advanced Opt-Out reports as opted out)
is never texted again until they text START, and the navigator who tries to reply is told why
instead of the reply silently vanishing. Real PostgreSQL; the last test goes through gunicorn,
the workers and the real twilio client against the fake Twilio server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from app import staff as staff_service
from app.domain import Direction
from app.errors import OptedOut
from app.models import Address, Message, OutboxItem
from app.services import conversations, queue
from tests.support.twilio_signing import signed_headers, sms_params
from tests.support.waiting import eventually

SMS = "/twilio/sms"
RESIDENT = "+15145550100"  # the number in the shared example payloads
EXAMPLES = json.loads(Path("/work/shared/data/twilio/example_payloads.json").read_text())


def _sid(n: int) -> str:
    return f"SM{n:032x}"


def _text(client, params):  # type: ignore[no-untyped-def]
    response = client.post(SMS, data=params, headers=signed_headers(SMS, params))
    assert response.status_code == 200, response.data
    return response


def _advanced_opt_out(body: str | None = None) -> dict[str, str]:
    """Twilio's Advanced Opt-Out webhook (OptOutType=STOP), re-signed for our own path."""
    params = dict(EXAMPLES["sms_inbound_stop_advanced_optout"]["params"])
    if body is not None:  # a custom opt-out keyword configured in the Messaging Service
        params["Body"] = body
    return params


STOPS = {
    "STOP": lambda: sms_params(_sid(2), RESIDENT, "STOP"),
    "ARRET": lambda: sms_params(_sid(2), RESIDENT, "ARRET"),
    "advanced_opt_out": lambda: _advanced_opt_out(),
    "advanced_opt_out_custom_keyword": lambda: _advanced_opt_out("DESABONNEMENT"),
}


@pytest.fixture
def claimed(app, db, make_staff):  # type: ignore[no-untyped-def]
    """The resident's open contact, claimed by a navigator; returns (contact id, their email)."""
    _text(app.test_client(), sms_params(_sid(1), RESIDENT, "J'ai besoin d'aide pour le loyer"))
    email = make_staff("navigator", "Amira")
    with db.transaction() as session:
        [contact_id] = [c.id for c in queue.open_contacts(session)]
        queue.claim(session, staff_service.find_by_email(session, email), contact_id)
    return contact_id, email


def _reply(db, email: str, contact_id: int, body: str) -> Message:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return conversations.reply(session, staff_service.find_by_email(session, email), contact_id, body)


def _outgoing(db) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Bodies of outbound messages, and the number of outbox rows."""
    with db.transaction() as session:
        bodies = session.scalars(select(Message.body).where(Message.direction == Direction.OUTBOUND)).all()
        return list(bodies), session.scalar(select(func.count()).select_from(OutboxItem))


def _opted_out(db) -> bool:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(Address).where(Address.value == RESIDENT)).one().opted_out_at is not None


def _delivered_to_twilio(db, fake_twilio) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Wait for the workers (started by `live`) to finish every outbox row; (To, Body) sent."""

    def settled() -> bool:
        with db.transaction() as session:
            return not session.scalar(select(func.count()).where(OutboxItem.status.in_(("pending", "sending"))))

    eventually(settled)
    return [(m.form["To"], m.form["Body"]) for m in fake_twilio.messages()]


@pytest.mark.parametrize("stop", STOPS.values(), ids=STOPS.keys())
def test_after_an_opt_out_a_reply_is_refused_with_the_reason_and_nothing_is_queued(app, db, claimed, stop):  # type: ignore[no-untyped-def]
    contact_id, email = claimed
    _text(app.test_client(), stop())
    assert _opted_out(db)

    with pytest.raises(OptedOut) as refused:
        _reply(db, email, contact_id, "Voici le numéro du programme d'aide au loyer.")

    assert "STOP" in refused.value.message and "START" in refused.value.message
    assert _outgoing(db) == ([], 0)


def test_start_after_stop_allows_replies_again(app, db, claimed, live, fake_twilio):  # type: ignore[no-untyped-def]
    contact_id, email = claimed
    client = app.test_client()
    _text(client, sms_params(_sid(2), RESIDENT, "STOP"))
    with pytest.raises(OptedOut):
        _reply(db, email, contact_id, "Refused while opted out")

    _text(client, sms_params(_sid(3), RESIDENT, "START"))
    assert not _opted_out(db)
    _reply(db, email, contact_id, "Bon retour! Voici le numéro.")

    assert _delivered_to_twilio(db, fake_twilio) == [(RESIDENT, "Bon retour! Voici le numéro.")]
    assert _outgoing(db) == (["Bon retour! Voici le numéro."], 1)


def test_a_sentence_that_mentions_stop_is_not_an_opt_out(app, db, claimed, live, fake_twilio):  # type: ignore[no-untyped-def]
    contact_id, email = claimed
    _text(app.test_client(), sms_params(_sid(2), RESIDENT, "Please don't stop helping me"))

    assert not _opted_out(db)
    _reply(db, email, contact_id, "We won't. Here is the shelter's number.")
    assert _delivered_to_twilio(db, fake_twilio) == [(RESIDENT, "We won't. Here is the shelter's number.")]


def test_the_console_shows_the_navigator_why_an_opted_out_resident_cannot_be_texted(  # type: ignore[no-untyped-def]
    live, connect_navigator, fake_twilio, db
):
    amira = connect_navigator(name="Amira")
    amira.wait_for("queue_snapshot")

    def text(params: dict[str, str]) -> None:
        response = requests.post(live.base_url + SMS, data=params, headers=signed_headers(SMS, params), timeout=10)
        assert response.status_code == 200

    text(sms_params(_sid(1), RESIDENT, "J'ai besoin d'aide pour le loyer"))
    contact_id = amira.wait_for("contact_queued", timeout=5)["contact_id"]
    assert amira.call("claim", contact_id=contact_id)["ok"]
    text(sms_params(_sid(2), RESIDENT, "ARRET"))

    refused = amira.call("reply", contact_id=contact_id, body="Avez-vous trouvé un logement?")

    assert refused["ok"] is False
    assert refused["error"] == "opted_out"
    assert "STOP" in refused["message"] and "START" in refused["message"]

    # Once they text START again, the next reply is the only one Twilio ever receives.
    text(sms_params(_sid(3), RESIDENT, "START"))
    accepted = amira.call("reply", contact_id=contact_id, body="Bon retour!")
    assert accepted["ok"], accepted
    assert _delivered_to_twilio(db, fake_twilio) == [(RESIDENT, "Bon retour!")]
    assert _outgoing(db) == (["Bon retour!"], 1)
