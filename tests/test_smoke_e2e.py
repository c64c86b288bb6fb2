"""A resident's text reaches a navigator's console, who claims it and replies; the reply leaves
through the real twilio client and its delivery status comes back."""

from __future__ import annotations

import requests

from tests.support.twilio_signing import OUR_NUMBER, signed_headers, sms_params, status_params
from tests.support.waiting import eventually


def test_text_to_claim_to_reply_to_delivery(live, connect_navigator, fake_twilio):  # type: ignore[no-untyped-def]
    amira = connect_navigator(name="Amira")
    amira.wait_for("queue_snapshot")

    params = sms_params("SM" + "a1" * 16, "+1 (514) 555-0100", "J'ai besoin d'aide pour le loyer")
    response = requests.post(f"{live.base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params))
    assert response.status_code == 200
    assert response.text.endswith("<Response/>")

    queued = amira.wait_for("contact_queued", timeout=5)
    contact_id = queued["contact_id"]
    assert queued["contact"]["preview"] == "J'ai besoin d'aide pour le loyer"
    assert queued["contact"]["from_display"] == "+1 514-555-0100"

    claim = amira.call("claim", contact_id=contact_id)
    assert claim["ok"], claim
    assert [m["body"] for m in claim["messages"]] == ["J'ai besoin d'aide pour le loyer"]

    reply = amira.call("reply", contact_id=contact_id, body="Bonjour! Voici le numéro du programme.")
    assert reply["ok"], reply
    sent = eventually(fake_twilio.messages)
    assert sent[0].form["To"] == "+15145550100"
    assert sent[0].form["From"] == OUR_NUMBER
    assert sent[0].form["Body"] == "Bonjour! Voici le numéro du programme."

    message_id = reply["message"]["id"]
    queued_status = amira.wait_for("message_status", lambda d: d["message"]["id"] == message_id)
    assert queued_status["message"]["status"] == "queued"

    callback_url = sent[0].form["StatusCallback"]
    path = callback_url.removeprefix("https://211.example.org")
    provider_sid = sent[0].sid
    delivered = status_params(provider_sid, "delivered", "+15145550100")
    response = requests.post(live.base_url + path, data=delivered, headers=signed_headers(path, delivered))
    assert response.status_code == 200
    amira.wait_for("message_status", lambda d: d["message"]["status"] == "delivered")

    # A late "sent" must not move the status backwards.
    late = status_params(provider_sid, "sent", "+15145550100")
    requests.post(live.base_url + path, data=late, headers=signed_headers(path, late))
    thread = amira.http.get(f"{live.base_url}/api/contacts/{contact_id}").json()
    assert thread["messages"][-1]["status"] == "delivered"
