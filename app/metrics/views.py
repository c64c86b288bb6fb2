"""`GET /metrics` in Prometheus's text format, for a scraper with METRICS_TOKEN (as a Bearer
token), or without one from the machine itself (a loopback address: a scraper beside the web
process, or through an SSH tunnel). Anyone else finds no such page. Webhooks are counted here too,
as they leave: by channel and outcome."""

from __future__ import annotations

import hmac

from flask import Blueprint, Flask, Response, abort, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.metrics import instruments
from app.runtime import config

bp = Blueprint("metrics", __name__)
LOOPBACK = ("127.0.0.1", "::1")
WEBHOOKS = {"/twilio/sms": "sms", "/twilio/voice": "voice", "/email/inbound": "email"}


@bp.get("/metrics")
def scrape() -> Response:
    token = config().METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Response("A bearer token is required.\n", 401, {"WWW-Authenticate": "Bearer"})
    elif request.remote_addr not in LOOPBACK:
        abort(404)
    return Response(generate_latest(instruments.current().registry), content_type=CONTENT_TYPE_LATEST)


def _count_webhook(response: Response) -> Response:
    channel = next((name for prefix, name in WEBHOOKS.items() if request.path.startswith(prefix)), None)
    if channel is not None:
        code = response.status_code
        outcome = "accepted" if code < 400 else "refused" if code < 500 else "failed"
        instruments.current().webhooks.labels(channel, outcome).inc()
    return response


def register(app: Flask) -> None:
    instruments.install(app)
    app.after_request(_count_webhook)
    app.register_blueprint(bp)
