"""A signed-in staff member's socket as the server sees one: signs in over HTTP, then connects a
real python-socketio client to a namespace with that session cookie, records every event, waits
for events and calls commands. The console's Navigator and the board's Supervisor build on it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
import socketio

from tests.support.signin import post_login

# The cookies of each sign-in, by server and email: a person's second console opens in the same
# browser, signed in already, as it does in life (and a second sign-in within the same 30 s would
# need a second code from their app: each works once). A cookie the server no longer takes (a
# sign-out, a role change) is dropped and they sign in again.
_SIGNED_IN: dict[tuple[str, str], dict[str, str]] = {}


def _signed_in(base_url: str, email: str, password: str) -> requests.Session:
    http = requests.Session()
    known = _SIGNED_IN.get((base_url, email))
    if known is not None:
        http.cookies.update(known)
        if http.get(f"{base_url}/api/contacts?state=queued", allow_redirects=False).status_code == 200:
            return http
        http = requests.Session()
    response = post_login(http, email, password, base_url)
    assert response.status_code == 302, f"login failed for {email}: {response.status_code}"
    _SIGNED_IN[(base_url, email)] = http.cookies.get_dict()
    return http


class SignedInSocket:
    namespace = "/"

    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.base_url = base_url
        self.http = _signed_in(base_url, email, password)
        self.events: list[tuple[str, Any]] = []
        self._cond = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._receive, namespace=self.namespace)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())

    def _receive(self, event: str, data: Any = None) -> None:
        self._record(event, data)

    def _record(self, event: str, data: Any = None) -> None:
        with self._cond:
            self.events.append((event, data))
            self._cond.notify_all()

    def _open(self) -> None:
        self.sio.connect(self.base_url, namespaces=[self.namespace], headers={"Cookie": self.cookie},
                         transports=["websocket"], wait_timeout=10)  # fmt: skip

    def call(self, command: str, **payload: Any) -> dict:
        return self.sio.call(command, payload, namespace=self.namespace, timeout=15)

    def wait_until(self, found: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
        """`found()` once it is truthy (checked at every event), waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := found()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {what} within {timeout}s; saw {[name for name, _ in self.events]}")
                self._cond.wait(remaining)
            return result

    def wait_for(self, event: str, where: Callable[[Any], bool] = lambda _: True, timeout: float = 10.0) -> Any:
        """The first recorded `event` whose payload satisfies `where`, waiting up to `timeout`."""

        def first() -> tuple[Any] | None:  # in a tuple: a payload may be empty
            return next(((data,) for name, data in self.events if name == event and where(data)), None)

        return self.wait_until(first, event, timeout)[0]

    def received(self, event: str) -> list[Any]:
        with self._cond:
            return [data for name, data in self.events if name == event]

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
