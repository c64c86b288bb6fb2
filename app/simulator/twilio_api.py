"""The small part of Twilio's REST API (2010-04-01) Switchboard's adapters call, answered for the
simulated phones: Messages, Calls, queue Members, Queues and Conferences with their
Participants. It is a WSGI app of its own, mounted at Twilio's own path beside Switchboard (the
adapters' client keeps only the scheme and host of TWILIO_API_BASE_URL): it is Twilio's side,
so none of Switchboard's sessions, CSRF or pages apply to it; Basic auth with the account SID
and auth token does, as on Twilio. It answers at once, as Twilio does, and does the rest (the
call redirected, the status callbacks) after."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue

from app.simulator.calls import new_sid
from app.simulator.phones import SimCall
from app.simulator.service import Simulator

PREFIX = "/2010-04-01"
NOT_FOUND = "The requested resource was not found"


def conference_sid(room: str) -> str:
    return "CF" + hashlib.md5(room.encode()).hexdigest()


def make_api(simulator: Simulator) -> Flask:
    api = Flask(__name__)
    api.before_request(lambda: _authenticated(simulator))
    api.register_error_handler(404, lambda error: _twilio_error(404, 20404, NOT_FOUND))
    _routes(api, simulator)
    return api


def _authenticated(simulator: Simulator) -> ResponseReturnValue | None:
    config, auth = simulator.poster.config, request.authorization
    account = (request.view_args or {}).get("account", "")
    if auth is None or (auth.username, auth.password) != (config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN):
        return _twilio_error(401, 20003, "Authenticate")
    if account != config.TWILIO_ACCOUNT_SID:
        return _twilio_error(404, 20404, "No such account")
    return None


def _twilio_error(status: int, code: int, message: str) -> Response:
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    response = jsonify(code=code, message=message, more_info=more_info, status=status)
    response.status_code = status
    return response


def _call(simulator: Simulator, sid: str) -> SimCall:
    call = simulator.phones.call(sid)
    if call is None or call.stage == "ended":
        raise _NotFound()
    return call


class _NotFound(Exception):
    pass


def _routes(api: Flask, sim: Simulator) -> None:
    """One small view per REST resource; each answers as Twilio's does."""
    account = "/Accounts/<account>"
    api.register_error_handler(_NotFound, lambda error: _twilio_error(404, 20404, NOT_FOUND))

    @api.post(f"{account}/Messages.json")
    def create_message(account: str) -> ResponseReturnValue:
        form = request.form
        to, body, callback = form.get("To", ""), form.get("Body", ""), form.get("StatusCallback", "")
        if not to or not body:
            return _twilio_error(400, 21602, "A 'To' and a 'Body' are required")
        text = sim.texts.receive(to, body)
        sim.later(lambda: sim.texts.report(text, to, callback))
        return jsonify(_message(account, text.sid, to, body, form.get("From", ""))), 201

    @api.post(f"{account}/Calls.json")
    def create_call(account: str) -> ResponseReturnValue:
        call = sim.calls.ring(request.form.get("To", ""), request.form.get("Url", ""))
        return jsonify(sid=call.sid, account_sid=account, to=call.number, status="queued"), 201

    @api.post(f"{account}/Calls/<sid>.json")
    def update_call(account: str, sid: str) -> ResponseReturnValue:
        call, url = _call(sim, sid), request.form.get("Url", "")
        if request.form.get("Status") == "completed":
            sim.later(lambda: sim.calls.hang_up(call))
        elif url:
            sim.later(lambda: sim.calls.redirect(call, url))
        return jsonify(sid=sid, account_sid=account, status="in-progress")

    @api.post(f"{account}/Queues/<queue>/Members/<sid>.json")
    def dequeue(account: str, queue: str, sid: str) -> ResponseReturnValue:
        call, url = _call(sim, sid), request.form.get("Url", "")
        if call.waiting is None:
            raise _NotFound()
        sim.later(lambda: sim.calls.redirect(call, url))
        return jsonify(call_sid=sid, queue_sid=queue, position=1, wait_time=int(call.seconds))

    @api.get(f"{account}/Queues.json")
    def queues(account: str) -> ResponseReturnValue:
        return jsonify(queues=[], uri=request.path, next_page_uri=None)

    @api.post(f"{account}/Queues.json")
    def create_queue(account: str) -> ResponseReturnValue:
        name = request.form.get("FriendlyName", "")
        return jsonify(sid=new_sid("QU"), friendly_name=name, max_size=int(request.form.get("MaxSize", 100))), 201

    @api.get(f"{account}/Conferences.json")
    def conferences(account: str) -> ResponseReturnValue:
        name, rooms = request.args.get("FriendlyName", ""), sim.calls.in_rooms()
        found = [{"sid": conference_sid(r), "friendly_name": r, "status": "in-progress"} for r in rooms if r == name]
        return jsonify(conferences=found, uri=request.path, next_page_uri=None)

    @api.post(f"{account}/Conferences/<sid>.json")
    def update_conference(account: str, sid: str) -> ResponseReturnValue:
        room = _room(sim, sid)
        if request.form.get("Status") == "completed":
            sim.later(lambda: sim.calls.end_room(room))
        return jsonify(sid=sid, friendly_name=room, status="completed")

    @api.post(f"{account}/Conferences/<sid>/Participants/<call_sid>.json")
    def update_participant(account: str, sid: str, call_sid: str) -> ResponseReturnValue:
        call, hold = _call(sim, call_sid), request.form.get("Hold", "").lower()
        if hold in {"true", "false"}:
            sim.calls.hold(call, hold == "true")
        return jsonify(call_sid=call_sid, conference_sid=sid, hold=call.on_hold)

    @api.post(f"{account}/Conferences/<sid>/Participants.json")
    def add_participant(account: str, sid: str) -> ResponseReturnValue:
        room = _room(sim, sid)
        for call in sim.phones.calls():
            if call.stage == "conference" and call.room == room:
                call.note("The navigator added someone to the call.")
        return jsonify(call_sid=new_sid("CA"), conference_sid=sid, hold=False), 201


def _room(sim: Simulator, sid: str) -> str:
    room = next((room for room in sim.calls.in_rooms() if conference_sid(room) == sid), None)
    if room is None:
        raise _NotFound()
    return room


def _message(account: str, sid: str, to: str, body: str, sender: str) -> dict[str, Any]:
    return {
        "sid": sid, "account_sid": account, "api_version": "2010-04-01", "body": body, "direction": "outbound-api",
        "from": sender, "to": to, "status": "queued", "num_segments": "1", "num_media": "0", "price": None,
        "error_code": None, "error_message": None, "uri": f"{PREFIX}/Accounts/{account}/Messages/{sid}.json",
    }  # fmt: skip
