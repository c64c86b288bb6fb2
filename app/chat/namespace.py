"""The /chat Socket.IO namespace: residents' side of a web chat (docs/socket-protocol.md, "Web
chat"). A socket connects from one of our origins with a visitor token (or the pre-chat answers,
to start a chat) and then serves that one conversation; every command is one service call, its
refusal an ack the resident reads in their language. No staff session is involved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, join_room
from sqlalchemy.orm import Session

from app import events
from app.chat import console_typing, entry, rooms, service, status, survey, tokens
from app.chat.limits import ChatLimits
from app.chat.service import ChatRefused
from app.chat.texts import refusal
from app.chat.updates import Updates
from app.chat.visitors import Visitor, Visitors
from app.console.admission import Admission
from app.db import on_commit
from app.realtime import failures
from app.realtime.failures import Ack
from app.realtime.hub import current_hub
from app.runtime import config as current_config
from app.runtime import database
from config import Config


class ChatNamespace(Namespace):
    def __init__(self, admission: Admission, socketio: SocketIO, config: Config) -> None:
        super().__init__(rooms.NAMESPACE)
        self.admission, self.visitors = admission, Visitors()
        self.limits = ChatLimits(config)
        self.updates = Updates(socketio, self.visitors)

    def on_connect(self, auth: Any = None) -> None:
        if request.headers.get("Origin") not in current_config().allowed_origins:
            raise ConnectionRefusedError("origin")
        with self.visitors.turn(auth.get("conversation") if isinstance(auth, dict) else None):
            self._open(request.sid, auth)  # type: ignore[attr-defined]

    def _open(self, sid: str, auth: Any) -> None:
        address = request.remote_addr or "unknown"
        with database().transaction() as session:
            conversation = entry.open_conversation(session, auth, address, self.limits.starts)
            visitor = Visitor(conversation.public_id, conversation.id, conversation.contact_id, address,
                              conversation.language)  # fmt: skip
            back = entry.presence_rooms(session, conversation)
        self.visitors.add(sid, visitor)
        join_room(rooms.visitor_room(visitor.public_id))
        if visitor.contact_id is not None:
            join_room(rooms.contact_room(visitor.contact_id))
        self.admission.signed_in(self.socketio.server.manager.eio_sid_from_sid(sid, self.namespace))
        self.updates.start(current_app._get_current_object())  # type: ignore[attr-defined]
        entry.tell_console(back, visitor, present=True)

    def on_disconnect(self, reason: str | None = None) -> None:
        sid: str = request.sid  # type: ignore[attr-defined]
        with self.visitors.turn(getattr(self.visitors.get(sid), "public_id", None)):
            visitor, last = self.visitors.remove(sid)
            if visitor is not None and last:
                entry.left(visitor)

    def on_hello(self, data: Any = None) -> Ack:
        """The page's first word on each connection: a fresh token (so an active chat's never
        expires) and everything to show."""

        def hello(session: Session, visitor: Visitor) -> Ack:
            conversation = service.of_visitor(session, visitor)
            token = tokens.issue(current_config().SECRET_KEY, conversation.public_id)
            return {"token": token, "state": status.view(session, conversation)}

        return self._run(hello)

    def on_message(self, data: Any = None) -> Ack:
        visitor = self.visitors.get(request.sid)  # type: ignore[attr-defined]
        if visitor is not None and not self.limits.message_allowed(visitor):
            return _refused(ChatRefused("too_fast"), visitor)

        def send(session: Session, visitor: Visitor) -> Ack:
            message = service.send(session, service.of_visitor(session, visitor), data)
            contact = service.contact_of(session, service.of_visitor(session, visitor))
            assert contact is not None
            return {"message": status.message(message), "contact_id": contact.id, **status.place(session, contact)}

        ack = self._run(send)
        if ack["ok"] and visitor is not None:
            self._sent(visitor, ack)
        return ack

    def _sent(self, visitor: Visitor, ack: Ack) -> None:
        self.limits.message_sent(visitor)
        if visitor.contact_id is None:  # the first message created the contact: its sockets follow it
            for sid in self.visitors.with_contact(visitor.public_id, ack["contact_id"]):
                join_room(rooms.contact_room(ack["contact_id"]), sid=sid)
        room = rooms.visitor_room(visitor.public_id)  # the visitor's other tabs show it too
        current_hub().emit(rooms.MESSAGE, ack["message"], to=room, namespace=rooms.NAMESPACE)

    def on_typing(self, data: Any = None) -> Ack:
        typing = bool(data.get("typing")) if isinstance(data, dict) else False

        def relay(session: Session, visitor: Visitor) -> Ack:
            navigator = entry.presence_rooms(session, service.of_visitor(session, visitor))
            if navigator and visitor.contact_id is not None:
                payload = {"contact_id": visitor.contact_id, "typing": typing}
                current_hub().emit(rooms.TYPING, payload, to=navigator, namespace=events.NAMESPACE)
            return {}

        return self._run(relay)

    def on_end(self, data: Any = None) -> Ack:
        def end(session: Session, visitor: Visitor) -> Ack:
            conversation = service.of_visitor(session, visitor)
            navigator = entry.presence_rooms(session, conversation)
            service.end(session, conversation)
            on_commit(session, lambda: entry.tell_console(navigator, visitor, present=False, ended=True))
            return {"state": status.view(session, conversation)}

        return self._run(end)

    def on_survey(self, data: Any = None) -> Ack:
        return self._run(lambda s, visitor: {"answer": survey.answer(s, service.of_visitor(s, visitor), data)})

    def on_transcript(self, data: Any = None) -> Ack:
        return self._run(lambda s, v: {"asked": survey.request_transcript(s, service.of_visitor(s, v), data).id})

    def failed(self) -> Ack:  # what the resident reads when a command failed unexpectedly (app.realtime.failures)
        return _refused(ChatRefused("invalid"), self.visitors.get(request.sid))  # type: ignore[attr-defined]

    def _run(self, handler: Callable[[Session, Visitor], Ack]) -> Ack:
        visitor = self.visitors.get(request.sid)  # type: ignore[attr-defined]
        if visitor is None:
            return {"ok": False, "error": "invalid", "message": refusal("invalid", "en")}
        if not self.limits.command_allowed(visitor):
            return _refused(ChatRefused("too_fast"), visitor)
        try:
            with database().transaction() as session:
                return {"ok": True, **handler(session, visitor)}
        except ChatRefused as refused:
            return _refused(refused, visitor)


def _refused(refused: ChatRefused, visitor: Visitor | None) -> Ack:
    lang = visitor.language if visitor else "en"
    return {"ok": False, "error": refused.code, "message": refusal(refused.code, lang, **refused.values)}


def register(socketio: SocketIO, admission: Admission, config: Config) -> None:
    chats = ChatNamespace(admission, socketio, config)
    socketio.on_namespace(chats)
    failures.register(socketio, rooms.NAMESPACE, chats.failed)
    console_typing.register(socketio)
