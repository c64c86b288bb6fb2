"""Liveness (the process answers) and readiness (its dependencies answer)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from sqlalchemy import text

from app.runtime import config as current_config
from app.runtime import database
from channels import twilio_common
from config import Config

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok")


def _database() -> str:
    with database().engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return "ok"


def _redis(url: str) -> str:
    if not url:
        return "not configured (embedded)"
    Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


def _twilio(config: Config) -> str:
    missing = twilio_common.missing_settings(config)
    if missing:
        raise RuntimeError("missing " + ", ".join(missing))
    return "ok"


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    config = current_config()
    checks = {"database": _database, "redis": lambda: _redis(config.REDIS_URL), "twilio": lambda: _twilio(config)}
    results, ready = {}, True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as error:
            results[name] = f"failing: {type(error).__name__}: {error}"[:300]
            ready = False
    return jsonify(status="ready" if ready else "not ready", checks=results), 200 if ready else 503
