"""Twilio's voice webhooks (docs/voice.md): verify the signature, hand the call to the service,
answer with TwiML. What the caller hears comes from app.calls.prompts; the wording of TwiML
from channels.voice."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from app.calls import prompts, service, waiting
from app.calls.models import VoiceCall
from app.calls.prompts import said
from app.errors import NotFound
from app.models.base import utcnow
from app.runtime import config as current_config
from app.runtime import database
from app.spam.scoring import TURNED_AWAY
from app.webhooks import invalid_payload, twilio_signed
from channels import twilio_common, voice, voice_twiml
from channels.base import InvalidPayload

bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")
bp.register_error_handler(InvalidPayload, invalid_payload)
LANGUAGE_SECONDS = 6


def twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


def language_of(call: VoiceCall) -> str:
    return call.contact.language or prompts.DEFAULT_LANGUAGE


@bp.errorhandler(NotFound)
def _unknown_call(error: NotFound) -> ResponseReturnValue:
    """A signed webhook for a call we never answered (it came while the database was down):
    the caller hears an apology rather than silence."""
    return twiml(voice_twiml.speak(prompts.in_both("unavailable"), then_hang_up=True))


@bp.post("")
@twilio_signed
def incoming() -> ResponseReturnValue:
    call_in = voice.parse_incoming(request.form, received_at=utcnow())
    with database().transaction() as session:
        call, announcement = service.answer(session, call_in)
        if call.contact.outcome in TURNED_AWAY:
            return twiml(voice_twiml.speak(prompts.in_both("turned_away"), then_hang_up=True))
        if not voice.can_answer(current_config()):
            service.close_unavailable(session, call)
            return twiml(voice_twiml.speak(prompts.in_both("unavailable"), then_hang_up=True))
        menu = prompts.in_both("welcome") + prompts.announcement(announcement) + prompts.in_both("choose")
    return twiml(
        voice_twiml.ask(
            menu, "/twilio/voice/language", timeout=LANGUAGE_SECONDS, then=[], otherwise="/twilio/voice/language"
        )
    )


@bp.post("/language")
@twilio_signed
def language() -> ResponseReturnValue:
    with database().transaction() as session:
        service.choose_language(session, voice.call_sid(request.form), request.form.get("Digits", ""))
    queue = current_config().TWILIO_VOICE_QUEUE
    return twiml(voice_twiml.enqueue(queue, "/twilio/voice/queue-result", "/twilio/voice/wait"))


@bp.post("/wait")
@twilio_signed
def wait() -> ResponseReturnValue:
    report = voice.parse_report(request.form)
    with database().transaction() as session:
        call = service.find(session, report.call_sid)
        due = waiting.due(session, call, report.queue_sid)
        lang, can_call_back = language_of(call), call.contact.address_id is not None
    sentences = []
    if due is not None:
        sentences.append(said("position", lang, position=due.position))
        sentences.append(said("estimate", lang, minutes=due.minutes) if due.minutes else said("no_estimate", lang))
        if can_call_back:
            sentences.append(said("offer_callback", lang))
    return twiml(voice_twiml.hold(sentences, "/twilio/voice/wait-key", current_config().VOICE_HOLD_MUSIC_URL))


@bp.post("/wait-key")
@twilio_signed
def wait_key() -> ResponseReturnValue:
    """A key pressed while waiting: the callback key leaves the queue (the Enqueue result then
    confirms); any other key goes back to waiting."""
    if request.form.get("Digits") != prompts.CALLBACK_KEY:
        return twiml(voice_twiml.redirect("/twilio/voice/wait"))
    with database().transaction() as session:
        call = service.request_callback(session, voice.call_sid(request.form))
        requested = call.callback_requested_at is not None
    return twiml(voice_twiml.leave_queue() if requested else voice_twiml.redirect("/twilio/voice/wait"))


@bp.post("/queue-result")
@twilio_signed
def queue_result() -> ResponseReturnValue:
    report = voice.parse_report(request.form)
    with database().transaction() as session:
        call = service.queue_result(session, report.call_sid, report.queue_result, report.queue_seconds)
        lang, called_back = language_of(call), call.callback_requested_at is not None
    if called_back:
        return twiml(voice_twiml.speak([said("callback_confirmed", lang)], then_hang_up=True))
    if report.queue_result in service.QUEUE_FAILURES:
        offer = [said("cannot_hold", lang)]
        return twiml(voice_twiml.ask(offer, "/twilio/voice/callback-offer", timeout=8, then=[said("call_again", lang)]))
    return twiml(twilio_common.EMPTY_TWIML)


@bp.post("/callback-offer")
@twilio_signed
def callback_offer() -> ResponseReturnValue:
    """Twilio could not hold the call: the caller pressed a key to be called back, or not."""
    with database().transaction() as session:
        call = service.find(session, voice.call_sid(request.form))
        if request.form.get("Digits") == prompts.CALLBACK_KEY:
            call = service.request_callback(session, call.call_sid)
        lang, called_back = language_of(call), call.callback_requested_at is not None
    return twiml(
        voice_twiml.speak([said("callback_confirmed" if called_back else "call_again", lang)], then_hang_up=True)
    )


@bp.post("/status")
@twilio_signed
def status() -> ResponseReturnValue:
    report = voice.parse_report(request.form)
    with database().transaction() as session:
        service.finish(session, report.call_sid, report.status, report.duration_seconds)
    return Response(status=204)
