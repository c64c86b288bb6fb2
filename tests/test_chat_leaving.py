"""A resident who leaves: while waiting (End chat, or away past the grace period) their chat is
abandoned in queue with its wait, as a caller who hangs up; back within the grace period they
keep their place; after a claim they stay with their navigator, who sees them go and come back."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from app.chat import sweeps
from app.chat.models import ChatConversation
from app.db import Database
from app.models import Contact
from tests.support import chat_server as fixtures
from tests.support.waiting import eventually

chat_server, visitor, navigator = fixtures.chat_server, fixtures.visitor, fixtures.navigator


def sweep_past_grace(app) -> list[int]:  # type: ignore[no-untyped-def]
    """The workers' sweep, run here at once as if every grace period had passed."""
    ports = app.extensions["switchboard.ports"]
    eager = replace(ports, config=replace(ports.config, CHAT_GRACE_SECONDS=0))
    now = Database(app.extensions["switchboard.db"].engine, eager)
    with now.transaction() as session:
        return sweeps.abandon_departed(session)


def contact(db, contact_id: int) -> Contact:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        found = session.get(Contact, contact_id)
        assert found is not None
        return found


def conversation(db, public_id: str) -> ChatConversation:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        found = session.scalars(select(ChatConversation).where(ChatConversation.public_id == public_id)).one()
        return found


def test_a_resident_away_past_the_grace_period_is_abandoned_with_their_wait(visitor, navigator, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    contact_id = resident.send("Hello, I need help with rent")["contact_id"]
    resident.disconnect()
    closed = navigator.wait_for("contact_closed", lambda d: d["contact_id"] == contact_id, timeout=20)
    assert closed["reason"] == "abandoned"
    left = conversation(db, resident.conversation or "")
    after = contact(db, contact_id)
    assert after.outcome == "abandoned_in_queue" and left.ended_at == left.disconnected_at
    assert after.wait_seconds == int((left.disconnected_at - after.queued_at).total_seconds())  # until they left
    assert fixtures.todays_report(db)["chats_abandoned"]["value"] == 1


def test_a_resident_back_within_the_grace_period_keeps_their_place(visitor, app, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    contact_id = resident.send("Is anyone there?")["contact_id"]
    resident.disconnect()
    eventually(lambda: conversation(db, resident.conversation or "").disconnected_at)
    back = visitor().resume(resident.token, resident.conversation)
    assert back.state["state"] == "queued" and back.state["position"] >= 1
    assert sweep_past_grace(app) == []
    assert contact(db, contact_id).state == "queued"


def test_end_chat_while_waiting_is_an_abandonment(visitor, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start(language="fr")
    contact_id = resident.send("Allô?")["contact_id"]
    ended = resident.call("end")
    assert ended["ok"] and ended["state"]["ended"] and not ended["state"]["survey"]
    assert contact(db, contact_id).outcome == "abandoned_in_queue"
    again = resident.send("Encore là?")
    assert again["error"] == "ended" and "terminée" in again["message"]


def test_after_a_claim_the_resident_who_leaves_stays_with_their_navigator(visitor, navigator, app, db) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    contact_id = resident.send("I lost my job, can you help?")["contact_id"]
    assert navigator.call("claim", contact_id=contact_id)["ok"]
    resident.disconnect()
    assert navigator.wait_for("chat_presence", lambda d: d["contact_id"] == contact_id and not d["present"])
    eventually(lambda: conversation(db, resident.conversation or "").disconnected_at)
    assert sweep_past_grace(app) == [] and contact(db, contact_id).state == "claimed"
    assert navigator.call("reply", contact_id=contact_id, body="Are you still there?")["ok"]

    back = visitor().resume(resident.token, resident.conversation)
    assert back.state["state"] == "claimed"
    assert navigator.wait_for("chat_presence", lambda d: d["contact_id"] == contact_id and d["present"])
    bodies = lambda: [m["body"] for m in back.call("hello")["state"]["messages"]]  # noqa: E731
    assert eventually(lambda: bodies() == ["I lost my job, can you help?", "Are you still there?"])
