"""Residents' web chats over real Socket.IO clients against the production shape (gunicorn,
workers, Redis): a chat enters the one queue, a navigator claims it and replies through the
outbox, and both sides see each other type."""

from __future__ import annotations

from tests.support import chat_server as fixtures

chat_server, visitor, navigator = fixtures.chat_server, fixtures.visitor, fixtures.navigator


def test_a_chat_is_queued_claimed_and_answered_through_the_outbox(visitor, navigator) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start(language="fr", first_name="Marie")
    assert resident.state["state"] == "new" and resident.state["language"] == "fr"

    ack = resident.send("Bonjour, j'ai besoin d'aide pour le loyer", id="m1")
    assert ack["ok"] and ack["position"] >= 1 and ack["message"]["direction"] == "inbound"
    queued = navigator.wait_for("contact_queued", lambda d: d["contact"]["channel"] == "chat")
    contact_id = queued["contact_id"]
    assert queued["contact"]["language"] == "fr"

    claimed = navigator.call("claim", contact_id=contact_id)
    assert claimed["ok"], claimed
    assert [m["body"] for m in claimed["messages"]] == ["Bonjour, j'ai besoin d'aide pour le loyer"]
    assert resident.wait_for("chat_state", lambda s: s["state"] == "claimed")

    assert resident.call("typing", typing=True)["ok"]
    assert navigator.wait_for("chat_typing", lambda d: d["contact_id"] == contact_id and d["typing"])
    assert navigator.call("chat_typing", contact_id=contact_id, typing=True)["ok"]
    assert resident.wait_for("chat_typing", lambda d: d["typing"])

    reply = navigator.call("reply", contact_id=contact_id, body="Bonjour Marie, je peux vous aider.")
    assert reply["ok"], reply
    shown = resident.wait_for("chat_message", lambda m: m["direction"] == "outbound")
    assert shown["body"] == "Bonjour Marie, je peux vous aider." and shown["id"] == reply["message"]["id"]
    assert navigator.wait_for("message_status", lambda d: d["message"]["status"] == "delivered")

    resent = resident.send("Bonjour, j'ai besoin d'aide pour le loyer", id="m1")  # a resend after a lost ack
    assert resent["ok"] and resent["message"]["id"] == ack["message"]["id"]
