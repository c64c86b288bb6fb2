"""The conversation part of a call (docs/voice.md): the claimed caller's conference and the
survey after it, the navigator's browser joining the conference (the TwiML App's voice URL),
and the access token the console's Voice SDK signs in with."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant

from app.auth import login_required
from app.calls import conversation, service
from app.calls.models import VoiceCall
from app.calls.prompts import said
from app.calls.views import bp, language_of, twiml
from app.domain import MAX_ID, digits
from app.models import StaffUser
from app.runtime import config as current_config
from app.runtime import database
from app.webhooks import twilio_signed
from channels import voice, voice_twiml

api = Blueprint("voice_api", __name__, url_prefix="/api/voice")
TOKEN_SECONDS = 3600
CLIENT_PREFIX = "client:" + conversation.browser_identity(0)[:-1]  # "client:staff-"


@bp.post("/bridge")
@twilio_signed
def bridge() -> ResponseReturnValue:
    """The claimed caller (taken out of the queue, or called back) joins the contact's conference;
    when it ends, the survey."""
    with database().transaction() as session:
        call = _call(session)
        contact_id, lang = call.contact_id, language_of(call)
    return twiml(
        voice_twiml.conference(
            conversation.room(contact_id),
            caller=True,
            action=f"/twilio/voice/survey-ask?c={contact_id}",
            sentences=[said("connecting", lang)],
        )
    )


@bp.post("/survey-ask")
@twilio_signed
def survey_ask() -> ResponseReturnValue:
    with database().transaction() as session:
        call = _call(session)
        lang, survey = language_of(call), f"/twilio/voice/survey?c={call.contact_id}"
    return twiml(voice_twiml.ask([said("survey", lang)], survey, timeout=8, then=[said("thanks", lang)]))


@bp.post("/survey")
@twilio_signed
def survey() -> ResponseReturnValue:
    with database().transaction() as session:
        call = conversation.record_satisfaction(_call(session), request.form.get("Digits", ""))
        lang = language_of(call)
    return twiml(voice_twiml.speak([said("thanks", lang)], then_hang_up=True))


def _call(session: Session) -> VoiceCall:
    """The call a conference webhook is about: by the contact our own signed URL names (`c`),
    which a call back keeps though Twilio gives it a CallSid of its own; else by CallSid."""
    contact_id = request.args.get("c", type=int)
    found = conversation.of_contact(session, contact_id) if contact_id and 0 < contact_id <= MAX_ID else None
    return found or service.find(session, voice.call_sid(request.form))


@bp.post("/navigator")
@twilio_signed
def navigator() -> ResponseReturnValue:
    """The console's Voice SDK calls the TwiML App with ContactId: its navigator joins the
    conference of the call they hold, and nobody else does."""
    caller = request.form.get("From", "")
    staff_id = caller.removeprefix(CLIENT_PREFIX) if caller.startswith(CLIENT_PREFIX) else ""
    return _join(staff_id, request.form.get("ContactId", ""))


@bp.post("/desk")
@twilio_signed
def desk() -> ResponseReturnValue:
    """A navigator's desk phone, rung at their claim, answers: into the room (the ids ride in
    the URL we signed the call with)."""
    return _join(request.args.get("s", ""), request.args.get("c", ""))


def _join(staff_id: str, contact_id: str) -> ResponseReturnValue:
    if digits(staff_id) and digits(contact_id) and len(staff_id + contact_id) < 20:
        with database().transaction() as session:
            if conversation.navigator_may_join(session, int(staff_id), int(contact_id)):
                room = conversation.room(int(contact_id))
                return twiml(voice_twiml.conference(room, caller=False, action=None, sentences=[]))
    return twiml(voice_twiml.speak([said("not_yours", "en")], then_hang_up=True))


@api.get("/token")
@login_required
def token(user: StaffUser) -> ResponseReturnValue:
    """A short-lived Voice SDK token for the signed-in staff member, and only for them."""
    config = current_config()
    missing = [name for name in voice.VOICE_SETTINGS if not getattr(config, name)]
    if missing:
        return jsonify(
            error="voice_not_configured",
            message=_("Voice is not configured: missing %(settings)s", settings=", ".join(missing)),
        ), 503
    access = AccessToken(
        config.TWILIO_ACCOUNT_SID, config.TWILIO_API_KEY_SID, config.TWILIO_API_KEY_SECRET,
        identity=conversation.browser_identity(user.id), ttl=TOKEN_SECONDS,
    )  # fmt: skip
    access.add_grant(VoiceGrant(outgoing_application_sid=config.TWILIO_TWIML_APP_SID, incoming_allow=True))
    return jsonify(token=access.to_jwt(), identity=conversation.browser_identity(user.id), expires_in=TOKEN_SECONDS)
