"""Publishing events to the other processes leaves request threads: one daemon thread per
process (a greenlet under gevent) publishes them in order.

A publish on the Redis bus is a network call; a slow or unreachable Redis must never delay a
webhook's answer to Twilio or a navigator's ack. Pushes are hints (a console resyncs from the
database on reconnect), so when the backlog is full new ones are dropped."""

from __future__ import annotations

import logging
import queue
import threading

from app.db import Emitter

log = logging.getLogger(__name__)
BACKLOG = 10_000


class BackgroundEmitter:
    def __init__(self, emitter: Emitter) -> None:
        self._emitter = emitter
        self._pending: queue.Queue[tuple[str, dict, str | list[str], str]] = queue.Queue(maxsize=BACKLOG)
        threading.Thread(target=self._drain, name="event-publishes", daemon=True).start()

    def emit(self, event: str, data: dict, *, to: str | list[str], namespace: str) -> None:
        try:
            self._pending.put_nowait((event, data, to, namespace))
        except queue.Full:
            log.warning("dropping %s: %d pushes waiting (is Redis reachable?)", event, BACKLOG)

    def _drain(self) -> None:
        while True:
            event, data, to, namespace = self._pending.get()
            try:
                self._emitter.emit(event, data, to=to, namespace=namespace)
            except Exception:
                log.exception("could not push %s", event)
