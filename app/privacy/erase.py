"""Blanking the personal information of contacts, in bulk statements over a batch of ids. What a
report, the planners' tables or the rollup read stays: the contact's channel, times, state,
outcome, survey answer and spam verdict, its coded wrap-up (needs, referrals, area, demographics),
follow-ups and their outcomes, complaints and their status. Message bodies, attachments, email
headers, names, numbers and addresses, notes and mailing addresses go. Idempotent: erasing an
erased contact writes the same blanks again."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session

from app.calls.models import VoiceCall
from app.chat.models import ChatConversation, ChatTranscriptRequest
from app.complaints.models import Complaint, ComplaintNote
from app.domain import Channel
from app.mail.models import EmailHeaders, EmailPart
from app.models import Address, Base, Contact, Message, OutboxItem
from app.models.base import utcnow
from app.spam.models import SpamDecision
from app.wrapup.models import FollowUp, FollowUpAttempt, WrapUp
from channels import email_ids

DIGESTED = "sha256:"  # channels.email_ids.digest's keys
TOKEN_PREFIX = "erased:"  # an erased address's value: random, so nothing leads back to the handle


def contacts(session: Session, ids: Sequence[int]) -> None:
    """Erase the personal information of the contacts `ids` and everything hanging off them."""
    if not ids:
        return
    session.execute(update(Contact).where(Contact.id.in_(ids)).values(from_raw="", preview="", erased_at=utcnow()))
    _messages(session, ids)
    _conversations(session, ids)
    _records(session, ids)


def _messages(session: Session, ids: Sequence[int]) -> None:
    """Bodies, attachments, digests of bodies, providers' error texts (which may quote a number),
    and the email headers and parts of the contacts' emails."""
    theirs = Message.contact_id.in_(ids)
    session.execute(update(Message).where(theirs).values(body="", media=[], body_digest=None))
    session.execute(update(OutboxItem).where(OutboxItem.message_id.in_(select(Message.id).where(theirs)))
                    .values(last_error=None))  # fmt: skip
    emails = select(Message.provider_id).where(theirs, Message.channel == Channel.EMAIL)
    headers = EmailHeaders.provider_id.in_(emails)
    session.execute(update(EmailHeaders).where(headers).values(message_id="", subject="", in_reply_to="",
                                                               reference_ids=""))  # fmt: skip
    parts = EmailPart.email_id.in_(select(EmailHeaders.id).where(headers))
    session.execute(update(EmailPart).where(parts).values(filename="", content=None))
    _email_keys(session, emails.where(Message.provider_id.is_not(None), ~Message.provider_id.startswith(DIGESTED)))


def _email_keys(session: Session, emails: Select[tuple[str | None]]) -> None:
    """An email is keyed by its Message-ID (its message, headers and mailbox UID rows), which may
    name the sender's own domain: each key becomes its digest, which keeps the rows joined."""
    keys = [{"old": old, "new": email_ids.digest(old.encode())} for old in session.scalars(emails) if old]
    for name in ("message", "email_headers", "mailbox_uid") if keys else ():
        table = Base.metadata.tables[name]
        rekey = update(table).where(table.c.provider_id == bindparam("old"))
        rekey = rekey.where(table.c.channel == Channel.EMAIL) if name == "message" else rekey
        session.connection().execute(rekey.values(provider_id=bindparam("new")), keys)


def _conversations(session: Session, ids: Sequence[int]) -> None:
    """A chat visitor's first name, the addresses transcripts were sent to, a caller's city."""
    session.execute(update(ChatConversation).where(ChatConversation.contact_id.in_(ids)).values(first_name=None))
    session.execute(update(ChatTranscriptRequest).where(ChatTranscriptRequest.contact_id.in_(ids)).values(email=""))
    session.execute(update(VoiceCall).where(VoiceCall.contact_id.in_(ids)).values(city=""))


def _records(session: Session, ids: Sequence[int]) -> None:
    """Staff's free text about the resident: wrap-up notes and mailing address, follow-up attempt
    notes, spam review notes, and the complaints raised from these contacts."""
    session.execute(update(WrapUp).where(WrapUp.contact_id.in_(ids)).values(notes=None, mailing_address=None))
    follow_ups = select(FollowUp.id).where(FollowUp.contact_id.in_(ids))
    session.execute(update(FollowUpAttempt).where(FollowUpAttempt.follow_up_id.in_(follow_ups)).values(note=None))
    session.execute(update(SpamDecision).where(SpamDecision.contact_id.in_(ids)).values(note=""))
    complaints(session, Complaint.contact_id.in_(ids))


def complaints(session: Session, which: ColumnElement[bool]) -> None:
    """The complaints `which` selects: the complainant's name, how to reach them, what they said,
    the outcome's text and supervisors' notes (not the trail of status and owner changes)."""
    session.execute(update(Complaint).where(which).values(name=None, contact_details=None, summary="",
                                                          outcome=None))  # fmt: skip
    notes = ComplaintNote.complaint_id.in_(select(Complaint.id).where(which))
    session.execute(update(ComplaintNote).where(notes, ComplaintNote.kind == "note").values(body=""))


def addresses(session: Session, address_ids: Select[Any]) -> int:
    """Replace each address no contact still keeping its information uses by a random token: its
    contacts move to a new row with the token (one per old address, so counts of distinct
    addresses and of repeat contacts stay), and the old row is deleted. Locked first, so a
    resident writing again at that moment either finds the address in use, or fails on it and is
    taken in afresh on the provider's retry. Returns how many were replaced."""
    query = select(Address).where(Address.id.in_(address_ids), ~Address.value.startswith(TOKEN_PREFIX))
    replaced = 0
    for address in session.scalars(query.order_by(Address.id).with_for_update()).all():
        kept = exists().where(Contact.address_id == address.id, Contact.erased_at.is_(None))
        if not session.scalar(select(kept)):
            _tokenise(session, address)
            replaced += 1
    return replaced


def _tokenise(session: Session, address: Address) -> None:
    token = TOKEN_PREFIX + secrets.token_hex(16)
    row = Address(channel=address.channel, value=token, raw=token, is_valid=address.is_valid,
                  resident_id=address.resident_id, created_at=address.created_at)  # fmt: skip
    session.add(row)
    session.flush()
    session.execute(update(Contact).where(Contact.address_id == address.id).values(address_id=row.id))
    session.execute(delete(Address).where(Address.id == address.id))
    session.expunge(address)
