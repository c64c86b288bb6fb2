"""The end of a chat: the funder's satisfaction question, stored on the contact as the phone
survey stores it (so the service-data report counts chats too), and a request for the
transcript by email, recorded for the email channel to send (docs/chat.md)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.calls.prompts import SATISFACTION
from app.chat import service, status
from app.chat.models import EMAIL_MAX, ChatConversation, ChatTranscriptRequest
from app.chat.service import ChatRefused

TRANSCRIPTS_MAX = 3  # requests per chat: a resident may fix a typo, a script cannot mail-bomb
ANSWERS = tuple(SATISFACTION.values())  # very_satisfied, satisfied, not_satisfied
# One address, nothing else: no spaces or line breaks (it may become a mail header), one @, a dot after it.
_EMAIL = re.compile(r"[^\s@<>,;:\"()\[\]\\]+@[^\s@<>,;:\"()\[\]\\]+\.[^\s@<>,;:\"()\[\]\\.]{2,}")


def answer(session: Session, conversation: ChatConversation, data: object) -> str:
    chosen = data.get("answer") if isinstance(data, dict) else None
    if chosen not in ANSWERS:
        raise ChatRefused("invalid")
    contact = service.contact_of(session, conversation)
    if contact is None or not status.survey_open(conversation, contact):
        raise ChatRefused("no_survey")
    contact.satisfaction = chosen
    return str(chosen)


def request_transcript(session: Session, conversation: ChatConversation, data: object) -> ChatTranscriptRequest:
    address = data.get("email") if isinstance(data, dict) else None
    if not isinstance(address, str) or len(address.strip()) > EMAIL_MAX or not _EMAIL.fullmatch(address.strip()):
        raise ChatRefused("bad_email")
    if conversation.contact_id is None:
        raise ChatRefused("empty")
    asked = select(func.count()).where(ChatTranscriptRequest.conversation_id == conversation.id)
    if (session.scalar(asked) or 0) >= TRANSCRIPTS_MAX:
        raise ChatRefused("too_fast")
    request = ChatTranscriptRequest(
        conversation_id=conversation.id, contact_id=conversation.contact_id, email=address.strip()
    )
    session.add(request)
    session.flush()
    return request
