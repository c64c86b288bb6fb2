"""Opening a visitor's socket onto their conversation: with a token, the conversation it was
issued for (and only if the page names that same one); without, a new conversation from the
pre-chat answers, within the per-address limit. Anything else is refused and opens nothing."""

from __future__ import annotations

from typing import Any

from flask_socketio import ConnectionRefusedError
from sqlalchemy.orm import Session

from app import events
from app.chat import rooms, service, tokens
from app.chat.models import ChatConversation
from app.chat.visitors import Visitor
from app.complaints.limits import Limiter
from app.domain import ContactState
from app.models.base import utcnow
from app.realtime.hub import current_hub
from app.runtime import config as current_config
from app.runtime import database


def open_conversation(session: Session, auth: Any, address: str, starts: Limiter) -> ChatConversation:
    data = auth if isinstance(auth, dict) else {}
    conversation = _resume(session, data) if data.get("token") is not None else _start(session, data, address, starts)
    service.returned(conversation)
    return conversation


def _resume(session: Session, data: dict) -> ChatConversation:
    config = current_config()
    public_id = tokens.conversation_of(config.SECRET_KEY, data.get("token"), config.CHAT_TOKEN_SECONDS)
    if public_id is None or data.get("conversation") != public_id:
        raise ConnectionRefusedError("invalid_token")
    conversation = service.find(session, public_id)
    if conversation is None:
        raise ConnectionRefusedError("invalid_token")
    return conversation


def _start(session: Session, data: dict, address: str, starts: Limiter) -> ChatConversation:
    answers = data.get("start")
    if not isinstance(answers, dict):
        raise ConnectionRefusedError("invalid_token")
    if starts.blocked(address):
        raise ConnectionRefusedError("too_many")
    starts.record(address)
    return service.start(session, answers.get("language"), answers.get("first_name"), answers.get("website"))


def left(visitor: Visitor) -> None:
    """The visitor's last socket here closed: record when (the grace period runs from it) and tell
    the navigator holding the chat."""
    with database().transaction() as session:
        conversation = service.of_visitor(session, visitor)
        service.left(conversation, utcnow())
        gone = presence_rooms(session, conversation)
    tell_console(gone, visitor, present=False)


def presence_rooms(session: Session, conversation: ChatConversation) -> list[str] | None:
    """The consoles of the navigator holding the chat (and leads following it); None when no
    navigator holds it."""
    contact = service.contact_of(session, conversation)
    if contact is None or contact.state != ContactState.CLAIMED:
        return None
    return events.thread_rooms(contact)


def tell_console(navigator: list[str] | None, visitor: Visitor, *, present: bool, ended: bool = False) -> None:
    """The navigator holding the chat sees the resident leave, come back or end it."""
    if navigator and visitor.contact_id is not None:
        payload = {"contact_id": visitor.contact_id, "present": present, "ended": ended}
        current_hub().emit(rooms.PRESENCE, payload, to=navigator, namespace=events.NAMESPACE)
