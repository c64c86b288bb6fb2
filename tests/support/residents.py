"""A year-old record of residents holding personal information in every place it can be (message
bodies, attachments, email headers and parts, a chat visitor's name and transcript address, a
caller's city, wrap-up notes and mailing address, follow-up notes, complaints and their notes,
spam review notes, providers' error texts), beside what the reports count, for the retention and
erasure tests. `PERSONAL` lists every personal text written, to look for after an erasure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calls.models import VoiceCall
from app.chat.models import ChatConversation, ChatTranscriptRequest
from app.complaints.models import Complaint, ComplaintNote
from app.directory.terms import TaxonomyTerm
from app.mail.models import EmailHeaders, EmailPart, MailboxUid
from app.models import Address, Base, Contact, Message, OutboxItem, Resident
from app.models.base import utcnow
from app.planning import report as planning
from app.reports import definitions, service_data
from app.reports.periods import Period
from app.reports.rollup_models import ReportDayBuilt
from app.spam.models import SpamDecision
from app.wrapup.models import FollowUp, FollowUpAttempt, Need, Referral, WrapUp

ZONE = "America/Toronto"
JUNE_2024 = Period(date(2024, 6, 1), date(2024, 6, 30), ZONE)
NAME, STREET, PHONE, EMAIL = "Anabelle Quist", "12 Elm Street", "+16135550111", "anabelle.quist@example.org"
CITY, ATTACHMENT, CHAT = "Smiths Falls", "lease-quist.pdf", "chat-5e1f0a77c2d34b8f9e6a1b2c3d4e5f60"
MESSAGE_ID = "<1.lease@anabelle-quist.ca>"  # her own domain
PERSONAL = (NAME, "Quist", STREET, PHONE, "6135550111", EMAIL, CITY, ATTACHMENT, "anabelle-quist")


def local(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 6, day, hour, tzinfo=ZoneInfo(ZONE))


def seed(session: Session, staff_id: int) -> dict[str, int]:
    """Five residents' contacts of June 2024, a complaint made on the public form, a chat whose
    visitor never wrote, and a contact of last week: contact ids by name (the first three are one
    resident's, with the same number on SMS and voice)."""
    session.add(TaxonomyTerm(id="test:food", name="Food", taxonomy="test"))
    ana = _resident(session, [("sms", PHONE), ("voice", PHONE)])
    ids = {"texted": _texted(session, ana[0], staff_id)}
    ids["called"] = _contact(session, ana[1], "voice", local(11), claimed=True, satisfaction="satisfied").id
    session.add(VoiceCall(contact_id=ids["called"], call_sid="CA" + "1" * 32, city=CITY, province="ON", country="CA"))
    ids["followed"] = _contact(session, ana[0], "sms", local(12), claimed=True).id  # its follow-up is open
    session.add(FollowUp(contact_id=ids["followed"], assignee_id=staff_id, due_on=date(2024, 6, 20)))
    _message(session, ids["followed"], "sms", f"Please call me back at {PHONE}", "SM-followed")
    mail = _resident(session, [("email", EMAIL)])[0]
    ids["emailed"] = _emailed(session, mail)
    session.add(Complaint(channel="email", language="en", name=NAME, contact_details=EMAIL, summary="Still waiting",
                          contact_id=ids["emailed"], received_at=local(13, 12), status="acknowledged"))  # fmt: skip
    ids["chatted"] = _chatted(session, _resident(session, [("chat", CHAT)])[0])
    left = _resident(session, [("voice", "+16135550122")])[0]
    ids["abandoned"] = _contact(session, left, "voice", local(15), outcome="abandoned_in_queue", short_abandon=True).id
    recent = utcnow() - timedelta(days=10)
    session.add(Complaint(channel="web", language="en", name=NAME, contact_details=PHONE, summary=f"I am {NAME}",
                          received_at=local(20), status="withdrawn", withdrawn_at=local(25)))  # fmt: skip
    session.add(ChatConversation(public_id="chat-silent", language="fr", first_name=NAME, created_at=local(21)))
    ids["recent"] = _contact(session, _resident(session, [("sms", "+16135550133")])[0], "sms", recent, claimed=True).id
    return ids


def _resident(session: Session, handles: list[tuple[str, str]]) -> list[Address]:
    resident = Resident()
    session.add(resident)
    session.flush()
    rows = [Address(channel=c, value=v, raw=v, is_valid=True, resident_id=resident.id) for c, v in handles]
    session.add_all(rows)
    session.flush()
    return rows


def _contact(session: Session, address: Address, channel: str, at: datetime, claimed: bool = False,
             **values: Any) -> Contact:  # fmt: skip
    contact = Contact(channel=channel, state="closed", address_id=address.id, resident_id=address.resident_id,
                      from_raw=address.raw, preview=f"from {address.raw}", created_at=at, queued_at=at,
                      last_message_at=at, claimed_at=at if claimed else None, closed_at=at + timedelta(minutes=20),
                      **values)  # fmt: skip
    session.add(contact)
    session.flush()
    return contact


def _message(session: Session, contact_id: int, channel: str, body: str, provider_id: str, **values: Any) -> Message:
    message = Message(contact_id=contact_id, channel=channel, direction=values.pop("direction", "inbound"), body=body,
                      provider_id=provider_id, status="received", body_digest="d" * 32, **values)  # fmt: skip
    session.add(message)
    session.flush()
    return message


def _texted(session: Session, address: Address, staff_id: int) -> int:
    """Served, with a wrap-up, a need, a referral, a follow-up done, a resolved complaint, a
    spam review and a reply the provider refused."""
    contact = _contact(session, address, "sms", local(10), claimed=True, disposition="referral_given")
    _message(session, contact.id, "sms", f"I am {NAME}, evicted from {STREET}", "SM-in",
             media=[{"url": "https://api.twilio.com/media/ME1", "content_type": "image/jpeg"}])  # fmt: skip
    reply = _message(session, contact.id, "sms", f"{NAME}, try the food bank", "SM-out", direction="outbound")
    session.add(OutboxItem(kind="send_sms", message_id=reply.id, status="failed", last_error=f"21211 {PHONE}"))
    session.add(WrapUp(contact_id=contact.id, area="K1A 0B1", demographics={"age": "25_34"}, consent_follow_up=True,
                       follow_up_method="mail", mailing_address=STREET, notes=f"{NAME} has two children"))  # fmt: skip
    session.add(Need(contact_id=contact.id, term_id="test:food", status="met"))
    session.add(Referral(contact_id=contact.id, service_at_location_id="sal:1", kind="referral", name="Food bank"))
    done = FollowUp(contact_id=contact.id, assignee_id=staff_id, due_on=date(2024, 6, 17), outcome="needs_met",
                    closed_at=local(17))  # fmt: skip
    session.add(done)
    session.flush()
    session.add(FollowUpAttempt(follow_up_id=done.id, outcome="reached", note=f"Spoke to {NAME}", by_id=staff_id))
    complaint = Complaint(channel="navigator", language="en", name=NAME, contact_details=PHONE, contact_id=contact.id,
                          summary=f"{NAME} was put on hold", status="resolved", outcome=f"Apologised to {NAME}",
                          received_at=local(10, 12), resolved_at=local(18))  # fmt: skip
    session.add(complaint)
    session.flush()
    session.add(ComplaintNote(complaint_id=complaint.id, author_id=staff_id, body=f"Called {PHONE}"))
    session.add(SpamDecision(contact_id=contact.id, decision="cleared", note=f"{NAME} is real", decided_by_id=staff_id))
    return contact.id


def _emailed(session: Session, address: Address) -> int:
    contact = _contact(session, address, "email", local(13), claimed=True)
    _message(session, contact.id, "email", f"From {NAME}: my lease", MESSAGE_ID)
    headers = EmailHeaders(provider_id=MESSAGE_ID, message_id=MESSAGE_ID, subject=f"{NAME} lease", in_reply_to="",
                           reference_ids="", source="imap")  # fmt: skip
    session.add(MailboxUid(mailbox="INBOX", uidvalidity=1, uid=7, provider_id=MESSAGE_ID))
    session.add(headers)
    session.flush()
    session.add(EmailPart(email_id=headers.id, filename=ATTACHMENT, content_type="application/pdf", size=3,
                          content=b"pdf"))  # fmt: skip
    return contact.id


def _chatted(session: Session, address: Address) -> int:
    contact = _contact(session, address, "chat", local(14), claimed=True, satisfaction="very_satisfied")
    _message(session, contact.id, "chat", f"hi it's {NAME}", "chat-1")
    chat = ChatConversation(public_id=CHAT, language="en", first_name="Anabelle Quist", contact_id=contact.id)
    session.add(chat)
    session.flush()
    session.add(ChatTranscriptRequest(conversation_id=chat.id, contact_id=contact.id, email=EMAIL))
    return contact.id


def reports(session: Session) -> dict[str, Any]:
    """What the reports say about June 2024: the funder's report from the rollup and from the
    contacts, the planners' tables, and which days the rollup holds."""
    d = definitions.in_force(JUNE_2024.first)
    return {
        "rolled": service_data.report(session, d, JUNE_2024),
        "counted": service_data.report(session, d, JUNE_2024, rollup=False),
        "planning": planning.tables(session, JUNE_2024, ("waitlist", "cost")),
        "built": list(session.scalars(select(ReportDayBuilt.day).order_by(ReportDayBuilt.day))),
    }


def everything(session: Session) -> str:
    """Every row of every table, as text: to look for personal information left anywhere."""
    return "\n".join(str(row) for table in Base.metadata.sorted_tables for row in session.execute(select(table)))
