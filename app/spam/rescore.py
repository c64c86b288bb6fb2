"""Rescoring past contacts after a change of the rules or of SPAM_RULES: every contact created in
a range of days is judged again (app.spam.service.judge), a batch per transaction, and what
changed is counted by direction ("clean -> suspect"). Evidence windows end at each contact's own
time (app.spam.gather), so rescoring twice gives the same verdicts.

Two kinds of contact are left as they are: those a supervisor reviewed (a review is never
overwritten), and those still waiting, in the phone menu or the queue. Judging a waiting contact
may turn it away, and a caller on hold would stay in Twilio's queue with no contact a navigator
could claim; a waiting contact is judged again anyway as it goes on (its next text, its call's
end)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.db import Database
from app.errors import InvalidRequest
from app.models import Contact
from app.spam import service

BATCH = 200  # contacts per transaction: each one's row stays locked until its batch commits
UNCHANGED, REVIEWED, WAITING = "unchanged", "skipped, reviewed", "skipped, still waiting"


def window(first: date, last: date, time_zone: str) -> tuple[datetime, datetime]:
    """From the start of day `first` to the end of day `last`, local days in `time_zone`."""
    if first > last:
        raise InvalidRequest(_("The range ends (%(last)s) before it starts (%(first)s).", last=last, first=first))
    zone = ZoneInfo(time_zone)
    try:
        end = datetime.combine(last + timedelta(days=1), time.min, zone).astimezone(UTC)
        return datetime.combine(first, time.min, zone).astimezone(UTC), end
    except OverflowError:
        raise InvalidRequest(
            _("No contact is that old or that new (%(first)s to %(last)s).", first=first, last=last)
        ) from None


def rescore(
    database: Database, start: datetime, end: datetime, *, batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> Counter[str]:  # fmt: skip
    """Judge again the contacts created from `start` (included) to `end` (excluded); how many
    changed, by direction, and how many did not or were skipped. `progress`: told the number
    done after each batch."""
    counts: Counter[str] = Counter()
    after = 0
    while True:
        with database.transaction() as session:
            contacts = _batch(session, start, end, after, batch)
            counts.update(_rescored(session, contact) for contact in contacts)
        if progress is not None:
            progress(counts.total())
        if len(contacts) < batch:
            return counts
        after = contacts[-1].id


def _batch(session: Session, start: datetime, end: datetime, after: int, size: int) -> list[Contact]:
    """The next contacts by id, locked: a review or a move meanwhile waits rather than crosses."""
    query = select(Contact).where(Contact.created_at >= start, Contact.created_at < end, Contact.id > after)
    query = query.order_by(Contact.id).limit(size).with_for_update(of=Contact)
    return list(session.scalars(query.options(selectinload(Contact.address))))


def _rescored(session: Session, contact: Contact) -> str:
    """What judging `contact` again did to its verdict: "clean -> suspect", unchanged, or skipped."""
    if contact.spam_review is not None:
        return REVIEWED
    if contact.state in service.WAITING:
        return WAITING
    before = contact.spam_verdict
    service.judge(session, contact)
    return UNCHANGED if contact.spam_verdict == before else f"{before} -> {contact.spam_verdict}"
