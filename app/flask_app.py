"""Switchboard's Flask class, without two costs Flask pays on every request and Flask-SocketIO on
every socket event, each of which runs in a request context of its own (docs/decisions.md,
"Socket events skip routing"):

- a socket event's context is built for the handshake's URL, under /socket.io/, which no route
  serves (Engine.IO answers it before Flask): routing it found nothing, slowly (0.2 ms an event,
  an eighth of a reconnecting console's CPU). Its context gets no URL adapter, so a socket
  handler cannot call url_for: none does, they answer with data, never with pages or links;
- the session cookie's signing serializer was built again for every request, with a cookie or
  without; it is built once for each set of secret keys;
- a socket event's context read and checked the handshake's session cookie again, for
  Flask-SocketIO to replace that session at once by the socket's own copy, taken at its first
  event (`saved_session` in the handshake's environ). Once the copy exists the cookie is left
  unread. Should Flask-SocketIO stop keeping it there, the cookie is read as before."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import MapAdapter

SOCKETIO_PATH = "/socket.io/"  # Flask-SocketIO's default, which app/__init__.py keeps
SOCKET_SESSION = "saved_session"  # where Flask-SocketIO keeps a socket's copy of the session


class SigningOnce(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if SOCKET_SESSION in request.environ:
            return self.session_class()  # replaced by the socket's copy before any handler runs
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            serializer = super().get_signing_serializer(app)
            if serializer is None:  # no secret key: no sessions
                return None
            self._serializers[keys] = serializer
        return self._serializers[keys]


class Switchboard(Flask):
    session_interface = SigningOnce()

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        if request is not None and request.path.startswith(SOCKETIO_PATH):
            return None
        return super().create_url_adapter(request)
