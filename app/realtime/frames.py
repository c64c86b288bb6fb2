"""Snapshots and frames of the console's view of the queue (docs/socket-protocol.md).

The view is the head (the `QUEUE_HEAD` longest-waiting queued contacts), every claimed contact
and the counts. A frame carries the changes that arrived since the last one, in order, and what
a console needs to bring any view it holds up to the database's at the time of the frame: the
current summary of every changed contact still in the view, the summaries of the contacts that
entered the head, the head's ids and the counts. Which contacts entered the head is judged
against `_known`: the head contacts every console of this process holds already."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import serializers
from app.domain import ContactState
from app.models import Contact
from app.realtime import view
from app.realtime.coalescer import Change


def _in_queue_order(contacts: list[Contact]) -> list[dict]:
    return [serializers.contact_summary(c) for c in sorted(contacts, key=lambda c: (c.queued_at, c.id))]


class QueueFrames:
    def __init__(self, head_size: int) -> None:
        self._head_size = head_size
        self._known: set[int] | None = None  # None: no snapshot sent yet

    def snapshot(self, session: Session) -> dict:
        """The view now: a new console starts from it."""
        head = view.waiting(session, None, self._head_size)
        ids = {contact.id for contact in head}
        self._known = ids if self._known is None else self._known & ids
        return {"contacts": _in_queue_order(head + view.claimed(session)), "counts": view.counts(session)}

    def frame(self, session: Session, changes: list[Change]) -> dict:
        head = view.head_ids(session, self._head_size)
        in_head = set(head)
        touched = {change["data"]["contact_id"] for change in changes}
        wanted = touched | (in_head - (self._known or set()))
        shown = [c for c in view.open_among(session, wanted) if c.state == ContactState.CLAIMED or c.id in in_head]
        self._known = in_head
        return {"changes": changes, "contacts": _in_queue_order(shown), "head": head, "counts": view.counts(session)}
