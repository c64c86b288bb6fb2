"""Twilio Programmable Voice: the call webhooks' fields -> our types, and the REST calls that move
callers (out of the Twilio queue into the contact's conference, on hold, out of the room). Our
answers are written as TwiML by channels.voice_twiml; what is said and done is app.calls' choice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from app.domain import PROVIDER_ID_MAX, IncomingCall, digits
from channels import twilio_common
from channels.base import Fields, InvalidPayload, SendError
from config import Config

PLACE_MAX = 64  # FromCity / FromState / FromCountry, StirVerstat: short texts
_MAX_SECONDS = 86_400 * 7


@dataclass(frozen=True)
class CallReport:
    """What a call webhook after the answer tells us: its status and what Twilio adds."""

    call_sid: str
    status: str
    digits: str
    queue_result: str
    queue_sid: str
    queue_seconds: int | None
    duration_seconds: int | None


VOICE_SETTINGS = (
    "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_VOICE_NUMBER",
    "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID",
)  # fmt: skip


def missing_settings(config: Config) -> list[str]:
    """What voice needs and is not set: verifying and answering calls, moving callers, calling
    back, and the navigators' browser phones."""
    return [name for name in VOICE_SETTINGS if not getattr(config, name)]


def can_answer(config: Config) -> bool:
    """Calls can be queued and handed to navigators: the rest only limits what they can do."""
    return bool(config.TWILIO_ACCOUNT_SID and config.TWILIO_AUTH_TOKEN)


def call_sid(raw: Mapping[str, str]) -> str:
    return Fields(raw).provider_id("CallSid", PROVIDER_ID_MAX)


def parse_incoming(raw: Mapping[str, str], received_at: datetime) -> IncomingCall:
    form = Fields(raw)
    return IncomingCall(
        call_sid=form.provider_id("CallSid", PROVIDER_ID_MAX),
        from_raw=form.get("From", "")[:320],
        received_at=received_at,
        city=form.get("FromCity", "")[:PLACE_MAX],
        province=form.get("FromState", "")[:PLACE_MAX],
        country=form.get("FromCountry", "")[:PLACE_MAX],
        stir_verstat=form.get("StirVerstat", "")[:PLACE_MAX] or None,
    )


def parse_report(raw: Mapping[str, str]) -> CallReport:
    form = Fields(raw)
    return CallReport(
        call_sid=form.provider_id("CallSid", PROVIDER_ID_MAX),
        status=form.get("CallStatus", "")[:20],
        digits=form.get("Digits", "")[:10],
        queue_result=form.get("QueueResult", "")[:30],
        queue_sid=form.get("QueueSid", "")[:PROVIDER_ID_MAX],
        queue_seconds=_seconds(form, "QueueTime"),
        duration_seconds=_seconds(form, "CallDuration"),
    )


def _seconds(form: Fields, name: str) -> int | None:
    value = form.get(name, "")
    if not value:
        return None
    if not digits(value) or int(value) > _MAX_SECONDS:
        raise InvalidPayload(f"{name} is not a number of seconds.")
    return int(value)


QUEUE_SIZE = 2000  # Twilio's default is 1,000 (100 in older accounts); a surge has had 1,000 waiting


def ensure_queue(config: Config) -> str:
    """The queue callers wait in, created or resized to QUEUE_SIZE; its SID."""
    client = twilio_common.rest_client(config)
    try:
        found = [queue for queue in client.queues.list() if queue.friendly_name == config.TWILIO_VOICE_QUEUE]
        if found:  # the Queues list cannot be filtered by name: an account has few queues
            return str(client.queues(found[0].sid).update(max_size=QUEUE_SIZE).sid)
        return str(client.queues.create(friendly_name=config.TWILIO_VOICE_QUEUE, max_size=QUEUE_SIZE).sid)
    except Exception as error:
        raise twilio_common.as_send_error(error) from None


def dequeue(config: Config, queue_sid: str | None, sid: str, url: str) -> None:
    """Take the caller out of the Twilio queue to `url` (the Member resource when the queue is
    known, the Call resource otherwise). SendError when Twilio refuses: the caller has gone."""
    client = twilio_common.rest_client(config)
    try:
        if queue_sid:
            client.queues(queue_sid).members(sid).update(url=url, method="POST")
        else:
            client.calls(sid).update(url=url, method="POST")
    except Exception as error:
        raise twilio_common.as_send_error(error) from None


def place_call(config: Config, to: str, url: str) -> str:
    """Call a resident back from the 211 line; when they answer, Twilio asks `url` what to do."""
    if not config.TWILIO_VOICE_NUMBER:
        raise SendError("TWILIO_VOICE_NUMBER is not set", code="not_configured", permanent=True)
    try:
        call = twilio_common.rest_client(config).calls.create(to=to, from_=config.TWILIO_VOICE_NUMBER, url=url)
    except Exception as error:
        raise twilio_common.as_send_error(error) from None
    return str(call.sid)
