"""The queue's changes, as the visitors waiting here see them. This process's hub hands every
event it hears (its own, and every other process's over the Redis bus) to `heard`; a background
task then sends, at most every PAUSE_SECONDS: the whole `chat_state` to a visitor whose contact
was claimed, released or closed, and `chat_place` (position, estimated wait) to the others
still waiting. Listening starts the hub: a process serving only chats still hears the bus."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import events
from app.chat import rooms, status
from app.chat.models import ChatConversation
from app.chat.visitors import Visitors
from app.domain import Channel, ContactState
from app.models import Contact
from app.realtime.bus import Message
from app.realtime.hub import current_hub
from app.runtime import database

log = logging.getLogger(__name__)
PAUSE_SECONDS = 0.3
_MOVES = events.QUEUE_CHANGES - {"contact_updated"}


class Updates:
    def __init__(self, socketio: SocketIO, visitors: Visitors) -> None:
        self._socketio, self._visitors = socketio, visitors
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._changed: set[int] = set()
        self._starting = threading.Lock()

    def start(self, app: Flask) -> None:
        """Once per process, from the first visitor's connect (in the app's context)."""
        if self._starting.acquire(blocking=False):
            current_hub().listen(self.heard)
            self._socketio.start_background_task(self._run, app)

    def heard(self, message: Message) -> None:
        if message.get("namespace") != events.NAMESPACE or message.get("event") not in events.QUEUE_CHANGES:
            return
        contact = message["data"].get("contact") or {}
        if contact.get("channel") == Channel.CHAT and message["event"] in _MOVES:
            with self._lock:
                self._changed.add(contact["id"])
        self._wake.set()

    def _run(self, app: Flask) -> None:
        while True:
            self._wake.wait()
            self._socketio.sleep(PAUSE_SECONDS)  # one push for a burst of changes
            self._wake.clear()
            try:
                with app.app_context(), database().transaction() as session:
                    self._push(session)
            except Exception:  # a failed push must not end the task: the next change pushes again
                log.exception("could not update waiting chats")

    def _push(self, session: Session) -> None:
        here = self._visitors.contact_ids()
        with self._lock:
            changed, self._changed = self._changed & here, set()
        for contact_id, view in self._views(session, changed):
            self._send(rooms.STATE, view, contact_id)
        waiting = select(Contact).where(Contact.id.in_(here - changed), Contact.state == ContactState.QUEUED)
        for contact in session.scalars(waiting) if here - changed else ():
            self._send(rooms.PLACE, status.place(session, contact), contact.id)

    def _views(self, session: Session, contact_ids: set[int]) -> Iterator[tuple[int, dict]]:
        if not contact_ids:
            return
        found = select(ChatConversation).where(ChatConversation.contact_id.in_(contact_ids))
        for conversation in session.scalars(found):
            assert conversation.contact_id is not None
            yield conversation.contact_id, status.view(session, conversation)

    def _send(self, event: str, data: dict, contact_id: int) -> None:
        self._socketio.emit(event, data, to=rooms.contact_room(contact_id), namespace=rooms.NAMESPACE)
