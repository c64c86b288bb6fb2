"""Twilio Programmable Messaging: inbound webhook fields -> Inbound, status callbacks ->
DeliveryStatus, and sending a reply with the twilio REST client."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from app.domain import (
    MAX_ID,
    PROVIDER_CODE_MAX,
    PROVIDER_ID_MAX,
    Channel,
    DeliveryStatus,
    Inbound,
    Media,
    OptOut,
    Outbound,
    SendResult,
)
from channels import twilio_common
from channels.base import Fields, InvalidPayload
from config import Config

MAX_BODY = 1600
# Twilio's Advanced Opt-Out tells us with OptOutType; without it we recognise the keywords
# ourselves, French included (ARRET is not in Twilio's default list).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "ARRET", "ARRÊT", "ARRETE"}
START_WORDS = {"START", "YES", "UNSTOP"}
_DIGITS = re.compile(r"[0-9]{1,10}")


def _opt_out(form: Fields, body: str) -> OptOut | None:
    kind = form.get("OptOutType", "").upper()
    word = body.strip().upper()
    if kind == "STOP" or (not kind and word in STOP_WORDS):
        return OptOut.STOP
    if kind == "START" or (not kind and word in START_WORDS):
        return OptOut.START
    return None


def _media(form: Fields) -> tuple[Media, ...]:
    try:
        count = min(int(form.get("NumMedia", "0") or 0), 10)
    except ValueError:
        count = 0
    return tuple(
        Media(url=form[f"MediaUrl{i}"], content_type=form.get(f"MediaContentType{i}", ""))
        for i in range(count)
        if f"MediaUrl{i}" in form
    )


def parse(raw: Mapping[str, str], received_at: datetime) -> Inbound:
    """Translate an inbound-message webhook. Raises InvalidPayload without a plausible MessageSid."""
    form = Fields(raw)
    body = form.get("Body", "")[:MAX_BODY]
    return Inbound(
        channel=Channel.SMS,
        provider_id=form.provider_id("MessageSid", PROVIDER_ID_MAX),
        from_raw=form.get("From", ""),
        to_raw=form.get("To", ""),
        body=body,
        received_at=received_at,
        media=_media(form),
        opt_out=_opt_out(form, body),
    )


def parse_status(raw_form: Mapping[str, str], raw_query: Mapping[str, str]) -> DeliveryStatus:
    """Translate a status callback. Raises InvalidPayload without a plausible MessageSid or
    without MessageStatus, and for an ErrorCode or `m` that is not one."""
    form = Fields(raw_form)
    return DeliveryStatus(
        message_id=_our_message_id(Fields(raw_query)),
        provider_id=form.provider_id("MessageSid", PROVIDER_ID_MAX),
        status=form.require("MessageStatus"),
        error_code=form.provider_id("ErrorCode", PROVIDER_CODE_MAX) if form.get("ErrorCode") else None,
    )


def _our_message_id(query: Fields) -> int | None:
    """`m` rides in the signed callback URL (see _status_callback). Without it the report is
    matched on the provider id alone; anything but one of our ids is refused."""
    raw = query.get("m")
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw) or not 0 < int(raw) <= MAX_ID:
        raise InvalidPayload(f"m is not a message id (a whole number from 1 to {MAX_ID}).")
    return int(raw)


def _status_callback(config: Config, outbound: Outbound) -> str:
    """Our message id rides in the (signed) URL: the callback can arrive before the send's
    transaction has stored the Message SID."""
    return f"{config.PUBLIC_URL.rstrip('/')}/twilio/sms/status?m={outbound.message_id}"


class SmsAdapter:
    channel = Channel.SMS

    def send(self, outbound: Outbound, config: Config) -> SendResult:
        twilio_common.require_sending_config(config)
        sender = (
            {"messaging_service_sid": config.TWILIO_MESSAGING_SERVICE_SID}
            if config.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": config.TWILIO_FROM_NUMBER}
        )
        try:
            message = twilio_common.rest_client(config).messages.create(
                to=outbound.to, body=outbound.body, status_callback=_status_callback(config, outbound), **sender
            )
        except Exception as error:  # every client failure becomes a SendError the worker decides on
            # `from None`: the client's own error quotes the number; only the redacted one goes on.
            raise twilio_common.as_send_error(error) from None
        return SendResult(provider_id=message.sid, status=message.status or "queued")
