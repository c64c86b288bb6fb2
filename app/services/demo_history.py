"""A day of history for the demo, so the supervisors' board and the funder's report show real
figures at once: texts and calls from earlier today, answered by the demo navigators and closed
with a disposition, some calls abandoned in the queue (a few short abandons), surveys answered,
and the day's sessions on the public directory. Every contact enters through the intake funnel
and moves through the one state machine, each move dated when it happened."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session

from app.directory.visits import VisitDay
from app.domain import Channel, ContactState, Disposition, Inbound, IncomingCall
from app.models import ContactEvent, StaffUser
from app.services import intake, states
from app.services.abandonment import ABANDONED_IN_QUEUE

Q, C, X, M = ContactState.QUEUED, ContactState.CLAIMED, ContactState.CLOSED, ContactState.MENU
CONTACTS = 36
WEBSITE_SESSIONS = 57
NEEDS = (
    "I need help paying my hydro bill", "Where can I get groceries this week?", "Looking for a family doctor",
    "My landlord wants me out, what can I do?", "Is there a drop-in for seniors near me?",
    "J'ai besoin d'une banque alimentaire", "Where can I get a free tax clinic?", "I need a ride to dialysis",
)  # fmt: skip
PLACES = ("Scarborough", "Etobicoke", "North York", "East York", "downtown")
DISPOSITIONS = (Disposition.REFERRAL_GIVEN, Disposition.INFORMATION_GIVEN, Disposition.REFERRAL_GIVEN,
                Disposition.NO_SERVICE_AVAILABLE)  # fmt: skip
SATISFACTION = ("very_satisfied", "satisfied", "very_satisfied", "not_satisfied")


def load(session: Session, navigators: Sequence[StaffUser], start: datetime, end: datetime, day: date) -> None:
    """CONTACTS contacts spread between `start` and `end`; `day` (the local day) for the sessions."""
    rng = random.Random(211)  # the same history every time it is loaded
    step = (end - start) / CONTACTS
    for index in range(CONTACTS):
        arrived = start + step * index + step * rng.random() / 2
        navigator = navigators[index % len(navigators)]
        if index % 2 == 0:  # as many calls as texts
            _call(session, rng, index, arrived, navigator)
        else:
            _text(session, rng, index, arrived, navigator)
    session.merge(VisitDay(day=day, sessions=WEBSITE_SESSIONS))


def _need(index: int) -> str:
    """Every text its own words: copies of one text from many numbers would be judged spam."""
    return f"{NEEDS[index % len(NEEDS)]} ({PLACES[index % len(PLACES)]})"


def _number(index: int) -> str:
    return f"+1416555{index + 2000:04d}"


def _text(session: Session, rng: random.Random, index: int, at: datetime, navigator: StaffUser) -> None:
    inbound = Inbound(channel=Channel.SMS, provider_id=f"SMhistory{index:024d}", from_raw=_number(index),
                      to_raw="211", body=_need(index), received_at=at)  # fmt: skip
    contact_id = intake.receive(session, inbound).contact_id
    _date_event(session, contact_id, ContactEvent.from_state.is_(None), at)
    _serve(session, rng, contact_id, at, navigator, rng.randint(40, 420))


def _call(session: Session, rng: random.Random, index: int, at: datetime, navigator: StaffUser) -> None:
    call = intake.receive_call(session, IncomingCall(f"CAhistory{index:024d}", _number(index), at, "TORONTO", "ON"))
    _date_event(session, call.contact_id, ContactEvent.from_state.is_(None), at)
    queued = at + timedelta(seconds=20)
    values = {
        "language": "fr" if index % 4 == 0 else "en",
        "queued_at": queued,
        "preview": "Phone call from Toronto, ON",
    }
    _move(session, call.contact_id, M, Q, "queued", None, values, queued)
    call.status, call.language_chosen = "completed", True
    if index % 8 == 6:  # one call in four hung up while waiting (every other one a short abandon)
        waited = 3 if index % 16 == 6 else rng.randint(60, 400)
        left_at = queued + timedelta(seconds=waited)
        left = {"outcome": ABANDONED_IN_QUEUE, "wait_seconds": waited, "short_abandon": waited < 5}
        _move(session, call.contact_id, Q, X, "abandoned", None, {**left, "closed_at": left_at}, left_at)
        call.queue_result = "hangup"
        return
    _serve(session, rng, call.contact_id, queued, navigator, rng.randint(15, 150), rng.choice(SATISFACTION))


def _serve(session: Session, rng: random.Random, contact_id: int, queued: datetime, navigator: StaffUser,
           wait: int, satisfaction: str | None = None) -> None:  # fmt: skip
    claimed = queued + timedelta(seconds=wait)
    closed = claimed + timedelta(seconds=rng.randint(180, 900))
    _move(session, contact_id, Q, C, "claimed", navigator.id, {"navigator_id": navigator.id, "claimed_at": claimed},
          claimed)  # fmt: skip
    ended = {"disposition": rng.choice(DISPOSITIONS), "closed_at": closed, "satisfaction": satisfaction}
    _move(session, contact_id, C, X, "closed", navigator.id, ended, closed)


def _move(session: Session, contact_id: int, from_state: ContactState, to_state: ContactState, reason: str,
          actor_id: int | None, values: Mapping[str, object], at: datetime) -> None:  # fmt: skip
    """One move of the state machine, its event dated `at` (the machine dates events now)."""
    states.move(session, contact_id, from_state=from_state, to_state=to_state, reason=reason, actor_id=actor_id,
                values=values)  # fmt: skip
    _date_event(session, contact_id, ContactEvent.to_state == to_state, at)


def _date_event(session: Session, contact_id: int, which: ColumnElement[bool], at: datetime) -> None:
    session.execute(update(ContactEvent).where(ContactEvent.contact_id == contact_id, which).values(at=at))
