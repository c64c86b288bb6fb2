"""Which sockets a web process admits. Under gevent a socket costs little, but anyone can open
thousands without signing in. A socket that has not connected a signed-in console is
*anonymous*: each client address may hold ANONYMOUS_SOCKETS_PER_ADDRESS of them and the process
ANONYMOUS_SOCKETS in all (more are refused at the handshake, 401), and one still anonymous after
ANONYMOUS_SOCKET_SECONDS is closed. Signed-in consoles are bounded by MAX_CONSOLES instead."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from flask_socketio import SocketIO

from config import Config


class Admission:
    def __init__(self, config: Config) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._anonymous: dict[str, tuple[str, float]] = {}  # engine.io sid -> (address, since)
        self._per_address: Counter[str] = Counter()

    def admit(self, eio_sid: str, address: str) -> bool:
        """Admit a new socket as anonymous, unless its address or the process is at its limit."""
        with self._lock:
            full = len(self._anonymous) >= self._config.ANONYMOUS_SOCKETS
            if full or self._per_address[address] >= self._config.ANONYMOUS_SOCKETS_PER_ADDRESS:
                return False
            self._anonymous[eio_sid] = (address, time.monotonic())
            self._per_address[address] += 1
            return True

    def signed_in(self, eio_sid: str) -> None:
        """The socket connected a signed-in console: no longer anonymous."""
        self.gone(eio_sid)

    def gone(self, eio_sid: str) -> None:
        with self._lock:
            entry = self._anonymous.pop(eio_sid, None)
            if entry is not None:
                self._per_address[entry[0]] -= 1
                if not self._per_address[entry[0]]:
                    del self._per_address[entry[0]]

    def close_overdue_forever(self, socketio: SocketIO) -> None:
        """The process's one sweep of anonymous sockets past their grace period."""
        while True:
            socketio.sleep(min(1.0, self._config.ANONYMOUS_SOCKET_SECONDS / 2))
            for eio_sid in self.overdue():
                self.gone(eio_sid)
                socketio.server.eio.disconnect(eio_sid)

    def overdue(self) -> list[str]:
        """Anonymous sockets past their grace period (still counted until they are gone)."""
        deadline = time.monotonic() - self._config.ANONYMOUS_SOCKET_SECONDS
        with self._lock:
            return [sid for sid, (_, since) in self._anonymous.items() if since < deadline]


def install(socketio: SocketIO, config: Config) -> Admission:
    """Put `Admission` in front of Socket.IO's own handling of engine.io connects and
    disconnects, and close overdue anonymous sockets from one background task."""
    admission = Admission(config)
    eio = socketio.server.eio
    inner_connect, inner_disconnect = eio.handlers["connect"], eio.handlers["disconnect"]
    sweeping = threading.Lock()

    def connect(eio_sid: str, environ: dict, *args: Any) -> Any:
        if not admission.admit(eio_sid, environ.get("REMOTE_ADDR", "")):
            return False
        if sweeping.acquire(blocking=False):
            socketio.start_background_task(admission.close_overdue_forever, socketio)
        return inner_connect(eio_sid, environ, *args)

    def disconnect(eio_sid: str, *args: Any) -> Any:
        admission.gone(eio_sid)
        return inner_disconnect(eio_sid, *args)

    eio.on("connect", connect)
    eio.on("disconnect", disconnect)
    return admission
