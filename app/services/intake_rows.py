"""What intake writes for an inbound item: a new contact's columns, what the item changes in its
contact, and the message's columns. Both ways of writing them (app.services.intake on SQLite,
app.services.intake_statement on PostgreSQL) take the values from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import language
from app.domain import INBOUND_STATUS, ContactState, Direction, Inbound
from app.models import Address, Contact, Message
from app.spam.evidence import digest
from app.spam.gather import Texts

PREVIEW_CHARS = 200
Copy = tuple[int, int]  # a stored copy's contact and message: the item was delivered before


@dataclass(frozen=True)
class Written:
    """An item stored: its contact (new or joined) and message; `texts`, the spam rules' reading of the
    contact's texts when the writing read it too."""

    contact: Contact
    message: Message
    new_contact: bool
    texts: Texts | None = None


def contact_row(channel: str, state: ContactState, address: Address | None, from_raw: str, at: Any) -> dict:
    """A new contact's columns (channel, state, whose, since when), as both entries write them."""
    whose = {"address_id": address.id, "resident_id": address.resident_id} if address else {}
    times = {"created_at": at, "queued_at": at}
    judged = {"spam_verdict": "clean", "spam_score": 0.0, "spam_reasons": []}  # until app.spam judges it
    return {"channel": channel, "state": state, "from_raw": from_raw[:320], "short_abandon": False, **times, **whose,
            **judged}  # fmt: skip


def latest(inbound: Inbound, preview: str = "", known_language: str | None = None) -> dict[str, Any]:
    """What the item changes in its contact: the last message's time, the preview, the language."""
    return {
        "last_message_at": inbound.received_at,
        "preview": inbound.body.strip()[:PREVIEW_CHARS] or preview,
        "language": known_language or inbound.language or language.guess(inbound.body),
    }


def message(inbound: Inbound, contact_id: int | None) -> dict[str, Any]:
    return {
        "channel": inbound.channel,
        "contact_id": contact_id,
        "direction": Direction.INBOUND,
        "provider_id": inbound.provider_id,
        "body": inbound.body,
        "body_digest": digest(inbound.body) if inbound.body.strip() else None,
        "media": [{"url": m.url, "content_type": m.content_type} for m in inbound.media],
        "status": INBOUND_STATUS,
        "created_at": inbound.received_at,
    }
