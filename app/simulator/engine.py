"""A simulated call follows Switchboard's TwiML as Twilio would: <Say> is heard, <Gather> waits for
keys (and without one goes on with what follows it), <Redirect> fetches the next document,
<Enqueue> puts the caller in the queue and asks its wait URL whenever the hold music ends,
<Leave> takes them out, <Dial><Conference> puts them in the room, <Hangup> or the end of the
document ends the call, and the status callback says so."""

from __future__ import annotations

import hashlib
import time

from app.simulator import twiml
from app.simulator.phones import Phones, SimCall, Waiting
from app.simulator.webhooks import Answer, Poster, absolute

STATUS_PATH = "/twilio/voice/status"  # the number's status callback (docs/voice.md)


class Engine:
    def __init__(self, poster: Poster, phones: Phones) -> None:
        self.poster = poster
        self.phones = phones

    @property
    def our_number(self) -> str:
        config = self.poster.config
        return config.TWILIO_VOICE_NUMBER or config.TWILIO_FROM_NUMBER

    def params(self, call: SimCall, status: str = "in-progress", **extra: str) -> dict[str, str]:
        """The fields Twilio posts with every voice webhook of this call."""
        resident, ours = call.number, self.our_number
        caller, called = (resident, ours) if call.inbound else (ours, resident)
        return {
            "CallSid": call.sid, "CallStatus": status, "Direction": "inbound" if call.inbound else "outbound-api",
            "From": caller, "Caller": caller, "To": called, "Called": called,
            "FromCity": "TORONTO", "FromState": "ON", "FromCountry": "CA", "ToCountry": "CA", **extra,
        }  # fmt: skip

    def fetch(self, call: SimCall, url: str, status: str = "in-progress", **extra: str) -> None:
        """Ask `url` what to do and do it; an answer that is not TwiML ends the call, as on Twilio."""
        answer = self.poster.post(url, self.params(call, status, **extra))
        try:
            document = self._document(answer, url)
        except twiml.NotTwiML as error:
            call.note(f"An application error has occurred ({error}). Goodbye.")
            self.finish(call)
            return
        self.run(call, document.verbs)

    def _document(self, answer: Answer, url: str) -> twiml.Document:
        if not answer.ok:
            raise twiml.NotTwiML(f"Switchboard answered {answer.status}")
        return twiml.parse(answer.body, url)

    def run(self, call: SimCall, verbs: list[twiml.Verb]) -> None:
        for index, verb in enumerate(verbs):
            if call.stage == "ended":
                return
            if isinstance(verb, twiml.Say):
                call.hear(verb.text, verb.language)
            elif isinstance(verb, twiml.Play):
                call.note("Hold music plays.")
            elif isinstance(verb, twiml.Unknown):
                call.note(f"<{verb.tag}> is not simulated.")
            elif not isinstance(verb, twiml.Pause):
                self._act(call, verb, verbs[index + 1 :])
                return
        self._document_ended(call)

    def _act(self, call: SimCall, verb: twiml.Verb, rest: list[twiml.Verb]) -> None:
        """The verbs that stop reading the document: the call waits, moves or ends."""
        if isinstance(verb, twiml.Gather):
            self._gather(call, verb, rest)
        elif isinstance(verb, twiml.Redirect):
            self.fetch(call, verb.url)
        elif isinstance(verb, twiml.Enqueue):
            self._enqueue(call, verb)
        elif isinstance(verb, twiml.Leave):
            self.leave_queue(call, "leave")
        elif isinstance(verb, twiml.Dial):
            call.stage, call.room, call.dial_action, call.waiting = "conference", verb.room, verb.action, None
            call.note("You are in the conference with the navigator.")
        elif isinstance(verb, twiml.Hangup):
            self.finish(call)

    def _gather(self, call: SimCall, gather: twiml.Gather, rest: list[twiml.Verb]) -> None:
        call.gather, call.after_gather = gather, rest
        for said in gather.inside:
            if isinstance(said, twiml.Say):
                call.hear(said.text, said.language)
            elif isinstance(said, twiml.Play):
                call.note("Hold music plays.")
        if call.waiting:  # the wait URL's document: asked again when its music ends
            call.waiting.again_at = time.time() + gather.seconds

    def _enqueue(self, call: SimCall, enqueue: twiml.Enqueue) -> None:
        queue_sid = "QU" + hashlib.md5(enqueue.queue.encode()).hexdigest()
        call.stage, call.waiting = "queue", Waiting(queue_sid, enqueue.action, enqueue.wait_url)
        call.note("You are waiting in the queue.")
        self.ask_wait_url(call)

    def _document_ended(self, call: SimCall) -> None:
        """Twilio hangs up at the end of a document, but not on a waiting caller: the wait URL's
        document ending means asking it again."""
        call.gather = None
        if call.waiting:
            call.waiting.again_at = time.time()
        elif call.stage != "conference":
            self.finish(call)

    def ask_wait_url(self, call: SimCall) -> None:
        waiting = call.waiting
        if waiting is None:
            return
        waiting.again_at = time.time() + twiml.HOLD_SECONDS
        queue = {"QueueSid": waiting.queue_sid, "QueueTime": str(int(time.time() - waiting.since))}
        ahead = sum(1 for other in self.phones.calls() if other.waiting and other.waiting.since < waiting.since)
        self.fetch(call, waiting.wait_url, QueuePosition=str(ahead + 1), CurrentQueueSize=str(self._waiting()), **queue)

    def _waiting(self) -> int:
        return sum(1 for other in self.phones.calls() if other.waiting)

    def leave_queue(self, call: SimCall, result: str) -> None:
        """The caller left Twilio's queue: its <Enqueue> action says how (and, unless they hung
        up, what comes next)."""
        waiting, call.waiting, call.gather = call.waiting, None, None
        if waiting is None:
            return
        waited = str(int(time.time() - waiting.since))
        queue = {"QueueResult": result, "QueueSid": waiting.queue_sid, "QueueTime": waited}
        if result == "hangup":
            self.poster.post(waiting.action, self.params(call, "completed", **queue))
        elif result == "leave":
            call.stage = "menu"
            self.fetch(call, waiting.action, **queue)
        else:  # redirected by the REST API: the answer is not followed, the new URL is
            self.poster.post(waiting.action, self.params(call, **queue))

    def finish(self, call: SimCall, status: str = "completed") -> None:
        """The call ends; an inbound call's status callback says so, with its duration."""
        if call.stage == "ended":
            return
        call.stage, call.gather, call.waiting = "ended", None, None
        call.note("The call has ended.")
        if call.inbound:
            params = self.params(call, status, CallDuration=str(call.seconds), SequenceNumber="0")
            self.poster.post(absolute(self.poster.config, STATUS_PATH), params)
