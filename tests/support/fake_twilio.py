"""A local stand-in for Twilio's REST API: the real `twilio` client talks HTTP to it.

It records every request and answers Messages.create like Twilio does (201 + JSON), queue
member updates, calls, and conference lookups (every room asked for is in progress); tests can
queue failures (a status and Twilio error code) for the next requests. Optionally, as Twilio
does, it posts a signed `sent` status callback for every message it accepted (`callbacks_to`:
our server's base URL), and it can hold each Messages.create until the test accepts or loses it
(`held`), so that a test can kill the sender mid-request."""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from queue import Queue
from urllib.parse import parse_qs

import requests

from tests.support.twilio_signing import PUBLIC_URL, signed_headers, status_params


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    authorization: str
    sid: str | None = None  # the Message SID we answered with


@dataclass
class Held:
    """A Messages.create held mid-request: `accept()` lets Twilio take it; `lose()` drops it
    unanswered and unrecorded, as a request that never reached Twilio."""

    gate: threading.Event = field(default_factory=threading.Event)
    lost: bool = False

    def accept(self) -> None:
        self.gate.set()

    def lose(self) -> None:
        self.lost = True
        self.gate.set()


@dataclass
class FakeTwilio:
    requests: list[Recorded] = field(default_factory=list)
    failures: list[tuple[int, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    callbacks_to: str | None = None
    held: Queue[Held] | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, status: int, code: int, message: str) -> None:
        with self.lock:
            self.failures.append((status, code, message))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.failures.clear()

    def messages(self) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.path.endswith("/Messages.json")]

    def posted_to(self, fragment: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if fragment in r.path]

    def _hold(self, recorded: Recorded) -> None:
        if self.held is None or not recorded.path.endswith("/Messages.json"):
            return
        held = Held()
        self.held.put(held)
        held.gate.wait(30)
        if held.lost:
            with self.lock:
                self.requests.remove(recorded)
            raise ConnectionAbortedError("lost on its way to Twilio")

    def _call_back(self, recorded: Recorded) -> None:
        """The `sent` status callback Twilio posts for a message it accepted."""
        callback = recorded.form.get("StatusCallback", "")
        if self.callbacks_to is None or recorded.sid is None or not callback:
            return
        path = callback.removeprefix(PUBLIC_URL)
        params = status_params(recorded.sid, "sent", recorded.form.get("To", ""))
        requests.post(self.callbacks_to + path, data=params, headers=signed_headers(path, params), timeout=10)

    def _answer(self, recorded: Recorded) -> tuple[int, dict]:
        with self.lock:
            self.requests.append(recorded)
        self._hold(recorded)
        with self.lock:
            if self.failures:
                status, code, message = self.failures.pop(0)
                return status, {"code": code, "message": message, "status": status}
        if "/Members/" in recorded.path:  # a queue member update: the caller leaves the queue for Url
            call_sid = recorded.path.rsplit("/", 1)[-1].removesuffix(".json")
            return 200, {"call_sid": call_sid, "queue_sid": recorded.path.split("/Queues/")[1].split("/")[0]}
        prefix = "CA" if recorded.path.endswith("/Calls.json") or "/Calls/" in recorded.path else "SM"
        sid = recorded.sid = prefix + secrets.token_hex(16)
        return 201, {"sid": sid, "status": "queued", "to": recorded.form.get("To"), "body": recorded.form.get("Body")}

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
                recorded = Recorded("POST", self.path, form, self.headers.get("Authorization", ""))
                with contextlib.suppress(OSError):  # the sender is gone (killed mid-request): Twilio keeps the message
                    self._send(*fake._answer(recorded))
                fake._call_back(recorded)

            def do_GET(self) -> None:
                """Lists by FriendlyName: every conference asked for is in progress; no queue exists."""
                path, _, query = self.path.partition("?")
                name = parse_qs(query).get("FriendlyName", [""])[0]
                fake._answer(Recorded("GET", self.path, {}, self.headers.get("Authorization", "")))
                kind = path.rsplit("/", 1)[-1].removesuffix(".json").lower()  # conferences, queues
                found = [{"sid": "CF" + hashlib.md5(name.encode()).hexdigest(), "friendly_name": name}]
                self._send(200, {kind: found if kind == "conferences" else [], "uri": path, "next_page_uri": None})

            def _send(self, status: int, body: dict) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
