"""Whatever a visitor's page sends, nothing raises on the server: a message is stored exactly as
written (a NUL or a lone surrogate, which the database cannot hold, as U+FFFD) or refused with
a reason the resident reads; over a real socket, every command answers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.chat import service
from app.chat.models import ChatConversation
from app.chat.service import ChatRefused
from app.chat.texts import refusal
from app.models import Message
from tests.support import chat_server as fixtures
from tests.support.chat_client import NAMESPACE

chat_server, visitor = fixtures.chat_server, fixtures.visitor
REASONS = {"invalid", "empty", "too_long"}
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and NUL included
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHARACTER, max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
MESSAGES = st.fixed_dictionaries(
    {"body": st.text(ANY_CHARACTER, max_size=2100) | JSON},
    optional={"id": st.text(ANY_CHARACTER, max_size=50) | JSON, "extra": JSON},
)
NO_FIXTURE_RESET = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def stored_as(body: str) -> str:
    return "".join("\ufffd" if c == "\0" or 0xD800 <= ord(c) <= 0xDFFF else c for c in body)


@NO_FIXTURE_RESET
@given(payload=MESSAGES | JSON)
def test_every_payload_is_stored_as_written_or_refused_with_a_reason(db, payload: Any) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        conversation = service.start(session, "en", None, None)
    try:
        with db.transaction() as session:
            kept = session.get(ChatConversation, conversation.id)
            assert kept is not None
            message_id = service.send(session, kept, payload).id
    except ChatRefused as refused:
        assert refused.code in REASONS and refusal(refused.code, "fr", **refused.values)
        return
    with db.transaction() as session:
        body = session.scalars(select(Message.body).where(Message.id == message_id)).one()
    assert body == stored_as(payload["body"]) and body.strip()


def test_every_command_answers_over_the_socket(visitor) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    nasty: list[Any] = [None, [], "text", 7, {"body": None}, {"body": ["a"]}, {"body": "\0"}, {"body": "a\ud800b"},
                        {"body": "ok", "id": "<script>"}, {"answer": {"x": 1}}, {"email": ["@"]}]  # fmt: skip
    for command in ("message", "typing", "survey", "transcript", "end", "hello"):
        for payload in nasty:
            ack = resident.sio.call(command, payload, namespace=NAMESPACE, timeout=15)
            assert isinstance(ack, dict) and "ok" in ack, (command, payload, ack)
    history = resident.call("hello")["state"]["messages"]
    assert [m["body"] for m in history] == ["\ufffd", "a\ufffdb", "ok"]
