"""Twilio's HTTP webhooks for SMS: verify the signature, translate with the channel adapter,
hand to one service, answer. Nothing here decides about contacts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from app.services import deliveries, intake
from channels import sms, twilio_common
from channels.base import InvalidPayload

bp = Blueprint("webhooks", __name__, url_prefix="/twilio")


def twilio_signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """403 unless X-Twilio-Signature matches the public URL and every posted parameter."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        config = current_config()
        if not config.TWILIO_AUTH_TOKEN:
            # Misconfiguration, not a forgery: /readyz reports it and Twilio will retry.
            return jsonify(error="not_configured", message="TWILIO_AUTH_TOKEN is not set"), 503
        url = twilio_common.public_url(config, request.path, request.query_string)
        if not twilio_common.signature_valid(config, url, request.form, request.headers.get("X-Twilio-Signature")):
            return jsonify(error="forbidden", message="invalid Twilio signature"), 403
        return view(*args, **kwargs)

    return wrapper


@bp.errorhandler(InvalidPayload)
def invalid_payload(error: InvalidPayload) -> ResponseReturnValue:
    """A signed request we cannot take (a field missing or implausible): say which; nothing is
    stored. Twilio does not retry a 400."""
    return jsonify(error="invalid_request", message=str(error)), 400


def _twiml() -> Response:
    return Response(twilio_common.EMPTY_TWIML, mimetype="text/xml")


@bp.post("/sms")
@twilio_signed
def sms_inbound() -> ResponseReturnValue:
    inbound = sms.parse(request.form, received_at=utcnow())
    with database().transaction() as session:
        intake.receive(session, inbound)
    return _twiml()


@bp.post("/sms/status")
@twilio_signed
def sms_status() -> ResponseReturnValue:
    report = sms.parse_status(request.form, request.args)
    with database().transaction() as session:
        deliveries.record_status(session, report)
    return _twiml()
