"""Inbound-SMS webhook traffic: signed webhooks, keep-alive senders, flood and paced sending."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.failure import BenchFailure
from bench.webhook_data import phone
from tests.support.twilio_signing import signed_headers, sms_params

TWILIO_TIMEOUT = 15.0  # Twilio gives up on a webhook after 15 s (error 11205)


@dataclass
class Webhook:
    """One signed inbound-SMS webhook and what happened when it was posted."""

    body: str
    payload: bytes
    headers: dict[str, str]
    start: float = 0.0
    end: float = 0.0
    status: int = 0
    twiml: bool = False


def webhooks(kind: str, count: int, first_number: int) -> list[Webhook]:
    """`count` signed inbound-SMS webhooks, each from its own valid mobile number (an invalid one
    is spam evidence, and its verdict one more write), bodies unique."""
    made = []
    for i in range(count):
        body = f"Bench {kind} {i}: I need help paying rent this month"
        params = sms_params(f"SM{kind[:4]}{first_number + i:028d}", phone(first_number + i), body)
        headers = {**signed_headers("/twilio/sms", params), "Content-Type": "application/x-www-form-urlencoded"}
        made.append(Webhook(body, urlencode(params).encode(), headers))
    return made


class Sender:
    """One keep-alive HTTP connection posting webhooks, giving up after Twilio's 15 s."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = self._new()

    def _new(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TWILIO_TIMEOUT)

    def post(self, hook: Webhook) -> None:
        """Post `hook`, stamping when it was sent and answered; fail the run if unanswered."""
        hook.start = time.perf_counter()
        try:
            hook.status, answer = self._exchange(hook)
        except (http.client.HTTPException, OSError) as error:
            self.conn.close()
            raise BenchFailure(
                f"a webhook got no answer within {TWILIO_TIMEOUT:.0f} s, where Twilio gives up "
                f"(error 11205): {type(error).__name__}"
            ) from error
        hook.end = time.perf_counter()
        hook.twiml = answer.endswith(b"<Response/>")

    def _exchange(self, hook: Webhook) -> tuple[int, bytes]:
        try:
            self.conn.request("POST", "/twilio/sms", hook.payload, hook.headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed the idle keep-alive connection: post again on a new one
            # (a repeated MessageSid is a no-op, as with Twilio's own retries).
            self.conn.close()
            self.conn = self._new()
            self.conn.request("POST", "/twilio/sms", hook.payload, hook.headers)
            response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def flood(port: int, hooks: list[Webhook], senders: int) -> float:
    """Post every webhook from `senders` threads as fast as answers come; returns wall seconds."""
    pending = iter(hooks)
    lock = threading.Lock()
    failures: list[BenchFailure] = []

    def send() -> None:
        sender = Sender(port)
        while not failures:
            with lock:
                hook = next(pending, None)
            if hook is None:
                break
            try:
                sender.post(hook)
            except BenchFailure as failure:
                failures.append(failure)
        sender.close()

    threads = [threading.Thread(target=send, name=f"sender-{i}") for i in range(senders)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()  # each post gives up after TWILIO_TIMEOUT
    if failures:
        raise failures[0]
    return time.perf_counter() - t0


def paced(port: int, hooks: list[Webhook], per_second: float) -> None:
    """Post the webhooks one after another from one sender, `per_second` of them a second."""
    sender = Sender(port)
    t0 = time.perf_counter()
    for i, hook in enumerate(hooks):
        time.sleep(max(0.0, t0 + i / per_second - time.perf_counter()))
        sender.post(hook)
    sender.close()


def check_answers(hooks: list[Webhook]) -> None:
    """Fail the run unless every webhook was answered 200 with TwiML."""
    bad = Counter(h.status for h in hooks if h.status != 200 or not h.twiml)
    if bad:
        raise BenchFailure(f"webhooks not answered 200 + TwiML: {dict(bad)}")
