"""The event bus between processes: JSON messages on one Redis pub/sub channel.

Every process publishes its events there; every web process listens and delivers the events of
the other processes to its own consoles (it has delivered its own already, without Redis). A
message names the process it came from, so that no process delivers its own events twice."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from redis import Redis

log = logging.getLogger(__name__)
Message = dict[str, Any]
Event = tuple[str, dict, str | list[str], str]  # name, data, rooms, namespace
Deliver = Callable[[Message], None]
MAX_PAUSE_SECONDS = 30


class RedisBus:
    def __init__(self, url: str, channel: str) -> None:
        # Not the bare SOCKETIO_CHANNEL: during an upgrade, processes of the version before
        # still publish Socket.IO's own messages there.
        self.channel = f"{channel}:events"
        self.origin = uuid.uuid4().hex
        self._redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        # No read timeout for listening: a quiet channel is normal. Keepalive notices a lost Redis.
        self._listening = Redis.from_url(url, socket_connect_timeout=2, socket_keepalive=True)

    def emit(self, event: str, data: dict, *, to: str | list[str], namespace: str) -> None:
        """Publish one event (the `Emitter` of app.db): a network call, so never on a request's
        path (app.background_emitter)."""
        self.publish([(event, data, to, namespace)])

    def publish(self, events: Sequence[Event]) -> None:
        """Publish `events` in order, in one round trip (a surge's events go out in batches)."""
        pipe = self._redis.pipeline(transaction=False)
        for event, data, to, namespace in events:
            message = {"origin": self.origin, "event": event, "data": data, "to": to, "namespace": namespace}
            pipe.publish(self.channel, json.dumps(message))
        pipe.execute()

    def listen(self, deliver: Deliver, subscribed: threading.Event) -> None:
        """Forever: hand every other process's events to `deliver`; `subscribed` is set once
        the subscription holds. A lost connection is logged and subscribed again, backing off."""
        pause = 1.0
        while True:
            if self._listen_once(deliver, subscribed):
                pause = 1.0
            time.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE_SECONDS)

    def _listen_once(self, deliver: Deliver, subscribed: threading.Event) -> bool:
        """Listen until the connection fails; True when it had subscribed."""
        pubsub = self._listening.pubsub()
        held = False
        try:
            pubsub.subscribe(self.channel)
            for item in pubsub.listen():
                held = True
                self._receive(item, deliver, subscribed)
        except Exception as error:
            log.warning("event bus: %s; subscribing again", type(error).__name__)
        finally:
            pubsub.close()
        return held

    def _receive(self, item: dict, deliver: Deliver, subscribed: threading.Event) -> None:
        if item["type"] == "subscribe":
            subscribed.set()
            return
        message = _decode(item["data"]) if item["type"] == "message" else None
        if message is None or message["origin"] == self.origin:
            return
        try:
            deliver(message)
        except Exception:  # one bad delivery must not cost the subscription
            log.exception("could not deliver %s", message["event"])


def _decode(raw: bytes) -> Message | None:
    try:
        message = json.loads(raw)
        if isinstance(message, dict) and {"origin", "event", "data", "to", "namespace"} <= message.keys():
            return message
    except ValueError:
        pass
    log.warning("event bus: ignoring a message that is not ours")
    return None
