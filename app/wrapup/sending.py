"""Texting a contact's referrals to the resident (docs/wrapup.md). Apart from the wrap-up service
because it replies through the conversation, which the queue (and so the wrap-up) comes before."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import StaffUser
from app.services import conversations
from app.wrapup import referral_texts
from app.wrapup.models import Referral
from app.wrapup.service import held


def send_referrals(session: Session, actor: StaffUser, contact_id: int) -> list[Referral]:
    """Text each referral not yet sent to the resident, in their language, through the outbox and
    into the conversation (a reply: opt-out and a withheld number are refused as for any reply;
    a caller gets them by SMS)."""
    contact = held(session, actor, contact_id)  # a caller is texted at their number (conversations.reply)
    waiting = [
        r
        for r in session.scalars(select(Referral).where(Referral.contact_id == contact_id))
        if r.sent_message_id is None
    ]
    for referral in sorted(waiting, key=lambda r: r.id):
        body = referral_texts.text_for(referral, contact.language or "en")
        referral.sent_message_id = conversations.reply(session, actor, contact_id, body).id
    return waiting
