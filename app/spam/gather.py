"""Gathering a contact's evidence from the database, in one statement of counts (plus the texts
of a contact that has more than the one just received). Every window ends at the contact's own
last activity, not at now, so rescoring a past contact sees what was known then."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select
from sqlalchemy.orm import Session

from app.calls.models import VoiceCall
from app.db import ports
from app.domain import Channel, Direction
from app.models import Contact, Message
from app.phones import parse
from app.spam.evidence import Evidence, number_kind
from app.spam.models import BlockedAddress

PHONE_CHANNELS = (Channel.VOICE, Channel.SMS)
BODIES_READ = 50  # the latest texts of a contact the rules read


def blocked(channel: str, value: str | None, at: datetime) -> Select[Any]:
    """The block list's reason for an address at a moment (none when lifted or expired)."""
    return select(BlockedAddress.reason).where(
        BlockedAddress.channel == channel, BlockedAddress.value == (value or ""), BlockedAddress.lifted_at.is_(None),
        (BlockedAddress.expires_at.is_(None)) | (BlockedAddress.expires_at > at),
    ).limit(1)  # fmt: skip


def evidence(
    session: Session, contact: Contact, t: dict[str, dict[str, Any]], *, call: VoiceCall | None = None,
    only: Message | None = None,
) -> Evidence:  # fmt: skip
    """`call`: the contact's call when the caller has it; `only`: the contact's one message so far."""
    region = ports(session).config.DEFAULT_REGION
    facts: dict[str, Any] = {
        "channel": contact.channel, "sender": contact.from_raw, "withheld": parse(contact.from_raw, region).withheld,
        "number_kind": number_kind(contact.from_raw, region) if contact.channel in PHONE_CHANNELS else None,
        "navigator_tag": contact.navigator_tag,
    }  # fmt: skip
    if contact.channel == Channel.VOICE:
        return Evidence(**facts, **_call(session, contact, t, call))
    return Evidence(**facts, **_texts(session, contact, t, only))


def _counted(session: Session, contact: Contact, at: datetime, **counts: ColumnElement[Any]) -> dict[str, Any]:
    value = contact.address.value if contact.address else None
    listed = blocked(contact.channel, value, at).scalar_subquery().label("blocked")
    return dict(session.execute(select(listed, *(c.label(name) for name, c in counts.items()))).one()._mapping)


def _call(session: Session, contact: Contact, t: dict[str, dict[str, Any]], call: VoiceCall | None) -> dict[str, Any]:
    call = call or session.scalars(select(VoiceCall).where(VoiceCall.contact_id == contact.id)).first()
    window = timedelta(seconds=t["repeat_calls"]["window_seconds"])
    calls = select(func.count(Contact.id)).where(
        Contact.channel == Channel.VOICE, Contact.address_id == contact.address_id,
        Contact.created_at > contact.created_at - window, Contact.created_at <= contact.created_at,
    )  # fmt: skip
    found = _counted(session, contact, contact.created_at, recent_calls=calls.scalar_subquery())
    ended_in_menu = contact.outcome == "hung_up_in_menu"
    return found | {
        "recent_calls": found["recent_calls"] if contact.address_id else 1,
        "stir_verstat": call.stir_verstat if call else None,
        "menu_seconds": (call.duration_seconds or 0) if call and ended_in_menu else None,
        "input_given": bool(call and call.language_chosen) or not ended_in_menu,
    }


def _texts(session: Session, contact: Contact, t: dict[str, dict[str, Any]], only: Message | None) -> dict[str, Any]:
    latest = [(only.body, only.body_digest, only.created_at)] if only else _latest(session, contact)
    body, digest, at = latest[0] if latest else ("", None, contact.last_message_at)
    burst, same = t["sms_burst"], t["identical_bodies"]
    from_sender = _inbound(at, burst["window_seconds"], func.count(Message.id))
    copies = _inbound(at, same["window_seconds"], func.count(func.distinct(Contact.address_id)))
    compared = digest is not None and len(body.strip()) >= same["min_chars"]
    found = _counted(
        session, contact, at,
        recent_texts=from_sender.where(Contact.address_id == contact.address_id).scalar_subquery()
        if contact.address_id else literal(len(latest)),
        identical_senders=copies.where(Message.body_digest == digest).scalar_subquery() if compared else literal(0),
    )  # fmt: skip
    return found | {"bodies": tuple(body for body, _, _ in reversed(latest))}


def _latest(session: Session, contact: Contact) -> list[Any]:
    inbound = select(Message.body, Message.body_digest, Message.created_at).where(
        Message.contact_id == contact.id, Message.direction == Direction.INBOUND
    )
    return list(session.execute(inbound.order_by(Message.id.desc()).limit(BODIES_READ)).all())


def _inbound(at: datetime, seconds: int, counted: ColumnElement[Any]) -> Select[Any]:
    return (
        select(counted)
        .select_from(Message)
        .join(Contact, Contact.id == Message.contact_id)
        .where(Message.direction == Direction.INBOUND, Message.created_at > at - timedelta(seconds=seconds))
        .where(Message.created_at <= at)
    )
