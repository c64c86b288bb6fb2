"""What hangs off one contact, for the resident's record (app.privacy.holdings): the call, the
chat, the emails' headers and attachments, the wrap-up with its needs and referrals, follow-ups,
complaints and spam reviews, with every free text staff wrote about the resident."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.calls.models import VoiceCall
from app.chat.models import ChatConversation, ChatTranscriptRequest
from app.complaints.models import Complaint, ComplaintNote
from app.mail.models import EmailHeaders, EmailPart
from app.models import Message
from app.serializers import iso
from app.spam.models import SpamDecision
from app.wrapup.models import FollowUp, FollowUpAttempt, Need, Referral, WrapUp


def of(session: Session, contact_id: int) -> dict[str, Any]:
    return {
        "call": _call(session.scalar(select(VoiceCall).where(VoiceCall.contact_id == contact_id))),
        "chat": _chat(session, contact_id),
        "emails": _emails(session, contact_id),
        "wrapup": _wrapup(session.get(WrapUp, contact_id)),
        "needs": [{"term": n.term_id, "status": n.status, "unmet_reason": n.unmet_reason}
                  for n in session.scalars(select(Need).where(Need.contact_id == contact_id))],
        "referrals": [{"service": r.name, "kind": r.kind, "at": iso(r.created_at)}
                      for r in session.scalars(select(Referral).where(Referral.contact_id == contact_id))],
        "follow_ups": _follow_ups(session, contact_id),
        "complaints": _complaints(session, contact_id),
        "spam_review_notes": _texts(session, SpamDecision.note, SpamDecision.contact_id == contact_id),
    }  # fmt: skip


def _call(call: VoiceCall | None) -> dict[str, Any] | None:
    if call is None:
        return None
    return {"city": call.city, "province": call.province, "country": call.country,
            "duration_seconds": call.duration_seconds}  # fmt: skip


def _chat(session: Session, contact_id: int) -> dict[str, Any] | None:
    chat = session.scalar(select(ChatConversation).where(ChatConversation.contact_id == contact_id))
    if chat is None:
        return None
    asked = _texts(session, ChatTranscriptRequest.email, ChatTranscriptRequest.contact_id == contact_id)
    return {"first_name": chat.first_name, "transcript_sent_to": asked}


def _emails(session: Session, contact_id: int) -> list[dict[str, Any]]:
    ids = select(Message.provider_id).where(Message.contact_id == contact_id, Message.channel == "email")
    found = session.scalars(select(EmailHeaders).where(EmailHeaders.provider_id.in_(ids)).order_by(EmailHeaders.id))
    return [{"subject": e.subject, "message_id": e.message_id, "attachments": _parts(session, e.id)} for e in found]


def _parts(session: Session, email_id: int) -> list[dict[str, Any]]:
    found = session.scalars(select(EmailPart).where(EmailPart.email_id == email_id).order_by(EmailPart.id))
    return [{"filename": p.filename, "content_type": p.content_type, "size": p.size,
             "content_kept": p.content is not None} for p in found]  # fmt: skip


def _wrapup(wrapup: WrapUp | None) -> dict[str, Any] | None:
    if wrapup is None:
        return None
    return {"area": wrapup.area, "demographics": wrapup.demographics, "notes": wrapup.notes,
            "follow_up_method": wrapup.follow_up_method, "mailing_address": wrapup.mailing_address}  # fmt: skip


def _follow_ups(session: Session, contact_id: int) -> list[dict[str, Any]]:
    found = session.scalars(select(FollowUp).where(FollowUp.contact_id == contact_id).order_by(FollowUp.id))
    return [{"due_on": f.due_on.isoformat(), "outcome": f.outcome, "closed_at": iso(f.closed_at),
             "attempt_notes": _texts(session, FollowUpAttempt.note, FollowUpAttempt.follow_up_id == f.id)}
            for f in found]  # fmt: skip


def _complaints(session: Session, contact_id: int) -> list[dict[str, Any]]:
    found = session.scalars(select(Complaint).where(Complaint.contact_id == contact_id).order_by(Complaint.id))
    return [{"reference": c.reference, "status": c.status, "name": c.name, "contact_details": c.contact_details,
             "summary": c.summary, "outcome": c.outcome,
             "notes": _texts(session, ComplaintNote.body, ComplaintNote.complaint_id == c.id,
                             ComplaintNote.kind == "note")} for c in found]  # fmt: skip


def _texts(session: Session, column: InstrumentedAttribute[Any], *where: ColumnElement[bool]) -> list[str]:
    """A free-text column's values over the rows `where` selects, oldest first, blanks left out."""
    return [text for text in session.scalars(select(column).where(*where).order_by(column.class_.id)) if text]
