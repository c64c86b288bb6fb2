"""The simulated phones: each resident number's texts and calls, as the resident sees them. Kept
in this process's memory only (a demo's phones, lost on restart; the contacts themselves are in
Switchboard's database like any other). One web process serves the simulator: the embedded
default and the tests' gunicorn both run exactly one."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from app import phones
from app.simulator.twiml import Gather, Verb


@dataclass
class Text:
    sid: str
    number: str  # the resident's phone
    mine: bool  # written on this phone (to 211), or received from 211
    body: str
    status: str
    at: float = field(default_factory=time.time)


@dataclass
class Heard:
    text: str
    language: str = ""
    note: bool = False  # not words the caller hears: what happens ("You are on hold")


@dataclass
class Waiting:
    """In Twilio's queue: the <Enqueue> the caller is in, and when the wait URL is asked again."""

    queue_sid: str
    action: str
    wait_url: str
    since: float = field(default_factory=time.time)
    again_at: float = 0.0


@dataclass
class SimCall:
    sid: str
    number: str
    inbound: bool  # the resident called 211; otherwise 211 (a callback) calls the resident
    url: str = ""  # an outbound call: what Twilio asks when it is answered
    stage: str = "ringing"  # ringing, menu, queue, conference, ended
    heard: list[Heard] = field(default_factory=list)
    gather: Gather | None = None  # keys are awaited
    after_gather: list[Verb] = field(default_factory=list)  # what follows when no key comes
    waiting: Waiting | None = None
    room: str = ""
    dial_action: str | None = None
    on_hold: bool = False
    started: float = field(default_factory=time.time)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def hear(self, text: str, language: str = "") -> None:
        self.heard.append(Heard(text, language))

    def note(self, text: str) -> None:
        self.heard.append(Heard(text, note=True))

    @property
    def seconds(self) -> int:
        return int(time.time() - self.started)


@dataclass
class Phone:
    number: str
    texts: list[Text] = field(default_factory=list)
    calls: list[SimCall] = field(default_factory=list)


def number_of(raw: str) -> str:
    """One key per phone: E.164 when the text is a number, else the text as typed."""
    parsed = phones.parse(raw.strip())
    return parsed.e164 or raw.strip()


class Phones:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._phones: dict[str, Phone] = {}
        self._calls: dict[str, SimCall] = {}

    def phone(self, raw: str) -> Phone:
        number = number_of(raw)
        with self._lock:
            return self._phones.setdefault(number, Phone(number))

    def add_call(self, call: SimCall) -> SimCall:
        phone = self.phone(call.number)
        with self._lock:
            phone.calls.append(call)
            self._calls[call.sid] = call
        return call

    def call(self, sid: str) -> SimCall | None:
        with self._lock:
            return self._calls.get(sid)

    def calls(self) -> list[SimCall]:
        with self._lock:
            return list(self._calls.values())

    def snapshot(self) -> list[dict[str, Any]]:
        """Every phone, as the page shows it."""
        with self._lock:
            return [_phone_json(phone) for phone in self._phones.values()]


def _phone_json(phone: Phone) -> dict[str, Any]:
    return {
        "number": phone.number,
        "texts": [{"sid": t.sid, "mine": t.mine, "body": t.body, "status": t.status, "at": t.at} for t in phone.texts],
        "calls": [_call_json(call) for call in phone.calls],
    }


def _call_json(call: SimCall) -> dict[str, Any]:
    return {
        "sid": call.sid,
        "inbound": call.inbound,
        "stage": call.stage,
        "on_hold": call.on_hold,
        "keys": call.gather is not None,
        "room": call.room,
        "heard": [{"text": h.text, "language": h.language, "note": h.note} for h in call.heard],
    }
