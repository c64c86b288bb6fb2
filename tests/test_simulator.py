"""The resident simulator's server side: off, none of it can be reached; on, its texts and calls
reach Switchboard through the real, signature-checked webhooks, and its fake of Twilio's REST API
answers as Twilio does (Basic auth, 201 and JSON, 404 for a caller who is gone) and puts what it
receives on the simulated phones."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import select

from app import create_app
from app.calls.models import VoiceCall
from app.domain import ContactState
from app.models import Contact
from config import Config
from config_simulator import ACCOUNT_SID, AUTH_TOKEN, LINE
from tests.support.waiting import eventually

API = f"/2010-04-01/Accounts/{ACCOUNT_SID}"
TOKEN = "simulator-test-csrf-token"


@pytest.fixture
def simulator(settings: dict[str, str], database_url: str) -> Iterator[Any]:
    """An in-process app as `make run` configures it (no Twilio account, the simulator on), on the
    test database; its test client carries a CSRF token."""
    env = {name: value for name, value in settings.items() if not name.startswith("TWILIO_")}
    config = Config.from_env({**env, "SIMULATOR_ENABLED": "true", "REDIS_URL": ""})
    app = create_app(config)
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf_token"] = TOKEN
    client.db = app.extensions["switchboard.db"]  # type: ignore[attr-defined]
    yield client


def act(client: Any, path: str, **fields: str) -> Any:
    response = client.post(path, data={**fields, "csrf_token": TOKEN})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def basic(sid: str = ACCOUNT_SID, token: str = AUTH_TOKEN) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode()}


def test_without_SIMULATOR_ENABLED_nothing_of_the_simulator_can_be_reached(live) -> None:  # type: ignore[no-untyped-def]
    visitor = requests.Session()  # keeps the session cookie that holds its CSRF token
    for path in ("/simulator", "/simulator/phones", f"{API}/Conferences.json"):
        assert visitor.get(live.base_url + path, timeout=10).status_code == 404, path
    page = visitor.get(f"{live.base_url}/login", timeout=10).text
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    for path in ("/simulator/texts", "/simulator/calls", "/simulator/tick"):
        fields = {"csrf_token": csrf, "number": "+14165550123", "body": "hi"}
        response = visitor.post(live.base_url + path, data=fields, timeout=10)
        assert response.status_code == 404, path


def test_a_simulated_text_is_a_signed_webhook_that_queues_a_contact(simulator) -> None:  # type: ignore[no-untyped-def]
    answer = act(simulator, "/simulator/texts", number="+1 416 555 0123", body="I need a food bank")
    assert answer["number"] == "+14165550123"
    (phone,) = answer["phones"]
    assert [(t["mine"], t["body"], t["status"]) for t in phone["texts"]] == [(True, "I need a food bank", "received")]
    with simulator.db.transaction() as session:
        contact = session.scalars(select(Contact)).one()
        assert (contact.channel, contact.state, contact.preview) == ("sms", ContactState.QUEUED, "I need a food bank")


def test_a_simulated_caller_who_hangs_up_while_waiting_is_an_abandonment(simulator) -> None:  # type: ignore[no-untyped-def]
    call = act(simulator, "/simulator/calls", number="+15145550100")["phones"][0]["calls"][0]
    assert call["stage"] == "menu" and call["keys"] is True
    call = act(simulator, f"/simulator/calls/{call['sid']}/keys", digits="2")["phones"][0]["calls"][0]
    assert call["stage"] == "queue"
    assert "Vous êtes le numéro 1 dans la file d'attente." in [h["text"] for h in call["heard"]]
    call = act(simulator, f"/simulator/calls/{call['sid']}/hangup")["phones"][0]["calls"][0]
    assert call["stage"] == "ended"
    with simulator.db.transaction() as session:
        contact = session.scalars(select(Contact)).one()
        voice_call = session.scalars(select(VoiceCall)).one()
        assert (contact.state, contact.outcome, contact.language) == (ContactState.CLOSED, "abandoned_in_queue", "fr")
        assert (voice_call.queue_result, voice_call.status) == ("hangup", "completed")


def test_a_caller_asks_to_be_called_back_and_keeps_their_place(simulator) -> None:  # type: ignore[no-untyped-def]
    sid = act(simulator, "/simulator/calls", number="+15145550100")["phones"][0]["calls"][0]["sid"]
    act(simulator, f"/simulator/calls/{sid}/silence")  # no key: English by default
    call = act(simulator, f"/simulator/calls/{sid}/keys", digits="1")["phones"][0]["calls"][0]  # the callback key
    assert "Thank you. A navigator will call you back at this number. Goodbye." in [h["text"] for h in call["heard"]]
    assert call["stage"] == "ended"
    with simulator.db.transaction() as session:
        assert session.scalars(select(Contact)).one().preview == "Callback requested"


def test_the_fake_REST_API_delivers_a_message_to_the_phone_and_reports_it_delivered(simulator) -> None:  # type: ignore[no-untyped-def]
    form = {"To": "+14165550123", "From": LINE, "Body": "Here is the number.",
            "StatusCallback": "https://211.example.org/twilio/sms/status?m=1"}  # fmt: skip
    response = simulator.post(f"{API}/Messages.json", data=form, headers=basic())
    assert response.status_code == 201
    message = response.get_json()
    assert message["sid"].startswith("SM") and message["status"] == "queued" and message["to"] == "+14165550123"

    def delivered() -> bool:
        texts = simulator.get("/simulator/phones").get_json()["phones"][0]["texts"]
        return texts == [{**texts[0], "mine": False, "body": "Here is the number.", "status": "delivered"}]

    eventually(delivered)


def test_the_fake_REST_API_refuses_as_Twilio_does(simulator) -> None:  # type: ignore[no-untyped-def]
    wrong = simulator.post(f"{API}/Messages.json", data={"To": "+1", "Body": "x"}, headers=basic(token="nope"))
    assert wrong.status_code == 401 and wrong.get_json()["code"] == 20003
    other = simulator.post(f"/2010-04-01/Accounts/AC{'0' * 32}/Messages.json", data={}, headers=basic())
    assert other.status_code == 404
    gone = simulator.post(f"{API}/Queues/QU1/Members/CA{'1' * 32}.json", data={"Url": "x"}, headers=basic())
    assert gone.status_code == 404 and gone.get_json()["code"] == 20404  # the claim hears: the caller is gone
    none = simulator.get(f"{API}/Conferences.json?FriendlyName=contact-1&Status=in-progress", headers=basic())
    assert none.get_json()["conferences"] == []


def test_a_callback_rings_the_phone_and_answering_it_fetches_its_url(simulator) -> None:  # type: ignore[no-untyped-def]
    form = {"To": "+15145550100", "From": LINE, "Url": "https://211.example.org/twilio/voice/survey-ask"}
    created = simulator.post(f"{API}/Calls.json", data=form, headers=basic())
    assert created.status_code == 201
    call = simulator.get("/simulator/phones").get_json()["phones"][0]["calls"][0]
    assert (call["sid"], call["stage"], call["inbound"]) == (created.get_json()["sid"], "ringing", False)
    answered = act(simulator, f"/simulator/calls/{call['sid']}/answer")["phones"][0]["calls"][0]
    # Not a call Switchboard answered: it hears the apology a signed webhook for an unknown call gets.
    assert any("our phone line cannot take your call right now" in heard["text"] for heard in answered["heard"])
    assert answered["stage"] == "ended"


def test_bad_input_is_refused_clearly(simulator) -> None:  # type: ignore[no-untyped-def]
    for path, fields in [
        ("/simulator/texts", {"number": "+14165550123", "body": "nul\x00byte"}),
        ("/simulator/texts", {"number": "+14165550123", "body": "x" * 1601}),
        ("/simulator/calls", {"number": ""}),
        ("/simulator/calls/CAnope/keys", {"digits": "1"}),
    ]:
        response = simulator.post(path, data={**fields, "csrf_token": TOKEN})
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_request", path
    sid = act(simulator, "/simulator/calls", number="+15145550100")["phones"][0]["calls"][0]["sid"]
    not_keys = simulator.post(f"/simulator/calls/{sid}/keys", data={"digits": "<b>", "csrf_token": TOKEN})
    assert not_keys.status_code == 400
    assert simulator.post("/simulator/texts", data={"number": "1", "body": "no token"}).status_code == 403


def test_the_simulator_page_is_in_english_whatever_the_browser_asks(simulator) -> None:  # type: ignore[no-untyped-def]
    page = simulator.get("/simulator", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).text
    assert '<html lang="en">' in page and "Skip to main content" in page  # its words are English: so is its frame
