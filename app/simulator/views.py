"""/simulator: the page where one plays residents, and the JSON it calls. Each act answers with
every simulated phone as it now is; the page also asks /simulator/tick every second, which is
when waiting callers' hold music ends and Twilio asks the wait URL again."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from app.runtime import config as current_config
from app.simulator import service
from app.simulator.phones import SimCall

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
MAX_NUMBER = 32
MAX_BODY = 1600
MAX_SUBJECT = 200
_ADDRESS = re.compile(r"[^@\s<>(),;:\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
_KEYS = re.compile(r"[0-9*#]{1,10}")
SAMPLE_NUMBERS = ("+14165550123", "+15145550100", "+16135550142", "anonymous")


class BadInput(ValueError):
    pass


@bp.errorhandler(BadInput)
def _bad_input(error: BadInput) -> ResponseReturnValue:
    return jsonify(error="invalid_request", message=str(error)), 400


def _phones(number: str = "") -> ResponseReturnValue:
    """Every phone; `number`: the phone just used, as the simulator keys it (E.164 when it can)."""
    simulator = service.current()
    return jsonify(phones=simulator.phones.snapshot(), inboxes=simulator.inboxes.snapshot(), number=number)


def _field(name: str, limit: int) -> str:
    value = request.form.get(name, "").strip()
    if not value:
        raise BadInput(f"{name} is required.")
    if len(value) > limit or "\x00" in value:
        raise BadInput(f"{name} must be at most {limit} characters, with no NUL.")
    return value


def _call(sid: str) -> SimCall:
    call = service.current().phones.call(sid)
    if call is None:
        raise BadInput("No such simulated call.")
    return call


@bp.get("")
def page() -> ResponseReturnValue:
    config = current_config()
    with force_locale("en"):  # a developer's tool, in English: its frame says so whatever the browser asks
        return render_template(
            "simulator.html", numbers=SAMPLE_NUMBERS, line=config.TWILIO_VOICE_NUMBER or config.TWILIO_FROM_NUMBER
        )


@bp.get("/phones")
def phones() -> ResponseReturnValue:
    return _phones()


@bp.post("/tick")
def tick() -> ResponseReturnValue:
    service.current().calls.tick()
    return _phones()


@bp.post("/texts")
def send_text() -> ResponseReturnValue:
    text = service.current().texts.send(_field("number", MAX_NUMBER), _field("body", MAX_BODY))
    return _phones(text.number)


@bp.post("/emails")
def send_email() -> ResponseReturnValue:
    address = _field("address", 254).lower()
    if not _ADDRESS.fullmatch(address):
        raise BadInput("address must be one email address, such as resident@example.org.")
    automatic = request.form.get("automatic") == "true"
    subject = " ".join(_field("subject", MAX_SUBJECT).split())  # one line, as a header is
    service.current().mails.send(address, subject, _field("body", MAX_BODY * 10), automatic)
    return _phones()


@bp.post("/calls")
def dial() -> ResponseReturnValue:
    return _phones(service.current().calls.dial(_field("number", MAX_NUMBER)).number)


@bp.post("/calls/<sid>/keys")
def press(sid: str) -> ResponseReturnValue:
    digits = _field("digits", 10)
    if not _KEYS.fullmatch(digits):
        raise BadInput("digits are keys of a phone: 0-9, * and #.")
    service.current().calls.press(_call(sid), digits)
    return _phones()


@bp.post("/calls/<sid>/<act>")
def act(sid: str, act: str) -> ResponseReturnValue:
    calls, call = service.current().calls, _call(sid)
    acts = {"silence": calls.stay_silent, "hangup": calls.hang_up, "answer": calls.answer, "decline": calls.decline}
    if act not in acts:
        raise BadInput("Unknown action.")
    acts[act](call)
    return _phones()
