"""The event bus between processes (app.realtime.bus) behind the web process's background emitter:
events published faster than one round trip each (a webhook surge: two events a text) reach the
other processes all of them, in the order they were emitted."""

from __future__ import annotations

import threading
import uuid

from app.background_emitter import BackgroundEmitter
from app.realtime.bus import Message, RedisBus
from config import Config

EVENTS = 500


def test_a_burst_of_events_reaches_the_other_process_whole_and_in_order(config: Config) -> None:
    assert config.REDIS_URL
    channel = f"test-bus-{uuid.uuid4().hex}"
    heard: list[Message] = []
    subscribed, all_heard = threading.Event(), threading.Event()

    def deliver(message: Message) -> None:
        heard.append(message)
        if len(heard) == EVENTS:
            all_heard.set()

    listener = RedisBus(config.REDIS_URL, channel)  # another process's end: another origin
    threading.Thread(target=listener.listen, args=(deliver, subscribed), daemon=True).start()
    assert subscribed.wait(10)

    emitter = BackgroundEmitter(RedisBus(config.REDIS_URL, channel))
    for n in range(EVENTS):
        emitter.emit("contact_updated", {"n": n}, to="console", namespace="/console")

    assert all_heard.wait(20), f"{len(heard)} of {EVENTS} events heard"
    assert [m["data"]["n"] for m in heard] == list(range(EVENTS))
    assert {(m["event"], m["to"], m["namespace"]) for m in heard} == {("contact_updated", "console", "/console")}
