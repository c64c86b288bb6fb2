"""Abandonment, one classification for every channel (docs/spam.md, "Abandonment"): a resident
who leaves while waiting is abandoned in queue, with the wait, and a short abandon when that wait
was under SHORT_ABANDON_SECONDS; one who hangs up in the phone menu never reached the queue; one
who asked to be called back keeps their place and did not abandon. The contact's outcome,
wait_seconds and short_abandon columns hold it, for live statistics and reports alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app import events
from app.db import ports
from app.domain import ContactState
from app.models import Contact
from app.models.base import utcnow
from app.services import states

ABANDONED_IN_QUEUE, SHORT_ABANDON = "abandoned_in_queue", "short_abandon"
HUNG_UP_IN_MENU, CALLBACK_REQUESTED = "hung_up_in_menu", "callback_requested"


def abandon(session: Session, contact: Contact, wait_seconds: int | None) -> Contact | None:
    """Close a queued contact whose resident left (any channel); None when it was not waiting."""
    now = utcnow()
    waited = wait_seconds if wait_seconds is not None else _seconds_since(contact.queued_at, now)
    short = waited < ports(session).config.SHORT_ABANDON_SECONDS
    values = {"outcome": ABANDONED_IN_QUEUE, "wait_seconds": waited, "short_abandon": short, "closed_at": now}
    moved = states.move(session, contact.id, from_state=ContactState.QUEUED, to_state=ContactState.CLOSED,
                        reason="abandoned", actor_id=None, values=values)  # fmt: skip
    if moved is not None:
        events.contact_changed(session, "contact_closed", moved, reason="abandoned")
    return moved


def classify(contact: Contact, callback_requested: bool = False) -> str | None:
    """abandoned_in_queue, short_abandon, hung_up_in_menu, callback_requested, or None (not an
    abandonment: answered, still waiting, turned away as spam...)."""
    if callback_requested:
        return CALLBACK_REQUESTED
    if contact.outcome == ABANDONED_IN_QUEUE:
        return SHORT_ABANDON if contact.short_abandon else ABANDONED_IN_QUEUE
    return HUNG_UP_IN_MENU if contact.outcome == HUNG_UP_IN_MENU else None


def _seconds_since(moment: datetime, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds()))
