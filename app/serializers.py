"""JSON shapes of contacts and messages, shared by socket events, acks and the REST API."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import phonenumbers

from app.handles import PHONE_CHANNELS
from app.models import Announcement, Contact, Message, StaffUser


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def staff_ref(user: StaffUser | None) -> dict | None:
    return {"id": user.id, "name": user.display_name} if user else None


def display_address(contact: Contact) -> str:
    """A phone number formatted for reading when it is one; the raw text otherwise (a chat's or
    an email's handle is valid without being a number)."""
    if contact.channel in PHONE_CHANNELS and contact.address is not None and contact.address.is_valid:
        return _international(contact.address.value)
    return contact.from_raw or "anonymous"


@lru_cache(maxsize=65_536)
def _international(e164: str) -> str:
    """Formatting is costly and snapshots repeat it for every waiting contact: remember it."""
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contact_summary(contact: Contact) -> dict:
    return {
        "id": contact.id,
        "channel": contact.channel,
        "state": contact.state,
        "language": contact.language,
        "preview": contact.preview,
        "from_display": display_address(contact),
        "queued_at": iso(contact.queued_at),
        "claimed_at": iso(contact.claimed_at),
        "closed_at": iso(contact.closed_at),
        "last_message_at": iso(contact.last_message_at),
        "disposition": contact.disposition,
        "navigator": staff_ref(contact.navigator),
        "opted_out": bool(contact.address and contact.address.opted_out_at),
        "spam_verdict": contact.spam_verdict,  # suspect: the console marks it, with the reasons
        "spam_reasons": [reason["detail"] for reason in contact.spam_reasons or ()],
    }


def message(msg: Message) -> dict:
    return {
        "id": msg.id,
        "contact_id": msg.contact_id,
        "direction": msg.direction,
        "body": msg.body,
        "media": msg.media,
        "status": msg.status,
        "error": _error(msg),
        "author": staff_ref(msg.author),
        "created_at": iso(msg.created_at),
    }


_ERROR_TEXT = {
    "opted_out": "Not sent: this resident texted STOP and has opted out of messages.",
    "not_configured": "Not sent: texting is not set up on this server (Twilio settings missing).",
    "21610": "Not sent: the carrier reports this number has opted out (STOP).",
    "21211": "Not sent: the number is not a valid phone number.",
    "30003": "Not delivered: the handset is unreachable.",
    "30005": "Not delivered: unknown or inactive number.",
    "30006": "Not delivered: the number cannot receive texts (landline?).",
}


def _error(msg: Message) -> dict | None:
    if not msg.error_code:
        return None
    text = _ERROR_TEXT.get(msg.error_code, f"Provider error {msg.error_code}.")
    return {"code": msg.error_code, "message": text}


def announcement(current: Announcement | None) -> dict | None:
    if current is None:
        return None
    return {"en": current.text_en, "fr": current.text_fr, "set_at": iso(current.set_at)}
