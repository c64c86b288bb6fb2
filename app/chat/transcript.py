"""A chat's transcript as plain text, in the visitor's language and the service's time zone:
what the email channel sends to a resident who asked for it (app.chat.survey)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chat.models import ChatConversation
from app.db import ports
from app.domain import Direction
from app.errors import NotFound
from app.models import Contact, Message

_WORDS = {
    "en": {"title": "211 web chat, {day}", "you": "You", "navigator": "211 navigator"},
    "fr": {"title": "Clavardage 211, {day}", "you": "Vous", "navigator": "211"},
}


def render(session: Session, contact_id: int) -> str:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(_("Contact %(id)s does not exist.", id=contact_id))
    conversation = session.scalars(select(ChatConversation).where(ChatConversation.contact_id == contact_id)).first()
    words = _WORDS.get(conversation.language if conversation else "en", _WORDS["en"])
    zone = ZoneInfo(ports(session).config.TIME_ZONE)
    query = select(Message).where(Message.contact_id == contact_id).order_by(Message.created_at, Message.id)
    lines = [words["title"].format(day=contact.created_at.astimezone(zone).strftime("%Y-%m-%d")), ""]
    for message in session.scalars(query):
        who = words["you"] if message.direction == Direction.INBOUND else words["navigator"]
        lines.append(f"[{message.created_at.astimezone(zone).strftime('%H:%M')}] {who}: {message.body}")
    return "\n".join(lines) + "\n"
