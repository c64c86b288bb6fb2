"""Liveness (the process answers) and readiness (its dependencies answer). Anyone may ask, so
the answer names only which checks failed; why they failed (hosts, ports, role names) goes to
the log for the operator."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from sqlalchemy import text

from app.runtime import config as current_config
from app.runtime import database
from channels import twilio_common, voice
from config import Config

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok")


def _database() -> str:
    with database().engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return "ok"


def _redis(url: str) -> str:
    if not url:
        return "embedded"
    Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


def _twilio(config: Config) -> str:
    missing = twilio_common.missing_settings(config)
    if missing:
        raise RuntimeError("missing " + ", ".join(missing))
    return "ok"


def _voice(config: Config) -> str:
    missing = voice.missing_settings(config)
    if missing:
        raise RuntimeError("missing " + ", ".join(missing))
    return "ok"


def _run(name: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception as error:
        log.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
        return "fail"


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    config = current_config()
    checks = {
        "database": _database,
        "redis": lambda: _redis(config.REDIS_URL),
        "twilio": lambda: _twilio(config),
        "voice": lambda: _voice(config),
    }
    results = {name: _run(name, check) for name, check in checks.items()}
    ready = "fail" not in results.values()
    return jsonify(status="ready" if ready else "not ready", checks=results), 200 if ready else 503
