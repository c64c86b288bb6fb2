"""What happens to simulated calls: what the resident does on the page (call, press keys, let the
menu time out, hang up, answer a callback) and what Switchboard asks of Twilio's REST API (take a
caller out of the queue, call a resident back, hold, end the conference). Each act holds its
call's lock, so a key press and a claim's redirect never interleave on one call."""

from __future__ import annotations

import secrets
import time

from app.simulator.engine import Engine
from app.simulator.phones import SimCall, number_of
from app.simulator.webhooks import absolute

VOICE_PATH = "/twilio/voice"  # the number's voice webhook (docs/voice.md)


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


class Calls:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.phones = engine.phones

    def dial(self, number: str) -> SimCall:
        """The resident calls 211: Twilio asks our voice webhook what to do."""
        call = self.phones.add_call(SimCall(new_sid("CA"), number_of(number), inbound=True, stage="menu"))
        with call.lock:
            self.engine.fetch(call, absolute(self.engine.poster.config, VOICE_PATH), status="ringing")
        return call

    def press(self, call: SimCall, digits: str) -> None:
        with call.lock:
            gather = call.gather
            if gather is None or call.stage == "ended":
                return
            call.gather = None
            call.note(f"You pressed {digits}.")
            self.engine.fetch(call, gather.action, Digits=digits)

    def stay_silent(self, call: SimCall) -> None:
        """No key before the <Gather> times out: Twilio goes on with what follows it."""
        with call.lock:
            if call.gather is None or call.waiting:
                return
            call.gather = None
            call.note("You pressed nothing.")
            self.engine.run(call, call.after_gather)

    def hang_up(self, call: SimCall) -> None:
        with call.lock:
            if call.stage == "ended":
                return
            if call.waiting:
                self.engine.leave_queue(call, "hangup")
            call.note("You hung up.")
            self.engine.finish(call)

    def answer(self, call: SimCall) -> None:
        """A call from 211 (a callback) rings the phone; answered, Twilio asks its URL."""
        with call.lock:
            if call.stage != "ringing":
                return
            call.stage, call.started = "menu", time.time()
            call.note("You answered a call from 2-1-1.")
            self.engine.fetch(call, call.url)

    def decline(self, call: SimCall) -> None:
        with call.lock:
            if call.stage == "ringing":
                call.stage = "ended"
                call.note("You did not answer.")

    def tick(self) -> None:
        """Waiting callers whose hold music has ended: Twilio asks the wait URL again."""
        now = time.time()
        for call in self.phones.calls():
            if call.waiting and call.waiting.again_at <= now and call.lock.acquire(blocking=False):
                try:
                    if call.waiting and call.waiting.again_at <= now:
                        self.engine.ask_wait_url(call)
                finally:
                    call.lock.release()

    # What Switchboard asks through the REST API (app.simulator.twilio_api), after answering it.

    def ring(self, to: str, url: str) -> SimCall:
        call = SimCall(new_sid("CA"), number_of(to), inbound=False, url=url)
        call.note("2-1-1 is calling you.")
        return self.phones.add_call(call)

    def redirect(self, call: SimCall, url: str) -> None:
        """Out of the queue (a claim) or out of whatever it was doing, to `url`."""
        with call.lock:
            if call.stage == "ended":
                return
            if call.waiting:
                self.engine.leave_queue(call, "redirected")
            call.gather, call.stage = None, "menu"
            self.engine.fetch(call, url)

    def hold(self, call: SimCall, on: bool) -> None:
        with call.lock:
            if call.stage == "conference" and call.on_hold != on:
                call.on_hold = on
                call.note("The navigator put you on hold; hold music plays." if on else "The navigator is back.")

    def end_room(self, room: str) -> None:
        """The conference ends: each caller's <Dial> ends and its action runs (the survey)."""
        for call in self.phones.calls():
            if call.stage == "conference" and call.room == room:
                with call.lock:
                    self._after_dial(call)

    def _after_dial(self, call: SimCall) -> None:
        action, call.on_hold, call.stage = call.dial_action, False, "menu"
        call.note("The navigator ended the call.")
        if action:
            self.engine.fetch(call, action, DialCallStatus="completed")
        else:
            self.engine.finish(call)

    def in_rooms(self) -> set[str]:
        return {call.room for call in self.phones.calls() if call.stage == "conference"}
