"""The end of a served chat: the funder's satisfaction question, stored as the phone survey's is
and counted by the service-data report; a transcript asked for by email, recorded with its
address; and the spam module's chat rules (the pre-chat trap field, link-only messages)."""

from __future__ import annotations

from sqlalchemy import select

from app.chat import transcript
from app.chat.models import ChatTranscriptRequest
from app.models import Contact
from tests.support import chat_server as fixtures

chat_server, visitor, navigator = fixtures.chat_server, fixtures.visitor, fixtures.navigator


def contact(db, contact_id: int) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        found = session.get(Contact, contact_id)
        assert found is not None
        return found


def test_a_served_resident_answers_the_survey_and_asks_for_the_transcript(visitor, navigator, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start(language="fr")
    contact_id = resident.send("Bonjour, je cherche une banque alimentaire")["contact_id"]
    assert resident.call("survey", answer="satisfied")["error"] == "no_survey"  # not served yet
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    assert navigator.call("reply", contact_id=contact_id, body="Il y en a une rue Sainte-Catherine.")["ok"]
    assert navigator.call("close", contact_id=contact_id, disposition="referral_given")["ok"]

    ended = resident.wait_for("chat_state", lambda s: s["ended"])
    assert ended["survey"] and ended["state"] == "closed"
    assert resident.call("survey", answer="very happy")["error"] == "invalid"
    assert resident.call("survey", answer="satisfied")["ok"]
    assert resident.call("survey", answer="not_satisfied")["error"] == "no_survey"  # once
    assert contact(db, contact_id).satisfaction == "satisfied"
    surveyed = fixtures.todays_report(db)["satisfaction_chat"]
    assert (surveyed["surveyed"], surveyed["satisfied"], surveyed["value"]) == (1, 1, 100.0)

    for bad in ("marie", "marie@", "marie@exemple", "a@b.c\r\nBcc: x@y.org", "x" * 400 + "@exemple.org"):
        refused = resident.call("transcript", email=bad)
        assert refused["error"] == "bad_email" and "courriel" in refused["message"]
    assert resident.call("transcript", email="marie@exemple.org")["ok"]
    assert resident.call("transcript", email="marie.2@exemple.org")["ok"]  # a typo fixed
    assert resident.call("transcript", email="marie.3@exemple.org")["ok"]
    assert resident.call("transcript", email="x@exemple.org")["error"] == "too_fast"  # three per chat
    with db.transaction() as session:
        asked = session.scalars(select(ChatTranscriptRequest).order_by(ChatTranscriptRequest.id)).first()
        assert asked is not None
        assert (asked.email, asked.contact_id, asked.sent_at) == ("marie@exemple.org", contact_id, None)
        text = transcript.render(session, contact_id)
    assert "Vous: Bonjour, je cherche une banque alimentaire" in text
    assert "211: Il y en a une rue Sainte-Catherine." in text


def test_a_resident_who_ends_after_being_served_is_surveyed_and_the_navigator_told(visitor, navigator, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    contact_id = resident.send("Thanks for the help earlier")["contact_id"]
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    ended = resident.call("end")
    assert ended["state"]["survey"] and ended["state"]["ended"]
    assert navigator.wait_for("chat_presence", lambda d: d["contact_id"] == contact_id and d["ended"])
    assert resident.call("survey", answer="very_satisfied")["ok"]
    assert navigator.call("close", contact_id=contact_id, disposition="information_given")["ok"]
    assert contact(db, contact_id).satisfaction == "very_satisfied"


def test_a_filled_trap_field_is_accepted_silently_and_turned_away_as_spam(visitor, db) -> None:  # type: ignore[no-untyped-def]
    bot = visitor().start(website="https://cheap-pills.example")
    sent = bot.send("Hello, great offer for you")
    assert sent["ok"]  # nothing tells the bot
    turned_away = contact(db, sent["contact_id"])
    assert (turned_away.state, turned_away.spam_verdict) == ("closed", "spam")
    assert [r["rule"] for r in turned_away.spam_reasons] == ["chat_honeypot"]


def test_link_only_messages_are_marked(visitor, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    contact_id = resident.send("https://bit.ly/3abcde")["contact_id"]
    marked = contact(db, contact_id)
    assert marked.spam_verdict == "suspect" and [r["rule"] for r in marked.spam_reasons] == ["link_only"]
