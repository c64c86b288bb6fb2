"""Snapshots and frames of the console's view of the queue (docs/socket-protocol.md).

The view is the head (the `QUEUE_HEAD` longest-waiting queued contacts), every claimed contact
and the counts. A frame carries the changes that arrived since the last one, in order, and what
a console needs to bring any view it holds up to the database's at the time of the frame: the
current summary of every changed contact still in the view, the summaries of the contacts that
entered the head, the head's ids and the counts. Which contacts entered the head is judged
against `_known`: the head contacts every console of this process holds already."""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from app import serializers
from app.domain import ContactState
from app.models import Contact
from app.realtime import view
from app.realtime.coalescer import Change

REUSE_SECONDS = 1.0  # bounds how long a snapshot could miss a change whose event was lost


def _in_queue_order(contacts: list[Contact]) -> list[dict]:
    return [serializers.contact_summary(c) for c in sorted(contacts, key=lambda c: (c.queued_at, c.id))]


class QueueFrames:
    def __init__(self, head_size: int) -> None:
        self._head_size = head_size
        self._known: set[int] | None = None  # None: no snapshot sent yet
        self._read: tuple[float, dict] | None = None  # (when, the view) of the last snapshot

    def snapshot(self, session: Session) -> dict:
        """The view now: a new console starts from it. Consoles that connect together (a reconnect
        storm) share one reading until this process hears of a queue change (`changed`), for at
        most REUSE_SECONDS. Reading the view afresh for each batch of a storm was a tenth of its
        CPU."""
        if self._read is not None and time.monotonic() - self._read[0] < REUSE_SECONDS:
            return self._read[1]
        head = view.waiting(session, None, self._head_size)
        ids = {contact.id for contact in head}
        self._known = ids if self._known is None else self._known & ids
        state = {"contacts": _in_queue_order(head + view.claimed(session)), "counts": view.counts(session)}
        self._read = (time.monotonic(), state)
        return state

    def changed(self) -> None:
        """A change was heard: the next snapshot reads the database again."""
        self._read = None

    def frame(self, session: Session, changes: list[Change]) -> dict:
        head = view.head_ids(session, self._head_size)
        in_head = set(head)
        touched = {change["data"]["contact_id"] for change in changes}
        wanted = touched | (in_head - (self._known or set()))
        shown = [c for c in view.open_among(session, wanted) if c.state == ContactState.CLAIMED or c.id in in_head]
        self._known = in_head
        return {"changes": changes, "contacts": _in_queue_order(shown), "head": head, "counts": view.counts(session)}
