"""A web process's end of the events: its consoles hear every event, its own and (through the
bus) every other process's. Queue changes leave in coalesced `queue_frame`s; other events
(`message_added`, `message_status`) go to their rooms at once.

Nothing runs until the first console (or supervisors' board) connects here: a process that
serves none (the test runner's app, a CLI command) neither listens to the bus nor sends frames."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask, current_app
from flask_socketio import SocketIO

from app import events, serializers
from app.calls import announcements
from app.db import Database, Emitter
from app.models.base import utcnow
from app.realtime.bus import Message, RedisBus
from app.realtime.coalescer import Coalescer, SnapshotRequest
from app.realtime.frames import QueueFrames

EXTENSION = "switchboard.hub"
SUBSCRIBE_WAIT_SECONDS = 2.0  # a first snapshot waits this long at most for the bus


def current_hub() -> Hub:
    return current_app.extensions[EXTENSION]


class Hub:
    def __init__(self, app: Flask, socketio: SocketIO, bus: RedisBus | None, publish: Emitter | None) -> None:
        """`publish` sends to the other processes (`bus` behind a background emitter)."""
        config = app.config["SWITCHBOARD"]
        self._app, self._socketio, self._bus, self._publish = app, socketio, bus, publish
        self._frames = QueueFrames(config.QUEUE_HEAD)
        self._coalescer = Coalescer(config.FRAME_INTERVAL_SECONDS, self._send_frame, self._send_snapshots)
        self._subscribed = threading.Event()
        self._started = False
        self._starting = threading.Lock()
        self._listeners: list[Callable[[Message], None]] = []  # the supervisors' board (app.board)
        app.extensions[EXTENSION] = self

    def emit(self, event: str, data: dict, *, to: str | list[str], namespace: str) -> None:
        """The web process's `Emitter`: its own consoles at once, the other processes as soon as
        the publishing task runs. Queued for it first, so that it runs before the task that
        sends this process's frames, which `deliver` wakes and which reads the database."""
        if self._publish is not None:
            self._publish.emit(event, data, to=to, namespace=namespace)
        self.deliver({"event": event, "data": data, "to": to, "namespace": namespace})

    def deliver(self, message: Message) -> None:
        if not self._started:
            return  # no console here to hear it
        for listener in self._listeners:
            listener(message)
        if message["event"] in events.QUEUE_CHANGES:
            self._frames.changed()
            self._coalescer.add_change({"event": message["event"], "data": message["data"]})
        else:
            self._socketio.emit(message["event"], message["data"], to=message["to"], namespace=message["namespace"])

    def listen(self, listener: Callable[[Message], None]) -> None:
        """Hand `listener` every event this process hears from now on (starting the hub)."""
        self._listeners.append(listener)
        self._start()

    def send_snapshot(self, sid: str, identity: dict) -> None:
        """Send `sid` its `queue_snapshot` (with `identity`: who the console's user is) soon,
        from the task that sends the frames."""
        self._start()
        self._coalescer.add_snapshot((sid, identity))

    def _start(self) -> None:
        with self._starting:
            if self._started:
                return
            self._started = True
        if self._bus is None:
            self._subscribed.set()
        else:
            self._socketio.start_background_task(self._bus.listen, self.deliver, self._subscribed)
        self._socketio.start_background_task(self._coalescer.run)

    def _database(self) -> Database:
        return self._app.extensions["switchboard.db"]

    def _send_frame(self, changes: list[dict]) -> None:
        with self._database().transaction() as session:
            frame = self._frames.frame(session, changes)
        self._socketio.emit(events.QUEUE_FRAME, frame, to=events.CONSOLE_ROOM, namespace=events.NAMESPACE)

    def _send_snapshots(self, requests: list[SnapshotRequest]) -> None:
        self._subscribed.wait(SUBSCRIBE_WAIT_SECONDS)  # so that no event falls between
        with self._database().transaction() as session:
            state = {**self._frames.snapshot(session)}  # shared by consecutive batches: not written to
            state["announcement"] = serializers.announcement(announcements.current(session))
        state["server_time"] = serializers.iso(utcnow())
        for sid, identity in requests:
            self._socketio.emit(events.CONSOLE_IDENTITY, identity, to=sid, namespace=events.NAMESPACE)
        # One emit for the batch: the snapshot is encoded once however many consoles connected.
        sids = [sid for sid, _ in requests]
        self._socketio.emit(events.QUEUE_SNAPSHOT, state, to=sids, namespace=events.NAMESPACE)
