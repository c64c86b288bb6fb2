"""Judging a contact: gather its evidence, score it, keep the verdict on the contact, and turn
away what is spam with high confidence or blocked, when it is still waiting (in the queue or the
phone menu; never a contact a navigator holds). A supervisor's review is never overwritten."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import events
from app.db import ports
from app.domain import ContactState
from app.models import Contact
from app.models.base import utcnow
from app.services import states
from app.spam import gather
from app.spam.scoring import Verdict, score
from app.spam.thresholds import thresholds

_STORE = update(Contact).where(Contact.__table__.c.id == bindparam("row_id"))
WAITING = (ContactState.QUEUED, ContactState.MENU)


def judge(session: Session, contact: Contact, *, announced: bool = True, **known: Any) -> bool:
    """Score `contact` again and keep the verdict; True when it was turned away (closed).
    `announced`: the consoles know the contact (a new one about to be announced is not);
    `known`: what the caller holds already (app.spam.gather.evidence's `call` or `only`)."""
    if contact.spam_review is not None:
        return False
    config = ports(session).config
    rules = thresholds(config.SPAM_RULES)
    verdict = score(gather.evidence(session, contact, rules, **known), rules, config.CRISIS_WORDS)
    _store(session, contact, verdict)
    if not verdict.turns_away or contact.state not in WAITING:
        return False
    return _turn_away(session, contact, verdict.verdict, announced)


def _store(session: Session, contact: Contact, verdict: Verdict) -> None:
    values: dict[str, Any] = {
        "spam_verdict": verdict.verdict, "spam_score": verdict.score, "spam_reasons": verdict.reasons,
    }  # fmt: skip
    if all(getattr(contact, name) == value for name, value in values.items()):
        return
    session.connection().execute(_STORE, {"row_id": contact.id, **values})
    for name, value in values.items():
        set_committed_value(contact, name, value)


def _turn_away(session: Session, contact: Contact, why: str, announced: bool) -> bool:
    values = {"outcome": why, "closed_at": utcnow()}
    was = ContactState(contact.state)
    moved = states.move(session, contact.id, from_state=was, to_state=ContactState.CLOSED, reason=why,
                        actor_id=None, values=values)  # fmt: skip
    if moved is not None and announced and was == ContactState.QUEUED:
        events.contact_changed(session, "contact_closed", moved, reason=why)
    return moved is not None
