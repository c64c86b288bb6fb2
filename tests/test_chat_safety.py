"""What a visitor's socket cannot do: open a chat with a forged, expired or another chat's token,
or from another site; send more or faster than the limits (each refusal says why, in the
resident's language); and a chat's socket, unlike a socket that connects nothing, stays open."""

from __future__ import annotations

import time
from unittest import mock

import pytest
import requests
from sqlalchemy import func, select

from app.chat import tokens
from app.chat.models import ChatConversation
from config import Config, ConfigError
from tests.support import chat_server as fixtures
from tests.support.chat_client import ChatVisitor, Refused
from tests.test_anonymous_sockets import closed_by_server, open_raw

chat_server, visitor = fixtures.chat_server, fixtures.visitor
SECRET = "test-secret-key-of-at-least-32-characters"  # the test run's SECRET_KEY (tests/conftest.py)


def conversations(db) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(ChatConversation)) or 0


def refusal(make_visitor, token: str | None, conversation: str | None) -> object:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as refused:
        make_visitor().resume(token, conversation)
    return refused.value.reason


def test_only_a_chat_s_own_fresh_token_opens_it(visitor, db) -> None:  # type: ignore[no-untyped-def]
    alice = visitor().start(first_name="Alice")
    assert alice.send("I need a food bank near me")["ok"]
    bob = visitor().start()
    forged = tokens.issue("another-secret-of-at-least-32-characters!", alice.conversation or "")
    with mock.patch("time.time", return_value=time.time() - 2 * 86400):
        expired = tokens.issue(SECRET, alice.conversation or "")

    assert refusal(visitor, forged, alice.conversation) == {"message": "invalid_token"}
    assert refusal(visitor, expired, alice.conversation) == {"message": "invalid_token"}
    assert refusal(visitor, bob.token, alice.conversation) == {"message": "invalid_token"}  # bound to Bob's
    assert refusal(visitor, "not-a-token", alice.conversation) == {"message": "invalid_token"}

    again = visitor().resume(alice.token, alice.conversation)  # Alice's own token, from a reload
    assert [m["body"] for m in again.state["messages"]] == ["I need a food bank near me"]
    assert conversations(db) == 2


@pytest.mark.parametrize("origin", ["https://evil.example", "https://partner.example.org", ""])
def test_a_socket_from_another_site_opens_nothing(visitor, db, origin: str) -> None:  # type: ignore[no-untyped-def]
    """Even the partner allowed to frame the widget: the widget's socket comes from our page."""
    with pytest.raises(Refused):
        visitor(origin=origin).start()
    assert conversations(db) == 0


def test_limits_refuse_with_a_reason_the_resident_can_read(visitor) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start(language="fr")
    too_long = resident.send("x" * 2001)
    assert too_long == {"ok": False, "error": "too_long", "message": too_long["message"]}
    assert "2000 caractères" in too_long["message"]
    assert resident.send("   \n ")["error"] == "empty"
    assert resident.send("x" * 2000)["ok"]  # the limit itself is fine
    sent = [resident.send(f"message {n}") for n in range(25)]
    assert [ack["ok"] for ack in sent] == [True] * 19 + [False] * 6  # 20 a minute, the first one included
    assert sent[-1]["error"] == "too_fast" and "trop vite" in sent[-1]["message"]


def test_chats_started_from_one_address_are_limited(chat_server: str) -> None:
    """30 an hour from one address (a library's computers share one); then refused, saying so."""
    address, started = fixtures.fresh_address(), 0
    for _ in range(31):
        each = ChatVisitor(chat_server, forwarded_for=address)
        try:
            each.start()
            started += 1
        except Refused as refused:
            assert refused.reason == {"message": "too_many"}
            break
        finally:
            each.disconnect()
    assert started == 30


def test_a_chat_socket_stays_while_a_socket_that_connects_nothing_is_dropped(visitor, chat_server) -> None:  # type: ignore[no-untyped-def]
    resident = visitor().start()
    idle = open_raw(chat_server, fixtures.fresh_address())
    assert idle is not None and closed_by_server(idle)  # past ANONYMOUS_SOCKET_SECONDS
    assert resident.sio.connected and resident.call("hello")["ok"]


def test_only_the_chat_page_may_be_framed_and_only_by_the_partner(chat_server: str) -> None:
    page = requests.get(f"{chat_server}/chat?lang=fr", timeout=10)
    assert page.status_code == 200 and 'lang="fr"' in page.text and "Sortie rapide" in page.text
    assert "frame-ancestors 'self' https://partner.example.org" in page.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in page.headers
    other = requests.get(f"{chat_server}/services", timeout=10)
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"


def test_only_origins_can_be_allowed_to_frame_the_widget() -> None:
    """The setting goes into the Content-Security-Policy header: nothing else gets in."""
    assert Config(CHAT_ALLOWED_ORIGINS=" https://a.example.org,http://b.example:8080 ").chat_frame_origins == (
        "https://a.example.org",
        "http://b.example:8080",
    )
    for bad in ("https://a.example.org; script-src *", "a.example.org", "https://a.example.org/path", "*"):
        with pytest.raises(ConfigError):
            Config(CHAT_ALLOWED_ORIGINS=bad)
