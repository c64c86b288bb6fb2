"""Calls into the one queue, posted as Twilio would (signed) to the running server on PostgreSQL:
the bilingual answer, the language choice, waiting with a position, the claim that moves the
caller out of Twilio's queue into the contact's conference (on the fake Twilio REST server),
the survey and the status; abandonment, short abandons, menu hang-ups and callbacks."""

from __future__ import annotations

import dataclasses
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import select

from app import create_app
from app.models import Contact, ContactEvent, VoiceCall
from tests.conftest import PASSWORD
from tests.support.caller import QUEUE_SID, Caller, only, spoken
from tests.support.signin import post_login
from tests.support.twilio_signing import OUR_NUMBER, PUBLIC_URL, signed_headers
from tests.support.waiting import eventually


def contact_of(db, caller: Caller) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        call = session.scalars(select(VoiceCall).where(VoiceCall.call_sid == caller.sid)).one()
        return session.get(Contact, call.contact_id)


def call_row(db, caller: Caller) -> VoiceCall:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(VoiceCall).where(VoiceCall.call_sid == caller.sid)).one()


def reasons(db, contact_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        query = select(ContactEvent.reason).where(ContactEvent.contact_id == contact_id).order_by(ContactEvent.id)
        return list(session.scalars(query))


def queued_caller(live, language_key: str = "1", **who: str) -> Caller:  # type: ignore[no-untyped-def]
    caller = Caller(live.base_url, **who)
    caller.dial()
    caller.press(language_key)
    return caller


def test_a_call_is_greeted_in_both_languages_then_queued_in_the_language_chosen(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    caller = Caller(live.base_url)

    menu = caller.dial(StirVerstat="TN-Validation-Passed-A")
    gather = only(menu, "Gather")
    assert (gather.get("action"), gather.get("numDigits")) == ("/twilio/voice/language", "1")
    said = spoken(menu)
    assert {language for _, language in said} == {"en-CA", "fr-CA"}
    assert any("9-1-1" in text for text, language in said if language == "en-CA")
    assert any("9-1-1" in text for text, language in said if language == "fr-CA")
    assert only(menu, "Redirect").text == "/twilio/voice/language"  # no key: the default
    assert contact_of(db, caller).state == "menu"  # not in the queue yet: nobody sees it

    queue = caller.press("2")
    enqueue = only(queue, "Enqueue")
    assert (enqueue.text, enqueue.get("waitUrl"), enqueue.get("action")) == (
        "switchboard", "/twilio/voice/wait", "/twilio/voice/queue-result"
    )  # fmt: skip

    queued = amira.wait_for("contact_queued", timeout=5)["contact"]
    assert (queued["channel"], queued["language"], queued["from_display"]) == ("voice", "fr", "+1 514-555-0100")
    assert queued["preview"] == "Phone call from Montreal, QC"
    call = call_row(db, caller)
    where = (call.city, call.province, call.stir_verstat)
    assert (call.language_chosen, *where) == (True, "MONTREAL", "QC", "TN-Validation-Passed-A")


def test_no_key_in_the_menu_queues_in_english_recorded_as_a_default(live, db):  # type: ignore[no-untyped-def]
    caller = Caller(live.base_url)
    caller.dial()
    caller.press(None)
    assert (contact_of(db, caller).language, call_row(db, caller).language_chosen) == ("en", False)


def test_the_whole_call_from_ring_to_survey(live, db, connect_navigator, fake_twilio, make_staff):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    me = amira.wait_for("console_identity")["me"]
    caller = queued_caller(live)
    contact_id = amira.wait_for("contact_queued", timeout=5)["contact_id"]

    hold = caller.wait(position=1)
    said = " ".join(text for text, _ in spoken(hold))
    assert "You are number 1 in line" in said and "press 1" in said
    assert only(hold, "Gather").get("action") == "/twilio/voice/wait-key"

    claim = amira.call("claim", contact_id=contact_id)
    assert claim["ok"], claim
    moved = fake_twilio.posted_to(f"/Queues/{QUEUE_SID}/Members/{caller.sid}.json")
    assert [r.form["Url"] for r in moved] == [f"{PUBLIC_URL}/twilio/voice/bridge?c={contact_id}"]
    assert caller.queue_result("redirected") is not None  # a claimed caller comes back redirected
    assert contact_of(db, caller).state == "claimed"

    conference = only(caller.twiml("/twilio/voice/bridge", Digits=""), "Dial")
    assert conference.get("action") == f"/twilio/voice/survey-ask?c={contact_id}"
    room = only(conference, "Conference")
    assert (room.text, room.get("endConferenceOnExit")) == (f"contact-{contact_id}", "true")

    navigator = Caller(live.base_url, number=f"client:staff-{me['id']}", sid="CA" + "b" * 32)
    joined = navigator.twiml("/twilio/voice/navigator", ContactId=str(contact_id))
    assert only(joined, "Conference").text == f"contact-{contact_id}"
    stranger = Caller(live.base_url, number="client:staff-999999", sid="CA" + "c" * 32)
    assert not list(stranger.twiml("/twilio/voice/navigator", ContactId=str(contact_id)).iter("Conference"))

    survey = caller.twiml(f"/twilio/voice/survey-ask?c={contact_id}")
    assert "very satisfied" in spoken(survey)[0][0]
    assert only(survey, "Gather").get("action") == f"/twilio/voice/survey?c={contact_id}"
    assert "Thank you" in spoken(caller.twiml(f"/twilio/voice/survey?c={contact_id}", Digits="1"))[0][0]
    caller.status("completed", duration=131)
    assert amira.call("close", contact_id=contact_id, disposition="referral_given")["ok"]

    contact, call = contact_of(db, caller), call_row(db, caller)
    assert (contact.state, contact.satisfaction, contact.outcome) == ("closed", "very_satisfied", None)
    assert (call.status, call.duration_seconds, call.queue_result) == ("completed", 131, "redirected")
    assert reasons(db, contact_id) == ["answered", "queued", "claimed", "closed"]


def test_hanging_up_while_waiting_is_an_abandonment_with_its_wait(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    patient, hasty = queued_caller(live), queued_caller(live, number="+15145550101")
    patient.wait()

    patient.queue_result("hangup", queue_time=42)
    hasty.queue_result("hangup", queue_time=3)
    patient.status("completed", duration=50)

    closed = amira.wait_for("contact_closed", lambda d: d.get("reason") == "abandoned", timeout=5)["contact"]
    assert closed["state"] == "closed"
    first, second = contact_of(db, patient), contact_of(db, hasty)
    assert (first.outcome, first.wait_seconds, first.short_abandon) == ("abandoned_in_queue", 42, False)
    assert (second.outcome, second.wait_seconds, second.short_abandon) == ("abandoned_in_queue", 3, True)
    assert reasons(db, first.id) == ["answered", "queued", "abandoned"]


def test_hanging_up_in_the_menu_is_not_an_abandonment(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    caller = Caller(live.base_url)
    caller.dial()
    caller.status("completed", duration=4)

    contact = contact_of(db, caller)
    assert (contact.state, contact.outcome, contact.wait_seconds) == ("closed", "hung_up_in_menu", None)
    assert reasons(db, contact.id) == ["answered", "hung_up_in_menu"]
    assert not amira.received("contact_queued")


def test_a_french_caller_asks_for_a_callback_and_is_called_back(live, db, connect_navigator, fake_twilio):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    caller = queued_caller(live, "2")
    contact_id = amira.wait_for("contact_queued", timeout=5)["contact_id"]

    hold = caller.wait()
    assert {language for _, language in spoken(hold)} == {"fr-CA"}
    assert "Vous êtes le numéro 1" in spoken(hold)[0][0]
    assert list(caller.twiml("/twilio/voice/wait-key", Digits="1").iter("Leave"))
    goodbye = caller.queue_result("leave")
    assert spoken(goodbye) == [("Merci. Un intervenant vous rappellera à ce numéro. Au revoir.", "fr-CA")]
    assert list(goodbye.iter("Hangup"))
    caller.status("completed", duration=40)

    updated = amira.wait_for("contact_updated", timeout=5)["contact"]
    assert (updated["state"], updated["preview"]) == ("queued", "Callback requested")
    assert contact_of(db, caller).outcome is None  # a callback request is not an abandonment

    assert amira.call("claim", contact_id=contact_id)["ok"]
    placed = fake_twilio.posted_to("/Calls.json")
    assert [(r.form["To"], r.form["From"], r.form["Url"]) for r in placed] == [
        ("+15145550100", OUR_NUMBER, f"{PUBLIC_URL}/twilio/voice/bridge?c={contact_id}")
    ]
    called_back = dataclasses.replace(caller, sid="CA" + uuid.uuid4().hex)  # Twilio's new call: a CallSid of its own
    conference = only(called_back.twiml(f"/twilio/voice/bridge?c={contact_id}"), "Dial")
    assert conference.get("action") == f"/twilio/voice/survey-ask?c={contact_id}"
    survey = called_back.twiml(f"/twilio/voice/survey-ask?c={contact_id}")
    assert spoken(survey)[0][1] == "fr-CA" and "très satisfait" in spoken(survey)[0][0]
    assert only(survey, "Gather").get("action") == f"/twilio/voice/survey?c={contact_id}"
    called_back.twiml(f"/twilio/voice/survey?c={contact_id}", Digits="2")
    assert contact_of(db, caller).satisfaction == "satisfied"


def test_a_full_twilio_queue_offers_a_callback_rather_than_dropping_the_caller(live, db):  # type: ignore[no-untyped-def]
    caller = queued_caller(live)
    offer = caller.queue_result("queue-full")
    assert only(offer, "Gather").get("action") == "/twilio/voice/callback-offer"
    assert "called back" in spoken(offer)[0][0]
    confirmed = caller.twiml("/twilio/voice/callback-offer", Digits="1")
    assert "call you back" in spoken(confirmed)[0][0]
    assert (contact_of(db, caller).state, call_row(db, caller).queue_result) == ("queued", "queue-full")


def test_claiming_a_caller_who_just_hung_up_is_a_clear_error(live, db, connect_navigator, fake_twilio):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    caller = queued_caller(live)
    contact_id = amira.wait_for("contact_queued", timeout=5)["contact_id"]
    caller.wait()
    fake_twilio.fail_next(404, 20404, "The requested resource was not found")

    refused = amira.call("claim", contact_id=contact_id)
    assert (refused["ok"], refused["error"]) == (False, "caller_gone")
    assert "hung up" in refused["message"]
    caller.queue_result("hangup", queue_time=20)
    assert eventually(lambda: contact_of(db, caller).outcome == "abandoned_in_queue")


def test_repeated_and_late_callbacks_change_nothing(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    amira = connect_navigator()
    amira.wait_for("queue_snapshot")
    caller = Caller(live.base_url)
    caller.dial()
    caller.dial()  # Twilio retried the answer
    caller.press("1")
    caller.press("2")  # a retried language step: the first choice stands
    caller.queue_result("hangup", queue_time=30)
    caller.queue_result("hangup", queue_time=31)
    caller.status("completed", duration=45)
    caller.status("in-progress", duration=0)  # late, out of order

    contact, call = contact_of(db, caller), call_row(db, caller)
    assert (contact.language, contact.wait_seconds, call.status, call.duration_seconds) == ("en", 30, "completed", 45)
    assert reasons(db, contact.id) == ["answered", "queued", "abandoned"]
    with db.transaction() as session:
        assert session.scalars(select(VoiceCall.id)).all() == [call.id]


def test_a_forged_voice_webhook_changes_nothing(live, db):  # type: ignore[no-untyped-def]
    caller = Caller(live.base_url)
    params = caller.params("ringing")
    response = requests.post(live.base_url + "/twilio/voice", data=params, headers={"X-Twilio-Signature": "forged"})
    assert response.status_code == 403
    with db.transaction() as session:
        assert session.scalars(select(VoiceCall)).all() == []


def test_two_hundred_callers_at_once_get_places_one_to_two_hundred(live, db):  # type: ignore[no-untyped-def]
    callers = [Caller(live.base_url, number=f"+1514555{i:04d}") for i in range(200)]
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda c: (c.dial(), c.press("1")), callers))
        holds = list(pool.map(lambda c: c.wait(), callers))
    places = sorted(int(spoken(hold)[0][0].split("number ")[1].split(" ")[0]) for hold in holds)
    assert places == list(range(1, 201))
    with db.transaction() as session:
        assert len(session.scalars(select(Contact.id).where(Contact.channel == "voice")).all()) == 200


def test_with_voice_not_configured_a_caller_hears_an_apology_and_is_recorded(config, db, make_staff):  # type: ignore[no-untyped-def]
    unconfigured = create_app(dataclasses.replace(config, TWILIO_ACCOUNT_SID="", TWILIO_API_KEY_SID=""))
    try:
        client, caller = unconfigured.test_client(), Caller("")
        params = caller.params("ringing")
        answer = client.post("/twilio/voice", data=params, headers=signed_headers("/twilio/voice", params))
        root = ET.fromstring(answer.data)
        assert {language for _, language in spoken(root)} == {"en-CA", "fr-CA"} and list(root.iter("Hangup"))
        contact = contact_of(db, caller)
        assert (contact.state, contact.outcome) == ("closed", "voice_unavailable")

        email = make_staff()
        assert post_login(client, email, PASSWORD).status_code == 302
        token = client.get("/api/voice/token")
        assert token.status_code == 503
        assert "TWILIO_ACCOUNT_SID" in token.get_json()["message"]  # what the console shows
        assert client.get("/readyz").get_json()["checks"]["voice"] == "fail"
    finally:
        unconfigured.extensions["switchboard.db"].engine.dispose()
