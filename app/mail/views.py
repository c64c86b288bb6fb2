"""POST /email/inbound: a provider's inbound-parse webhook carrying the raw MIME message (docs/email.md).
Authenticated with the shared secret EMAIL_INBOUND_SECRET (HTTP Basic password or Bearer token,
compared in constant time) before the body is read: a forged request stores nothing. Thin: the
adapter translates, app.mail.service stores."""

from __future__ import annotations

import hmac

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from app.mail import service
from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from channels.base import InvalidPayload
from channels.email_parse import Limits, parse
from channels.email_webhook import raw_message

bp = Blueprint("email_inbound", __name__, url_prefix="/email")
FORM_SLACK_BYTES = 1024 * 1024  # the form's other fields (envelope, SPF, ...) beside the message


@bp.errorhandler(InvalidPayload)
def invalid_payload(error: InvalidPayload) -> ResponseReturnValue:
    return jsonify(error="invalid_request", message=str(error)), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    limit = current_config().EMAIL_MAX_BYTES
    return jsonify(error="too_large", message=f"This request is over the limit for a message of {limit} bytes."), 413


@bp.post("/inbound")
def inbound() -> ResponseReturnValue:
    config = current_config()
    if not config.EMAIL_INBOUND_SECRET:
        return jsonify(error="not_configured", message="EMAIL_INBOUND_SECRET is not set: inbound email is off."), 503
    given = _secret_given()
    if given is None:
        refusal = jsonify(error="unauthorized", message="Send the shared secret (HTTP Basic password or Bearer).")
        return refusal, 401, {"WWW-Authenticate": 'Basic realm="email"'}
    if not hmac.compare_digest(given.encode(), config.EMAIL_INBOUND_SECRET.encode()):
        return jsonify(error="forbidden", message="The shared secret does not match EMAIL_INBOUND_SECRET."), 403
    request.max_content_length = config.EMAIL_MAX_BYTES + FORM_SLACK_BYTES
    raw = raw_message(request.content_type or "", request.get_data(cache=False))
    parsed = parse(raw, utcnow(), Limits(config.EMAIL_MAX_BYTES, config.EMAIL_MAX_ATTACHMENT_BYTES))
    with database().transaction() as session:
        stored = service.receive(session, parsed, "webhook")
    return jsonify(ok=True, duplicate=stored.duplicate, quarantined=parsed.quarantine is not None)


def _secret_given() -> str | None:
    auth = request.authorization
    if auth is None:
        return None
    return (auth.password if auth.type == "basic" else auth.token) or None
