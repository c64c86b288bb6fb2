"""The database unreachable (restarting, failing over) answers 503 with Retry-After, not a 500:
Twilio retries a webhook or uses its fallback, a program reads a JSON error, a person a sentence.
What was accepted before stays committed; nothing of the failed request was. Other database
errors (a bug) keep Flask's 500."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)
MESSAGE = _l("Switchboard cannot reach its database right now. Try again in a moment.")
RETRY_AFTER_SECONDS = 5


def register(app: Flask) -> None:
    app.register_error_handler(OperationalError, _unavailable)


def _unavailable(error: OperationalError) -> ResponseReturnValue:
    log.error("database unreachable during %s %s: %s", request.method, request.path, type(error.orig).__name__)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error="unavailable", message=str(MESSAGE)), 503, headers
    return str(MESSAGE), 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
