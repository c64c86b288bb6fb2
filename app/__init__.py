"""The composition root: create_app binds configuration, database, job dispatcher, event
emitter, routes and socket namespaces. Importing this package does nothing else."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import socketio
from flask import Flask
from flask_socketio import SocketIO

from app.background_emitter import BackgroundEmitter
from app.db import Database, Emitter, Ports, make_engine
from config import BASE_DIR, Config

if TYPE_CHECKING:
    from workers.dispatch import JobDispatcher

MAX_REQUEST_BYTES = 1024 * 1024


def create_app(config: Config | None = None, *, role: str = "web") -> Flask:
    """Build the app. `role="worker"` emits events through Redis without serving sockets."""
    config = config or Config.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The twilio client logs every request's form (numbers, message bodies) at INFO: never log PII.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    app = Flask(__name__, instance_path=str(BASE_DIR / "instance"))
    app.config.update(
        SECRET_KEY=config.SECRET_KEY,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.cookie_secure,
        SWITCHBOARD=config,
    )
    emitter = BackgroundEmitter(_emitter(app, config, role))
    ports = Ports(config=config, emitter=emitter, jobs=_dispatcher(app, config))
    app.extensions["switchboard.ports"] = ports
    app.extensions["switchboard.db"] = Database(make_engine(config.DATABASE_URL), ports)
    _register(app)
    return app


def _emitter(app: Flask, config: Config, role: str) -> Emitter:
    if role == "worker" and config.REDIS_URL:
        return _message_queue(config, write_only=True)  # publishes to the web processes
    return SocketIO(
        app,
        async_mode=_async_mode(),
        client_manager=_message_queue(config, write_only=False) if config.REDIS_URL else None,
        cors_allowed_origins=config.allowed_origins,
    )


def _async_mode() -> str:
    """gevent under gunicorn's gevent worker (which patched the standard library before importing
    us); plain threads anywhere else: the CLI, the tests' in-process app."""
    monkey = sys.modules.get("gevent.monkey")
    return "gevent" if monkey is not None and monkey.is_module_patched("socket") else "threading"


def _message_queue(config: Config, *, write_only: bool) -> socketio.RedisManager:
    """Socket.IO's Redis pub/sub, with a connect timeout so an unreachable Redis cannot stall
    the emitting thread for long."""
    return socketio.RedisManager(
        config.REDIS_URL,
        channel=config.SOCKETIO_CHANNEL,
        write_only=write_only,
        redis_options={"socket_connect_timeout": 2},
    )


def _dispatcher(app: Flask, config: Config) -> JobDispatcher:
    from workers.dispatch import InProcessDispatcher, RQDispatcher  # workers import app: import late

    if config.embedded:
        return InProcessDispatcher(app)
    return RQDispatcher(config.REDIS_URL, config.RQ_QUEUE)


def _register(app: Flask) -> None:
    from app import auth, cli, health, security, webhooks
    from app.api import contacts as contacts_api
    from app.console import namespace, views

    security.protect(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(contacts_api.bp)
    app.register_blueprint(views.bp)
    if isinstance(app.extensions.get("socketio"), SocketIO):
        namespace.register(app.extensions["socketio"])
    cli.register(app)
