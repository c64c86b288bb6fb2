"""A web chat visitor as the server sees one: a real python-socketio client on /chat, sending the
Origin a browser would, starting a chat with the pre-chat answers or resuming one with its token,
recording every event and calling commands."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import socketio

NAMESPACE = "/chat"


class Refused(Exception):
    """The server refused the connection; `reason` is what it said (origin, invalid_token...)."""

    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = reason


class ChatVisitor:
    def __init__(self, base_url: str, origin: str | None = None, forwarded_for: str | None = None) -> None:
        self.base_url = base_url
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        self.token: str | None = None
        self.conversation: str | None = None
        self.state: dict[str, Any] = {}
        self.events: list[tuple[str, Any]] = []
        self._refusals: list[Any] = []
        self._cond = threading.Condition()
        # A browser's Origin: this page's (the default), another site's, or none at all ("").
        sent = {"suppress_origin": True} if origin == "" else {"origin": origin or base_url}
        self.sio = socketio.Client(reconnection=False, websocket_extra_options=sent)
        self.sio.on("*", self._record, namespace=NAMESPACE)
        self.sio.on("connect_error", self._refusals.append, namespace=NAMESPACE)

    def _record(self, event: str, data: Any = None) -> None:
        with self._cond:
            self.events.append((event, data))
            self._cond.notify_all()

    def start(self, language: str = "en", first_name: str | None = None, website: str = "") -> ChatVisitor:
        return self._open({"start": {"language": language, "first_name": first_name, "website": website}})

    def resume(self, token: str | None = None, conversation: str | None = None) -> ChatVisitor:
        return self._open({"token": token or self.token, "conversation": conversation or self.conversation})

    def _open(self, auth: dict[str, Any]) -> ChatVisitor:
        self._refusals.clear()
        try:
            self.sio.connect(self.base_url, namespaces=[NAMESPACE], headers=self.headers, auth=auth,
                             transports=["websocket"], wait_timeout=10)  # fmt: skip
        except socketio.exceptions.ConnectionError:
            assert self._refusals, "the connection failed without the server refusing it"
            raise Refused(self._refusals[0]) from None
        hello = self.call("hello")
        assert hello["ok"], hello
        self.token, self.state = hello["token"], hello["state"]
        self.conversation = self.state["conversation"]
        return self

    def call(self, command: str, **payload: Any) -> dict:
        return self.sio.call(command, payload, namespace=NAMESPACE, timeout=15)

    def send(self, body: Any, **extra: Any) -> dict:
        return self.call("message", body=body, **extra)

    def wait_for(self, event: str, where: Callable[[Any], bool] = lambda _: True, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [data for name, data in self.events if name == event and where(data)]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {event} within {timeout}s; saw {[name for name, _ in self.events]}")
                self._cond.wait(remaining)

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
