"""What supervisors and admins set for the phone line, against the running server: the
announcement callers hear (console and CLI; each call records the one it heard), the Twilio
queue sized for a surge, and a navigator's desk phone and languages (CLI, shown in the console,
rung into the call at the claim)."""

from __future__ import annotations

from sqlalchemy import select

from app.calls import announcements
from app.models import VoiceCall
from tests.conftest import PASSWORD
from tests.support.caller import Caller, only, spoken
from tests.support.console_client import Navigator
from tests.support.twilio_signing import PUBLIC_URL
from tests.test_cli_and_embedded import flask_cli

FLOOD = {
    "en": "Because of flooding in Ottawa, wait times are longer today.",
    "fr": "En raison des inondations à Ottawa, l'attente est plus longue aujourd'hui.",
}


def heard(live, caller: Caller) -> list[str]:  # type: ignore[no-untyped-def]
    return [text for text, _ in spoken(caller.dial())]


def announcement_of(db, caller: Caller) -> int | None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalars(select(VoiceCall.announcement_id).where(VoiceCall.call_sid == caller.sid)).one()


def test_a_supervisor_sets_the_announcement_and_the_next_call_hears_it(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    lead, navigator = connect_navigator("supervisor"), connect_navigator()
    assert lead.wait_for("queue_snapshot")["announcement"] is None
    refused = navigator.call("announcement_set", **FLOOD)
    assert (refused["ok"], refused["error"]) == (False, "forbidden")
    incomplete = lead.call("announcement_set", en=FLOOD["en"], fr=" ")
    assert (incomplete["ok"], incomplete["error"]) == (False, "invalid_request")

    assert lead.call("announcement_set", **FLOOD)["ok"]
    shown = navigator.wait_for("announcement_changed", timeout=5)["announcement"]
    assert (shown["en"], shown["fr"]) == (FLOOD["en"], FLOOD["fr"])
    during = Caller(live.base_url)
    said = spoken(during.dial())
    texts = [text for text, _ in said]
    assert texts.index(FLOOD["en"]) > 0 and (FLOOD["fr"], "fr-CA") in said  # after the welcome
    assert texts.index(FLOOD["fr"]) < next(i for i, t in enumerate(texts) if "press 1" in t)  # before the menu

    assert lead.call("announcement_clear")["ok"]
    assert navigator.wait_for("announcement_changed", lambda d: d["announcement"] is None, timeout=5) is not None
    after = Caller(live.base_url, number="+15145550101")
    assert FLOOD["en"] not in heard(live, after)
    with db.transaction() as session:
        assert announcements.current(session) is None
    assert announcement_of(db, during) is not None and announcement_of(db, after) is None
    assert connect_navigator().wait_for("queue_snapshot")["announcement"] is None


def test_the_cli_sets_and_clears_the_announcement(live, db, settings):  # type: ignore[no-untyped-def]
    done = flask_cli(settings, "voice", "announce", "--en", FLOOD["en"], "--fr", FLOOD["fr"])
    assert (done.returncode, done.stdout.strip()) == (0, "announcement set"), done.stderr
    assert FLOOD["fr"] in heard(live, Caller(live.base_url))
    refused = flask_cli(settings, "voice", "announce", "--en", "English only")
    assert refused.returncode != 0 and "French" in refused.stderr
    assert flask_cli(settings, "voice", "announce", "--clear").returncode == 0
    assert FLOOD["fr"] not in heard(live, Caller(live.base_url, number="+15145550102"))


def test_the_queue_is_made_to_hold_two_thousand_callers(settings, fake_twilio):  # type: ignore[no-untyped-def]
    done = flask_cli(settings, "voice", "setup-queue")
    assert done.returncode == 0, done.stderr
    assert "holds 2000 callers" in done.stdout
    looked = [r.path for r in fake_twilio.requests if r.method == "GET"]
    assert any("/Queues.json" in path for path in looked)  # looked for it first
    created = [r.form for r in fake_twilio.posted_to("/Queues.json") if r.method == "POST"]
    assert [(form["FriendlyName"], form["MaxSize"]) for form in created] == [("switchboard", "2000")]


def test_a_navigator_with_a_desk_phone_is_rung_into_the_call(live, settings, make_staff, fake_twilio):  # type: ignore[no-untyped-def]
    email = make_staff()
    garbage = flask_cli(settings, "voice", "phone", email, "--desk", "call me maybe")
    assert garbage.returncode != 0 and "not a phone number" in garbage.stderr
    done = flask_cli(settings, "voice", "phone", email, "--desk", "(416) 555-0123", "--languages", "en,fr")
    assert done.returncode == 0, done.stderr
    assert "+14165550123 phone, speaks en,fr" in done.stdout
    amira = Navigator(live.base_url, email, PASSWORD).connect()
    me = amira.wait_for("console_identity")["me"]
    assert (me["phone"], me["desk_number"], me["languages"]) == ("desk", "+14165550123", ["en", "fr"])

    caller = Caller(live.base_url)
    caller.dial()
    caller.press("2")
    caller.wait()
    contact_id = amira.wait_for("contact_queued", timeout=5)["contact_id"]
    assert amira.call("claim", contact_id=contact_id)["ok"]
    rung = [(r.form["To"], r.form["Url"]) for r in fake_twilio.posted_to("/Calls.json")]
    desk = f"/twilio/voice/desk?c={contact_id}&s={me['id']}"
    assert rung == [("+14165550123", PUBLIC_URL + desk)]

    answered = Caller(live.base_url, number="+14165550123", sid="CA" + "d" * 32)
    assert only(answered.twiml(desk), "Conference").text == f"contact-{contact_id}"
    stranger = f"/twilio/voice/desk?c={contact_id}&s={me['id'] + 1000}"
    assert not list(answered.twiml(stranger).iter("Conference"))
    amira.disconnect()
