"""A navigator as the server sees one: signs in over HTTP, then connects a real python-socketio
client to /console with that session cookie, records every event and can call commands.

Queue changes arrive batched in `queue_frame`s: each frame is recorded, followed by every change
it carries as the event it is (`contact_queued`, ...), so tests wait for those one by one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
import socketio

from tests.support.signin import form_token, post_login

NAMESPACE = "/console"
FRAME = "queue_frame"


class Navigator:
    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        response = post_login(self.http, email, password, base_url)
        assert response.status_code == 302, f"login failed for {email}: {response.status_code}"
        self.events: list[tuple[str, Any]] = []
        self._cond = threading.Condition()
        self._heartbeat_stop = threading.Event()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._receive, namespace=NAMESPACE)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())

    def _receive(self, event: str, data: Any = None) -> None:
        self._record(event, data)
        if event == FRAME:
            for change in data["changes"]:
                self._record(change["event"], change["data"])

    def _record(self, event: str, data: Any = None) -> None:
        with self._cond:
            self.events.append((event, data))
            self._cond.notify_all()

    def connect(self, heartbeat_every: float | None = 1.0) -> Navigator:
        self.sio.connect(
            self.base_url,
            namespaces=[NAMESPACE],
            headers={"Cookie": self.cookie},
            transports=["websocket"],
            wait_timeout=10,
        )
        if heartbeat_every:
            self._heartbeat_stop.clear()
            threading.Thread(target=self._beat, args=(heartbeat_every,), daemon=True).start()
        return self

    def _beat(self, every: float) -> None:
        while not self._heartbeat_stop.wait(every):
            if self.sio.connected:
                self.sio.emit("heartbeat", {}, namespace=NAMESPACE)

    def call(self, command: str, **payload: Any) -> dict:
        return self.sio.call(command, payload, namespace=NAMESPACE, timeout=15)

    def wait_for(self, event: str, where: Callable[[Any], bool] = lambda _: True, timeout: float = 10.0) -> Any:
        """The first recorded `event` whose payload satisfies `where`, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for name, data in self.events:
                    if name == event and where(data):
                        return data
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [name for name, _ in self.events]
                    raise AssertionError(f"no {event} within {timeout}s; saw {seen}")
                self._cond.wait(remaining)

    def received(self, event: str) -> list[Any]:
        with self._cond:
            return [data for name, data in self.events if name == event]

    def sign_out(self) -> requests.Response:
        """Press the console page's "Sign out" button (the form posts the page's CSRF token)."""
        token = form_token(self.http.get(f"{self.base_url}/console").text)
        return self.http.post(f"{self.base_url}/logout", data={"csrf_token": token}, allow_redirects=False)

    def disconnect(self) -> None:
        self._heartbeat_stop.set()
        if self.sio.connected:
            self.sio.disconnect()
