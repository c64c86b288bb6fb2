"""Liveness (the process answers) and readiness (its dependencies answer)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from redis import Redis
from sqlalchemy import text

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


def _database() -> str:
    with current_app.extensions["switchboard.db"].engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return "ok"


def _redis(url: str) -> str:
    if not url:
        return "not configured (embedded)"
    Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


def _twilio(config) -> str:  # type: ignore[no-untyped-def]
    missing = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not getattr(config, name)]
    if not (config.TWILIO_FROM_NUMBER or config.TWILIO_MESSAGING_SERVICE_SID):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    if missing:
        raise RuntimeError("missing " + ", ".join(missing))
    return "ok"


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    config = current_app.config["SWITCHBOARD"]
    checks = {"database": _database, "redis": lambda: _redis(config.REDIS_URL), "twilio": lambda: _twilio(config)}
    results, ready = {}, True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as error:
            results[name] = f"failing: {type(error).__name__}: {error}"[:300]
            ready = False
    return jsonify(status="ready" if ready else "not ready", checks=results), 200 if ready else 503
