"""A visitor's conversation: started at the pre-chat step, each message through the one intake
funnel (the contact is created by the first), ended by the visitor, and their comings and goings
(the grace period of app.chat.sweeps runs from `disconnected_at`).

Whatever a visitor sends, a message is stored or refused with a ChatRefused naming why; the
resident's words are stored as they wrote them (a NUL or a lone surrogate, which the database
cannot hold, becomes U+FFFD)."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chat.models import FIRST_NAME_MAX, ChatConversation
from app.chat.texts import LANGUAGES
from app.chat.visitors import Visitor
from app.db import ports
from app.domain import Channel, ContactState, Inbound
from app.models import Contact, Message
from app.models.base import utcnow
from app.services import abandonment, intake
from app.spam.rules import CHAT_HONEYPOT

HANDLE = "chat-"  # a visitor's handle: this, then 32 hex digits (CHAT_HONEYPOT's when the trap was filled)
TO = "web chat"
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_UNSTORABLE = re.compile("[\0\ud800-\udfff]")


class ChatRefused(Exception):
    """A visitor's request refused; `code` names the message they read (app.chat.texts)."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code, self.values = code, values


def start(session: Session, language: object, first_name: object, trap: object) -> ChatConversation:
    """A new conversation. A filled trap field (hidden from people) is accepted silently and its
    handle marked, so that the spam module's `chat_honeypot` rule turns its contact away."""
    name = _UNSTORABLE.sub("", first_name).strip()[:FIRST_NAME_MAX] if isinstance(first_name, str) else ""
    prefix = HANDLE if trap in (None, "") else CHAT_HONEYPOT
    conversation = ChatConversation(
        public_id=prefix + secrets.token_hex(16),
        language=language if isinstance(language, str) and language in LANGUAGES else LANGUAGES[0],
        first_name=name or None,
    )
    session.add(conversation)
    session.flush()
    return conversation


def find(session: Session, public_id: str) -> ChatConversation | None:
    return session.scalars(select(ChatConversation).where(ChatConversation.public_id == public_id)).first()


def of_visitor(session: Session, visitor: Visitor) -> ChatConversation:
    """The conversation a connected visitor's socket serves (deleted only by retention, long after
    its token expired)."""
    conversation = session.get(ChatConversation, visitor.conversation_id)
    assert conversation is not None
    return conversation


def contact_of(session: Session, conversation: ChatConversation) -> Contact | None:
    return session.get(Contact, conversation.contact_id) if conversation.contact_id else None


def ended(conversation: ChatConversation, contact: Contact | None) -> bool:
    return conversation.ended_at is not None or (contact is not None and contact.state == ContactState.CLOSED)


def send(session: Session, conversation: ChatConversation, data: object) -> Message:
    """Store the visitor's message through the intake funnel (once per client id: a resend after
    a lost ack is the same message)."""
    body = _body(data, ports(session).config.CHAT_MAX_CHARS)
    if ended(conversation, contact_of(session, conversation)):
        raise ChatRefused("ended")
    inbound = Inbound(
        channel=Channel.CHAT, provider_id=_provider_id(conversation, data), from_raw=conversation.public_id,
        to_raw=TO, body=body, received_at=utcnow(), language=conversation.language,
    )  # fmt: skip
    result = intake.receive(session, inbound)
    if conversation.contact_id is None:
        conversation.contact_id = result.contact_id
    message = session.get(Message, result.message_id)
    assert message is not None
    return message


def _body(data: object, limit: int) -> str:
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, str):
        raise ChatRefused("invalid")
    text = _UNSTORABLE.sub("\ufffd", body)
    if not text.strip():
        raise ChatRefused("empty")
    if len(text) > limit:
        raise ChatRefused("too_long", limit=limit)
    return text


def _provider_id(conversation: ChatConversation, data: object) -> str:
    """The browser names each message (so a resend is recognised); any other name is replaced."""
    sent = data.get("id") if isinstance(data, dict) else None
    own = sent if isinstance(sent, str) and _CLIENT_ID.fullmatch(sent) else uuid.uuid4().hex
    return f"{conversation.public_id}:{own}"


def end(session: Session, conversation: ChatConversation) -> Contact | None:
    """The visitor pressed "End chat": waiting, their contact is abandoned in queue (with its
    wait); held by a navigator, it stays with them to close."""
    conversation.ended_at = conversation.ended_at or utcnow()
    contact = contact_of(session, conversation)
    if contact is not None and contact.state == ContactState.QUEUED:
        return abandonment.abandon(session, contact, None) or contact
    return contact


def left(conversation: ChatConversation, at: datetime) -> None:
    """The visitor's last socket closed: the grace period starts."""
    if conversation.ended_at is None:
        conversation.disconnected_at = at


def returned(conversation: ChatConversation) -> None:
    conversation.disconnected_at = None
