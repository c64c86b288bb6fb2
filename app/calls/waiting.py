"""What a waiting caller is told: their place in the one queue (every channel's contacts count,
not only Twilio's callers) and an estimate from how fast navigators have been answering lately,
at most once per VOICE_ANNOUNCE_SECONDS so the hold music is not talk."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.calls.models import VoiceCall
from app.db import ports
from app.domain import ContactState
from app.models import Contact, ContactEvent
from app.models.base import utcnow

RECENT = timedelta(minutes=30)  # the pace of the last half hour predicts the next minutes


@dataclass(frozen=True)
class Announcement:
    position: int
    minutes: int | None  # None: no navigator answered lately, so no honest estimate


def position(session: Session, contact: Contact) -> int:
    """1 for the longest-waiting queued contact, whatever its channel."""
    ahead = select(func.count()).where(
        Contact.state == ContactState.QUEUED,
        tuple_(Contact.queued_at, Contact.id) < (contact.queued_at, contact.id),
    )
    return int(session.scalar(ahead) or 0) + 1


def estimated_minutes(session: Session, place: int) -> int | None:
    """Minutes until `place` is answered at the pace of recent claims."""
    since = utcnow() - RECENT
    claims = session.scalar(select(func.count()).where(ContactEvent.reason == "claimed", ContactEvent.at >= since))
    if not claims:
        return None
    per_minute = claims / (RECENT.total_seconds() / 60)
    return max(1, math.ceil(place / per_minute))


def due(session: Session, call: VoiceCall, queue_sid: str) -> Announcement | None:
    """Record Twilio's queue of the call; the announcement to make now, if one is due."""
    if queue_sid and call.queue_sid != queue_sid:
        call.queue_sid = queue_sid
    now = utcnow()
    every = timedelta(seconds=ports(session).config.VOICE_ANNOUNCE_SECONDS)
    if call.contact.state != ContactState.QUEUED or (call.announced_at and now - call.announced_at < every):
        return None
    call.announced_at = now
    place = position(session, call.contact)
    return Announcement(place, estimated_minutes(session, place))
