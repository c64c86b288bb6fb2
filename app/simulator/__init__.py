"""The resident simulator (docs/simulator.md): only when SIMULATOR_ENABLED is set, /simulator
plays residents' phones against Switchboard's real webhooks, and a fake of Twilio's REST API
receives what Switchboard sends them. Off, none of it exists: every route is a 404."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app.simulator import service, twilio_api, views
from channels import email_transports
from config import ConfigError
from config_simulator import real_twilio


def register(app: Flask) -> None:
    config = app.config["SWITCHBOARD"]
    if not config.SIMULATOR_ENABLED:
        return
    if real_twilio(config.TWILIO_API_BASE_URL):
        raise ConfigError("SIMULATOR_ENABLED signs webhooks with TWILIO_AUTH_TOKEN: it cannot run with real Twilio")
    simulator = service.install(app)
    email_transports.register("simulator", service.InboxTransport())
    app.register_blueprint(views.bp)
    api = twilio_api.make_api(simulator)
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {twilio_api.PREFIX: api})  # type: ignore[method-assign]
