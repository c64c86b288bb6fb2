"""The navigator's in-call controls and browser phone, against the running server: hold, add a
colleague, a program or an interpreter, hang up (each on the contact's conference through the
real twilio client and the fake Twilio REST server), and the Voice SDK token."""

from __future__ import annotations

import jwt
import requests

from tests.support.caller import Caller
from tests.support.twilio_signing import ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, OUR_NUMBER, TWIML_APP_SID


def decoded(token: str) -> dict:
    """The token's claims, its signature checked with the API key's secret, as Twilio would."""
    return jwt.decode(token, API_KEY_SECRET, algorithms=["HS256"])


def claimed_call(live, navigator) -> tuple[Caller, int]:  # type: ignore[no-untyped-def]
    navigator.wait_for("queue_snapshot")
    caller = Caller(live.base_url)
    caller.dial()
    caller.press("1")
    caller.wait()
    contact_id = navigator.wait_for("contact_queued", timeout=5)["contact_id"]
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    return caller, contact_id


def test_hold_add_and_hang_up_act_on_the_contacts_conference(live, connect_navigator, fake_twilio):  # type: ignore[no-untyped-def]
    amira, ben = connect_navigator(name="Amira"), connect_navigator(name="Ben")
    ben_id = ben.wait_for("console_identity")["me"]["id"]
    caller, contact_id = claimed_call(live, amira)
    fake_twilio.reset()

    assert amira.call("call_hold", contact_id=contact_id, hold=True) == {"ok": True, "held": True}
    lookups = fake_twilio.posted_to("/Conferences.json")
    assert lookups and all(f"FriendlyName=contact-{contact_id}" in r.path for r in lookups)
    held = fake_twilio.posted_to(f"/Participants/{caller.sid}.json")
    assert [r.form["Hold"] for r in held] == ["true"]

    for target in (f"colleague:{ben_id}", "interpreter:es"):
        assert amira.call("call_add", contact_id=contact_id, target=target)["ok"]
    added = fake_twilio.posted_to("/Participants.json")
    assert [(r.form["To"], r.form["From"], r.form["EndConferenceOnExit"]) for r in added] == [
        (f"client:staff-{ben_id}", OUR_NUMBER, "false"), ("+14165550199", OUR_NUMBER, "false")
    ]  # fmt: skip

    assert amira.call("call_end", contact_id=contact_id) == {"ok": True}
    ended = [
        r for r in fake_twilio.posted_to("/Conferences/CF") if r.path.endswith(".json") and "Participants" not in r.path
    ]
    assert [r.form["Status"] for r in ended] == ["completed"]


def test_only_the_navigator_holding_the_call_controls_it(live, connect_navigator, fake_twilio):  # type: ignore[no-untyped-def]
    amira, ben = connect_navigator(name="Amira"), connect_navigator(name="Ben")
    ben.wait_for("queue_snapshot")
    _, contact_id = claimed_call(live, amira)
    fake_twilio.reset()

    for command, extra in (("call_hold", {"hold": True}), ("call_end", {}), ("call_add", {"target": "interpreter:es"})):
        refused = ben.call(command, contact_id=contact_id, **extra)
        assert (refused["ok"], refused["error"]) == (False, "not_found"), command
    unknown = amira.call("call_add", contact_id=contact_id, target="directory:99")
    assert (unknown["ok"], unknown["error"]) == (False, "invalid_request")
    assert fake_twilio.requests == []  # nothing reached Twilio


def test_the_voice_token_is_for_the_signed_in_navigator_only(live, connect_navigator):  # type: ignore[no-untyped-def]
    assert requests.get(f"{live.base_url}/api/voice/token", timeout=10).status_code == 401
    amira = connect_navigator()
    me = amira.wait_for("console_identity")["me"]

    answer = amira.http.get(f"{live.base_url}/api/voice/token", timeout=10).json()
    claims = decoded(answer["token"])
    assert answer["identity"] == claims["grants"]["identity"] == f"staff-{me['id']}"
    assert claims["iss"] == API_KEY_SID
    assert claims["grants"]["voice"]["outgoing"]["application_sid"] == TWIML_APP_SID
    assert (claims["sub"], claims["exp"] - claims["nbf"]) == (ACCOUNT_SID, 3600)
    asked_for_another = amira.http.get(f"{live.base_url}/api/voice/token?identity=staff-1", timeout=10).json()
    assert (
        jwt.decode(asked_for_another["token"], options={"verify_signature": False})["grants"]["identity"]
        == f"staff-{me['id']}"
    )
