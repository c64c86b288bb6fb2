"""The database reads behind a console's view of the queue: the head (the longest-waiting
queued contacts), every claimed contact, the counts, and the pages beyond the head. Each one is
an index range on (state, queued_at) or a primary-key lookup, whatever the size of the queue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session, joinedload

from app import policy
from app.domain import ContactState
from app.models import Contact, StaffUser

Cursor = tuple[datetime, int]  # (queued_at, id) of the last waiting contact a console shows
UNKNOWN_LANGUAGE = "und"  # BCP 47's "undetermined"
_OPEN = (ContactState.QUEUED, ContactState.CLAIMED)


def _contacts(session: Session, query: Select[tuple[Contact]]) -> list[Contact]:
    return list(session.scalars(query.options(joinedload(Contact.address), joinedload(Contact.navigator))))


def _waiting(query: Select, after: Cursor | None, limit: int) -> Select:
    query = query.where(Contact.state == ContactState.QUEUED)
    if after is not None:
        query = query.where(tuple_(Contact.queued_at, Contact.id) > after)
    return query.order_by(Contact.queued_at, Contact.id).limit(limit)


def waiting(session: Session, after: Cursor | None, limit: int) -> list[Contact]:
    """Up to `limit` queued contacts after `after` (from the start without), longest waiting first."""
    return _contacts(session, _waiting(select(Contact), after, limit))


def head_ids(session: Session, size: int) -> list[int]:
    return list(session.scalars(_waiting(select(Contact.id), None, size)))


def claimed(session: Session) -> list[Contact]:
    return _contacts(session, select(Contact).where(Contact.state == ContactState.CLAIMED))


def open_among(session: Session, ids: Iterable[int]) -> list[Contact]:
    """The queued and claimed contacts among `ids`."""
    return _contacts(session, select(Contact).where(Contact.id.in_(list(ids)), Contact.state.in_(_OPEN)))


def counts(session: Session) -> dict:
    """Waiting contacts in all, by channel and by language; claimed contacts in all."""
    rows = session.execute(
        select(Contact.state, Contact.channel, Contact.language, func.count())
        .where(Contact.state.in_(_OPEN))
        .group_by(Contact.state, Contact.channel, Contact.language)
    ).all()
    by_channel: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    for state, channel, language, n in rows:
        if state == ContactState.QUEUED:
            by_channel[channel] += n
            by_language[language or UNKNOWN_LANGUAGE] += n
    claimed_total = sum(n for state, _, _, n in rows if state == ContactState.CLAIMED)
    return {
        "queued": by_channel.total(),
        "claimed": claimed_total,
        "by_channel": dict(by_channel),
        "by_language": dict(by_language),
    }


def page(session: Session, actor: StaffUser, after: Cursor | None, size: int) -> tuple[list[Contact], bool]:
    """The next `size` waiting contacts after `after`, and whether more wait beyond them."""
    policy.authorize(actor, "contact.list")
    contacts = waiting(session, after, size + 1)
    return contacts[:size], len(contacts) > size
