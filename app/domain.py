"""The vocabulary of Switchboard, fixed once: channels, contact states, message directions and
delivery statuses, dispositions, staff roles, and the Inbound type every channel adapter
produces. Nothing here touches the database or a framework."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from app.errors import NotFound


class Channel(enum.StrEnum):
    VOICE = "voice"
    SMS = "sms"
    CHAT = "chat"
    EMAIL = "email"


class ContactState(enum.StrEnum):
    MENU = "menu"  # a call in the phone menu, not yet in the queue
    QUEUED = "queued"
    CLAIMED = "claimed"
    CLOSED = "closed"


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Role(enum.StrEnum):
    NAVIGATOR = "navigator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Disposition(enum.StrEnum):
    INFORMATION_GIVEN = "information_given"
    REFERRAL_GIVEN = "referral_given"
    NO_SERVICE_AVAILABLE = "no_service_available"
    RESIDENT_DISCONNECTED = "resident_disconnected"
    WRONG_NUMBER = "wrong_number"
    SPAM = "spam"


class OptOut(enum.StrEnum):
    """A resident's consent change carried by an inbound message."""

    STOP = "stop"
    START = "start"


# Outbound delivery statuses ranked so a status only ever moves forward: providers' callbacks
# arrive out of order, and a late "sent" must not undo a "delivered".
DELIVERY_RANK: dict[str, int] = {
    "pending": 0,
    "accepted": 1,
    "scheduled": 1,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "read": 5,
}
INBOUND_STATUS = "received"

# Every id column is a PostgreSQL `integer`: a larger id names no row, and sent to the database
# it is an error ("integer out of range"), not an answer. Clients' ids are checked against it.
MAX_ID = 2**31 - 1
# Lengths of the columns that hold a provider's identifiers (message.provider_id, .error_code).
PROVIDER_ID_MAX = 100
PROVIDER_CODE_MAX = 40


def known_id(value: int, kind: str) -> int:
    """`value` when a row can have it (1 to MAX_ID); else NotFound, before the database sees it."""
    if not 0 < value <= MAX_ID:
        raise NotFound(f"{kind} {value} does not exist.")
    return value


def digits(text: str) -> bool:
    """Only the digits 0-9: Python's isdigit() also takes "²" or "①", which int() refuses."""
    return text.isascii() and text.isdigit()


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True)
class Inbound:
    """One inbound item, translated by a channel adapter into our own terms."""

    channel: Channel
    provider_id: str
    from_raw: str
    to_raw: str
    body: str
    received_at: datetime
    media: tuple[Media, ...] = field(default_factory=tuple)
    opt_out: OptOut | None = None
    language: str | None = None
    # The provider ids of earlier messages this one answers (an email's In-Reply-To and
    # References): intake threads it into the open contact that holds one of them.
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class IncomingCall:
    """A call as Twilio announces it, in our terms: each call is a contact of its own."""

    call_sid: str
    from_raw: str
    received_at: datetime
    city: str = ""
    province: str = ""
    country: str = ""
    stir_verstat: str | None = None


@dataclass(frozen=True)
class Outbound:
    """What a channel adapter needs to deliver one message; no database objects leak out."""

    message_id: int
    channel: Channel
    to: str
    body: str
    # An email's subject and thread (app.mail.replies); other channels leave them empty.
    subject: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    status: str


@dataclass(frozen=True)
class DeliveryStatus:
    """A provider's delivery report for one of our outbound messages."""

    message_id: int | None
    provider_id: str
    status: str
    error_code: str | None
