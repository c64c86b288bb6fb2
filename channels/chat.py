"""The web chat channel: a navigator's reply reaches the visitor's page as a `chat_message` in
their room of the /chat namespace. The process's emitter carries it: from a worker over the Redis
event bus to every web process, which hands it to its own sockets (app.realtime.hub). It counts as
delivered once emitted; a visitor who is away finds it in the history when they come back."""

from __future__ import annotations

from flask import current_app

from app.chat import rooms
from app.domain import Channel, Direction, Outbound, SendResult
from app.models.base import utcnow
from config import Config


class ChatAdapter:
    channel = Channel.CHAT

    def send(self, outbound: Outbound, config: Config) -> SendResult:
        payload = {
            "id": outbound.message_id, "direction": Direction.OUTBOUND.value, "body": outbound.body,
            "created_at": utcnow().isoformat(),
        }  # fmt: skip
        emitter = current_app.extensions["switchboard.ports"].emitter  # jobs run in the app's context
        emitter.emit(rooms.MESSAGE, payload, to=rooms.visitor_room(outbound.to), namespace=rooms.NAMESPACE)
        return SendResult(provider_id=f"chat-{outbound.message_id}", status="delivered")
