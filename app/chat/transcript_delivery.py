"""Sending the transcripts residents asked for at the end of a chat, by email, from the workers'
sweep: each request once. One the mail server refuses for good (an address it will not take) keeps
the reason in `error`; when the server cannot take mail now, the rest wait for the next sweep."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chat import transcript
from app.chat.models import ChatConversation, ChatTranscriptRequest
from app.db import ports
from app.models.base import utcnow
from channels import email
from channels.base import SendError

BATCH = 20
SUBJECTS = {"en": "Your 211 web chat", "fr": "Votre clavardage avec le 211"}


def send_pending(session: Session) -> int:
    """Send the requests not sent yet (up to BATCH); how many went."""
    config = ports(session).config
    if not email.configured(config):
        return 0
    waiting = (
        select(ChatTranscriptRequest, ChatConversation.language)
        .join(ChatConversation, ChatConversation.id == ChatTranscriptRequest.conversation_id)
        .where(ChatTranscriptRequest.sent_at.is_(None), ChatTranscriptRequest.error.is_(None))
        .order_by(ChatTranscriptRequest.id)
        .limit(BATCH)
        .with_for_update(of=ChatTranscriptRequest, skip_locked=True)
    )
    sent = 0
    for request, language in session.execute(waiting).all():
        body = transcript.render(session, request.contact_id)
        try:
            email.send_message(email.plain(request.email, SUBJECTS.get(language, SUBJECTS["en"]), body, config), config)
        except SendError as error:
            if not error.permanent:
                break
            request.error = error.code
            continue
        request.sent_at, sent = utcnow(), sent + 1
    return sent
