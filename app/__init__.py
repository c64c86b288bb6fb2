"""The composition root: create_app binds configuration, database, job dispatcher, event
emitter, routes and socket namespaces. Importing this package does nothing else, and loads only
the tables: gunicorn's master reads the settings through app modules (startup.py) before the
gevent worker patches the standard library, so Flask-SocketIO and the HTTP clients it brings
(which keep their own references to ssl) are imported inside the functions, in the worker."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from app import models  # noqa: F401  (every table's module, first: they and the metadata import each other)

if TYPE_CHECKING:
    from flask import Flask

    from app.db import Emitter
    from config import Config
    from workers.dispatch import JobDispatcher

MAX_REQUEST_BYTES = 1024 * 1024


def create_app(config: Config | None = None, *, role: str = "web") -> Flask:
    """Build the app. `role="worker"` emits events through Redis without serving sockets."""
    from app.db import Database, Ports, make_engine
    from app.flask_app import Switchboard
    from config import BASE_DIR, Config

    config = config or Config.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The twilio client logs every request's form (numbers, message bodies) at INFO: never log PII.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    app = Switchboard(__name__, instance_path=str(BASE_DIR / "instance"))
    app.config.update(
        SECRET_KEY=config.SECRET_KEY,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.cookie_secure,
        SWITCHBOARD=config,
    )
    ports = Ports(config=config, emitter=_emitter(app, config, role), jobs=_dispatcher(app, config))
    app.extensions["switchboard.ports"] = ports
    app.extensions["switchboard.db"] = Database(make_engine(config.DATABASE_URL, config.DATABASE_POOL_SIZE), ports)
    _register(app)
    return app


def _emitter(app: Flask, config: Config, role: str) -> Emitter:
    """The one way events leave this process (docs/decisions.md): a worker publishes them on the
    Redis bus; a web process hands them to its own consoles, then publishes them for the others."""
    from flask_socketio import SocketIO

    from app.background_emitter import BackgroundEmitter
    from app.realtime.bus import RedisBus
    from app.realtime.hub import Hub

    bus = RedisBus(config.REDIS_URL, config.SOCKETIO_CHANNEL) if config.REDIS_URL else None
    publish = BackgroundEmitter(bus) if bus else None  # a hung Redis never holds up a request
    if role == "worker" and publish:
        return publish
    socketio = SocketIO(app, async_mode=_async_mode(), cors_allowed_origins=config.allowed_origins)
    return Hub(app, socketio, bus, publish)


def _async_mode() -> str:
    """gevent under gunicorn's gevent worker (which patched the standard library before importing
    us); plain threads anywhere else: the CLI, the tests' in-process app."""
    monkey = sys.modules.get("gevent.monkey")
    return "gevent" if monkey is not None and monkey.is_module_patched("socket") else "threading"


def _dispatcher(app: Flask, config: Config) -> JobDispatcher:
    from workers.dispatch import InProcessDispatcher, RQDispatcher  # workers import app: import late

    if config.embedded:
        return InProcessDispatcher(app)
    return RQDispatcher(config.REDIS_URL, config.RQ_QUEUE)


def _register(app: Flask) -> None:
    from flask_socketio import SocketIO
    from werkzeug.middleware.proxy_fix import ProxyFix

    from app import auth, cli, database_down, health, security, simulator, staff_nav, webhooks
    from app.api import contacts as contacts_api
    from app.audit import edge as audit_edge
    from app.audit import views as audit_views
    from app.board import namespace as board_namespace
    from app.board import views as board_views
    from app.calls import conference_views
    from app.calls import views as call_views
    from app.chat import namespace as chat_namespace
    from app.chat import views as chat_views
    from app.complaints import public_views as public_complaints
    from app.complaints import views as complaint_views
    from app.console import admission, namespace, views
    from app.directory import flag_views as directory_flags
    from app.directory import hsds_api, search_views
    from app.directory import public_views as public_directory
    from app.i18n import locales, script_texts
    from app.i18n import views as i18n_views
    from app.mail import views as mail_views
    from app.metrics import views as metrics
    from app.openapi import views as openapi
    from app.planning import views as planning_views
    from app.privacy import views as privacy_views
    from app.realtime import failures
    from app.realtime.no_deflate import WithoutCompression
    from app.reports import views as report_views
    from app.spam import review_views as spam_review
    from app.twofactor import views as twofactor_views

    security.protect(app)
    database_down.register(app)  # 503, not 500, while PostgreSQL is unreachable
    locales.register(app)  # Flask-Babel: the staff member's language, dates and numbers
    script_texts.register(app)  # the ES modules' strings in that language
    staff_nav.register(app)  # the menu of staff pages in every staff page's header
    audit_edge.register(app)  # every 403 to the audit trail
    metrics.register(app)  # GET /metrics, and webhooks counted as they leave
    app.register_blueprint(auth.bp)
    app.register_blueprint(i18n_views.bp)  # POST /preferences/language
    app.register_blueprint(twofactor_views.bp)  # /login/code, /login/enrol
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)  # GET /api/openapi.json
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(mail_views.bp)  # POST /email/inbound
    app.register_blueprint(call_views.bp)  # with conference_views' routes
    app.register_blueprint(conference_views.api)
    app.register_blueprint(hsds_api.bp)
    app.register_blueprint(search_views.bp)
    app.register_blueprint(directory_flags.bp)
    app.register_blueprint(spam_review.bp)
    app.register_blueprint(planning_views.bp)
    app.register_blueprint(report_views.bp)
    app.register_blueprint(public_directory.bp)
    app.register_blueprint(public_complaints.bp)
    app.register_blueprint(chat_views.bp)
    app.register_blueprint(complaint_views.bp)
    app.register_blueprint(contacts_api.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(board_views.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(privacy_views.bp)  # /admin/privacy: access and erasure on request
    socketio = app.extensions.get("socketio")
    if isinstance(socketio, SocketIO):
        config = app.config["SWITCHBOARD"]
        admitted = admission.install(app, socketio, config)
        namespace.register(socketio, admitted)
        board_namespace.register(app, socketio, admitted)  # the supervisors' live board
        chat_namespace.register(socketio, admitted, config)  # residents' web chats
        failures.register(socketio)  # an unexpected failure is an error ack, never silence
        app.wsgi_app = WithoutCompression(app.wsgi_app)  # type: ignore[method-assign]
        if config.PROXY_COUNT:  # the client's address, for per-address limits and logs
            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.PROXY_COUNT, x_proto=config.PROXY_COUNT)  # type: ignore[method-assign]
    simulator.register(app)  # only with SIMULATOR_ENABLED: /simulator and the fake Twilio REST API
    cli.register(app)
