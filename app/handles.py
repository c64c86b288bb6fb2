"""A sender's handle on any channel, read one way by intake, the block list and the spam checks:
on voice and SMS a phone number (E.164 when it parses, the raw text otherwise, nobody when
withheld); on chat and email the text itself in lower case (a visitor's conversation id, a mail
address)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Channel
from app.phones import MAX_RAW, parse

PHONE_CHANNELS = (Channel.VOICE, Channel.SMS)


@dataclass(frozen=True)
class Handle:
    raw: str
    value: str | None  # what identifies the sender on its channel; None: it identifies nobody
    valid: bool
    withheld: bool


def read(channel: str, raw: str | None, region: str) -> Handle:
    if channel in PHONE_CHANNELS:
        number = parse(raw, region)
        return Handle(number.raw, number.address_value, number.e164 is not None, number.withheld)
    text = (raw or "")[:MAX_RAW].strip()
    return Handle(text, text.lower() or None, valid=bool(text), withheld=not text)
