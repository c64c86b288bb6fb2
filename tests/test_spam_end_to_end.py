"""Spam and auto-dialer tagging against the running server, with webhooks signed as Twilio would:
an auto-dialer's burst mixed with genuine callers and texters is tagged, the genuine ones stay
queued (a navigator's console shows them), the auto-dialer's calls and the copies of a spam text
are closed with their reasons; a silent hang-up in the menu is evidence of static; a blocked
number is turned away (a short message for a caller, nothing for a texter) and recorded."""

from __future__ import annotations

import requests
from sqlalchemy import select

from app.models import Contact, StaffUser, VoiceCall
from app.spam import blocklist
from app.spam.scoring import category
from tests.conftest import PASSWORD
from tests.support.caller import Caller, spoken
from tests.support.signin import form_token, post_login
from tests.support.twilio_signing import post_sms

SPAM_TEXT = "Congratulations! Reply YES today to get your free reward points now"


def text(live, sender: str, body: str) -> requests.Response:  # type: ignore[no-untyped-def]
    return post_sms(live.base_url, sender, body)


def contacts_from(db, number: str) -> list[Contact]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return list(session.scalars(select(Contact).where(Contact.from_raw == number).order_by(Contact.id)))


def call_of(db, caller: Caller) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        call = session.scalars(select(VoiceCall).where(VoiceCall.call_sid == caller.sid)).one()
        return session.get_one(Contact, call.contact_id)


def rules(contact: Contact) -> set[str]:
    return {reason["rule"] for reason in contact.spam_reasons}


def test_an_auto_dialer_burst_among_genuine_residents(live, db, connect_navigator, make_staff):  # type: ignore[no-untyped-def]
    navigator = connect_navigator()
    navigator.wait_for("queue_snapshot")
    dialer = "+16475550199"
    answers = []
    for n in range(20):  # a number calling 20 times in a few seconds, among two genuine callers and texters
        answers.append(spoken(Caller(live.base_url, number=dialer).dial()))
        if n in (3, 12):
            genuine = Caller(live.base_url, number=f"+1613555010{n % 10}")
            genuine.dial()
            genuine.press("1")
            text(live, f"+1416555020{n % 10}", "Bonjour, j'ai besoin d'aide pour mon loyer")
    dialed = contacts_from(db, dialer)
    assert [c.spam_verdict for c in dialed] == ["clean"] * 3 + ["suspect"] * 4 + ["spam"] * 13
    assert all(c.state == "closed" and c.outcome == "spam" for c in dialed[7:])
    assert "20 calls from this number in 10 min" in dialed[-1].spam_reasons[0]["detail"]
    assert any("9-1-1" in said for said, _ in answers[-1]) and "Gather" not in str(answers[-1])
    assert all(c.state == "menu" for c in dialed[:7])  # suspect: heard the menu, may still reach a navigator

    for number in ("+16135550103", "+16135550102", "+14165550203", "+14165550202"):
        (genuine_contact,) = contacts_from(db, number)
        assert (genuine_contact.state, genuine_contact.spam_verdict) == ("queued", "clean")
    for number in ("+1 613-555-0103", "+1 416-555-0202"):
        shown = navigator.wait_for("contact_queued", lambda e, n=number: e["contact"]["from_display"] == n)
        assert shown["contact"]["spam_verdict"] == "clean"
    assert all(e["contact"]["from_display"] != "+1 647-555-0199" for e in navigator.received("contact_queued"))
    assert [category(c.spam_verdict, c.spam_reasons) for c in dialed[6:8]] == [None, "auto_dialer"]

    supervisor = requests.Session()  # clears one of the dialer's calls: it counts again
    assert post_login(supervisor, make_staff("supervisor"), PASSWORD, live.base_url).status_code == 302
    token = form_token(supervisor.get(live.base_url + "/supervisor/spam").text)
    decided = supervisor.post(
        f"{live.base_url}/supervisor/spam/{dialed[8].id}/decision",
        data={"decision": "clear", "note": "a relative calling back", "csrf_token": token},
    )
    assert decided.status_code in (200, 303), decided.text
    (cleared,) = [c for c in contacts_from(db, dialer) if c.id == dialed[8].id]
    assert (cleared.spam_verdict, cleared.spam_review, category(cleared.spam_verdict, cleared.spam_reasons)) == (
        "clean", "cleared", None)  # fmt: skip


def test_copies_of_one_text_from_many_senders_are_closed_from_the_threshold(live, db):  # type: ignore[no-untyped-def]
    senders = [f"+1905555{n:04d}" for n in range(50)]
    for sender in senders:
        assert text(live, sender, SPAM_TEXT).text.strip().endswith("<Response/>")  # never an auto-reply
    verdicts = [contacts_from(db, sender)[0] for sender in senders]
    assert [c.spam_verdict for c in verdicts] == ["clean"] * 4 + ["suspect"] * 10 + ["spam"] * 36
    assert all(c.state == "closed" and c.outcome == "spam" for c in verdicts[14:])
    assert all(c.state == "queued" for c in verdicts[:14])
    assert "the same text from 50 senders in 10 min" in {r["detail"] for r in verdicts[-1].spam_reasons}
    text(live, "+19055559999", "I need a food bank near Hamilton please")
    assert contacts_from(db, "+19055559999")[0].spam_verdict == "clean"


def test_a_silent_hang_up_in_the_menu_is_evidence_of_static(live, db):  # type: ignore[no-untyped-def]
    caller = Caller(live.base_url, number="+17055550111")
    caller.dial()
    caller.status("completed", duration=3)
    contact = call_of(db, caller)
    assert (contact.outcome, contact.spam_verdict) == ("hung_up_in_menu", "suspect")
    assert rules(contact) == {"no_input_hangup"}


def test_a_blocked_number_is_turned_away_and_recorded(live, db, make_staff):  # type: ignore[no-untyped-def]
    email = make_staff("supervisor")
    with db.transaction() as session:
        lead = session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
        blocklist.block(session, lead, "voice", "(613) 555-0177", "threatened a navigator")
        blocklist.block(session, lead, "sms", "613 555 0177", "threatened a navigator")
    caller = Caller(live.base_url, number="+16135550177")
    answer = spoken(caller.dial())
    assert any("cannot take your call" in said for said, _ in answer)
    assert text(live, "+16135550177", "hello").text.strip().endswith("<Response/>")
    called, texted = contacts_from(db, "+16135550177")
    for contact in (called, texted):
        assert (contact.state, contact.outcome, contact.spam_verdict) == ("closed", "blocked", "blocked")
        assert contact.spam_reasons[0]["detail"] == "on the block list: threatened a navigator"
    text(live, "+16135550177", "I am not safe at home, please help")  # crisis words outrank the block
    crisis = contacts_from(db, "+16135550177")[-1]
    assert (crisis.state, crisis.spam_verdict) == ("queued", "suspect") and "crisis_words" in rules(crisis)
