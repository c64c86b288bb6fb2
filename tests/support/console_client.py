"""A navigator as the server sees one: signs in over HTTP, then connects a real python-socketio
client to /console with that session cookie, records every event and can call commands.

Queue changes arrive batched in `queue_frame`s: each frame is recorded, followed by every change
it carries as the event it is (`contact_queued`, ...), so tests wait for those one by one."""

from __future__ import annotations

import threading
from typing import Any

import requests

from tests.support.signin import form_token
from tests.support.socket_client import SignedInSocket

NAMESPACE = "/console"
FRAME = "queue_frame"


class Navigator(SignedInSocket):
    namespace = NAMESPACE

    def __init__(self, base_url: str, email: str, password: str) -> None:
        super().__init__(base_url, email, password)
        self._heartbeat_stop = threading.Event()

    def _receive(self, event: str, data: Any = None) -> None:
        self._record(event, data)
        if event == FRAME:
            for change in data["changes"]:
                self._record(change["event"], change["data"])

    def connect(self, heartbeat_every: float | None = 1.0) -> Navigator:
        self._open()
        if heartbeat_every:
            self._heartbeat_stop.clear()
            threading.Thread(target=self._beat, args=(heartbeat_every,), daemon=True).start()
        return self

    def _beat(self, every: float) -> None:
        while not self._heartbeat_stop.wait(every):
            if self.sio.connected:
                self.sio.emit("heartbeat", {}, namespace=NAMESPACE)

    def sign_out(self) -> requests.Response:
        """Press the console page's "Sign out" button (the form posts the page's CSRF token)."""
        token = form_token(self.http.get(f"{self.base_url}/console").text)
        return self.http.post(f"{self.base_url}/logout", data={"csrf_token": token}, allow_redirects=False)

    def disconnect(self) -> None:
        self._heartbeat_stop.set()
        super().disconnect()
