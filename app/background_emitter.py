"""Publishing events to the other processes leaves request threads: one daemon thread per
process (a greenlet under gevent) publishes them in order, what waits in one round trip.

A publish on the Redis bus is a network call; a slow or unreachable Redis must never delay a
webhook's answer to Twilio or a navigator's ack. Pushes are hints (a console resyncs from the
database on reconnect), so when the backlog is full new ones are dropped."""

from __future__ import annotations

import logging
import queue
import threading

from app.realtime.bus import Event, RedisBus

log = logging.getLogger(__name__)
BACKLOG = 10_000
BATCH = 100  # events published in one round trip at most


class BackgroundEmitter:
    def __init__(self, bus: RedisBus) -> None:
        self._bus = bus
        self._pending: queue.Queue[Event] = queue.Queue(maxsize=BACKLOG)
        threading.Thread(target=self._drain, name="event-publishes", daemon=True).start()

    def emit(self, event: str, data: dict, *, to: str | list[str], namespace: str) -> None:
        try:
            self._pending.put_nowait((event, data, to, namespace))
        except queue.Full:
            log.warning("dropping %s: %d pushes waiting (is Redis reachable?)", event, BACKLOG)

    def _drain(self) -> None:
        while True:
            batch = self._waiting()
            try:
                self._bus.publish(batch)
            except Exception:
                log.exception("could not push %d events (%s first)", len(batch), batch[0][0])

    def _waiting(self) -> list[Event]:
        """The next event (waiting for one), and those behind it, up to BATCH."""
        batch = [self._pending.get()]
        while len(batch) < BATCH:
            try:
                batch.append(self._pending.get_nowait())
            except queue.Empty:
                break
        return batch
