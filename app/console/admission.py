"""Which sockets a web process admits. Under gevent a socket costs little, but anyone can open
thousands without signing in. A socket whose handshake carries no signed-in staff session is
*anonymous*: each client address may hold ANONYMOUS_SOCKETS_PER_ADDRESS of them and the process
ANONYMOUS_SOCKETS in all (more are refused at the handshake, 401). A socket that carries a
session is not held to those (a floor of navigators behind one address reconnects at once
after a restart) but to MAX_CONSOLES. Either kind is closed if it has not connected a console
within ANONYMOUS_SOCKET_SECONDS."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_socketio import SocketIO
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie

from config import Config


class Admission:
    def __init__(self, config: Config) -> None:
        self._config = config
        self._lock = threading.Lock()
        self._anonymous: dict[str, tuple[str, float]] = {}  # engine.io sid -> (address, since)
        self._per_address: Counter[str] = Counter()

    def admit(self, eio_sid: str, address: str, *, has_session: bool) -> bool:
        """Admit a new socket until it connects a console, unless its kind is at its limit."""
        with self._lock:
            if has_session:
                limits = [(len(self._anonymous), self._config.MAX_CONSOLES)]
                address = f"session {eio_sid}"  # held to no address's share
            else:
                limits = [
                    (len(self._anonymous), self._config.ANONYMOUS_SOCKETS),
                    (self._per_address[address], self._config.ANONYMOUS_SOCKETS_PER_ADDRESS),
                ]
            if any(held >= limit for held, limit in limits):
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


def install(app: Flask, socketio: SocketIO, config: Config) -> Admission:
    """Put `Admission` in front of Socket.IO's own handling of engine.io connects and
    disconnects, and close overdue sockets from one background task."""
    admission = Admission(config)
    has_session = _session_reader(app)
    eio = socketio.server.eio
    inner_connect, inner_disconnect = eio.handlers["connect"], eio.handlers["disconnect"]
    sweeping = threading.Lock()

    def connect(eio_sid: str, environ: dict, *args: Any) -> Any:
        if not admission.admit(eio_sid, environ.get("REMOTE_ADDR", ""), has_session=has_session(environ)):
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


def _session_reader(app: Flask) -> Callable[[dict], bool]:
    """Whether a handshake carries a staff session signed by us (a signature check: no query)."""
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    name = app.config["SESSION_COOKIE_NAME"]

    def has_session(environ: dict) -> bool:
        cookie = parse_cookie(environ).get(name)
        if serializer is None or not cookie:
            return False
        try:
            return "uid" in serializer.loads(cookie)
        except BadSignature:
            return False

    return has_session
