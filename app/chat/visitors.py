"""The visitors' sockets this process holds: which conversation (and contact) each one serves,
so that a disconnect knows whether it was the conversation's last socket here, and the queue's
changes reach the visitors waiting here. In memory: a web process knows only its own sockets
(proxies keep a visitor on one process: docs/operations.md, sticky sessions)."""

from __future__ import annotations

import threading
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Visitor:
    public_id: str
    conversation_id: int
    contact_id: int | None
    address: str  # the client's, for the per-address limits
    language: str  # of the refusals they read


TURNS = 64  # locks shared by conversations (striped): bounded memory, rare waits


class Visitors:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turns = [threading.Lock() for _ in range(TURNS)]
        self._by_sid: dict[str, Visitor] = {}
        self._sockets: Counter[str] = Counter()  # public id -> sockets here

    def add(self, sid: str, visitor: Visitor) -> None:
        with self._lock:
            self._by_sid[sid] = visitor
            self._sockets[visitor.public_id] += 1

    def turn(self, public_id: object) -> AbstractContextManager[object]:
        """Held by a conversation's socket while it connects or disconnects here, so that a
        reload's departure and return are recorded and told in the order they happened."""
        return self._turns[hash(public_id) % TURNS] if isinstance(public_id, str) else nullcontext()

    def get(self, sid: str) -> Visitor | None:
        with self._lock:
            return self._by_sid.get(sid)

    def remove(self, sid: str) -> tuple[Visitor | None, bool]:
        """The socket's visitor, and whether it was their conversation's last socket here."""
        with self._lock:
            visitor = self._by_sid.pop(sid, None)
            if visitor is None:
                return None, False
            self._sockets[visitor.public_id] -= 1
            last = self._sockets[visitor.public_id] <= 0
            if last:
                del self._sockets[visitor.public_id]
            return visitor, last

    def with_contact(self, public_id: str, contact_id: int) -> list[str]:
        """Record the conversation's new contact on its sockets here; their sids."""
        with self._lock:
            sids = [sid for sid, v in self._by_sid.items() if v.public_id == public_id]
            for sid in sids:
                self._by_sid[sid] = replace(self._by_sid[sid], contact_id=contact_id)
            return sids

    def contact_ids(self) -> set[int]:
        with self._lock:
            return {v.contact_id for v in self._by_sid.values() if v.contact_id is not None}
