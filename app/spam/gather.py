"""Gathering a contact's evidence from the database, in one statement of counts (plus the texts
of a contact that has more than the one just received). Every window ends at the contact's own
last activity, not at now, so rescoring a past contact sees what was known then."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import Session

from app import handles
from app.calls.models import VoiceCall
from app.db import core, ports
from app.domain import Channel, Direction
from app.models import Contact, Message
from app.spam import automated
from app.spam.evidence import Evidence, number_kind
from app.spam.models import BlockedAddress

BODIES_READ = 50  # the latest texts of a contact the rules read
Texts = tuple[list[Any], dict[str, Any]]  # a contact's latest texts (body, digest, at), newest first; their counts


# The block list's reason for an address at a moment (none when lifted or expired).
_BLOCKED = select(BlockedAddress.reason).where(
    BlockedAddress.channel == bindparam("channel"), BlockedAddress.value == bindparam("value"),
    BlockedAddress.lifted_at.is_(None),
    (BlockedAddress.expires_at.is_(None)) | (BlockedAddress.expires_at > bindparam("at")),
).limit(1)  # fmt: skip


def _inbound(since: str, counted: ColumnElement[Any], *where: ColumnElement[bool]) -> ScalarSelect[Any]:
    return (
        select(counted).select_from(Message).join(Contact, Contact.id == Message.contact_id)
        .where(Message.direction == Direction.INBOUND, Message.created_at > bindparam(since))
        .where(Message.created_at <= bindparam("at"), *where).scalar_subquery()
    )  # fmt: skip


# Built once, so that SQLAlchemy keeps their compiled forms: a webhook pays only for the round trip.
_TEXT_COUNTS = select(
    _BLOCKED.scalar_subquery().label("blocked"),
    _inbound("burst_since", func.count(Message.id), Contact.address_id == bindparam("address_id"))
    .label("recent_texts"),
    _inbound("copies_since", func.count(func.distinct(Contact.address_id)),
             Message.body_digest == bindparam("digest")).label("identical_senders"),
)  # fmt: skip
_CALL_COUNTS = select(
    _BLOCKED.scalar_subquery().label("blocked"),
    select(func.count(Contact.id)).where(
        Contact.channel == Channel.VOICE, Contact.address_id == bindparam("address_id"),
        Contact.created_at > bindparam("calls_since"), Contact.created_at <= bindparam("at"),
    ).scalar_subquery().label("recent_calls"),
)  # fmt: skip
_LATEST = (
    select(Message.body, Message.body_digest, Message.created_at)
    .where(Message.contact_id == bindparam("contact_id"), Message.direction == Direction.INBOUND)
    .order_by(Message.id.desc()).limit(BODIES_READ)
)  # fmt: skip


def evidence(
    session: Session, contact: Contact, t: dict[str, dict[str, Any]], *, call: VoiceCall | None = None,
    only: Message | None = None, texts: Texts | None = None,
) -> Evidence:  # fmt: skip
    """`call`: the contact's call when the caller has it; `only`: the contact's one message so far;
    `texts`: its texts and their counts, when the caller read them (app.services.intake_statement)."""
    region = ports(session).config.DEFAULT_REGION
    withheld = handles.read(contact.channel, contact.from_raw, region).withheld
    facts: dict[str, Any] = {
        "channel": contact.channel, "sender": contact.from_raw, "withheld": withheld,
        "number_kind": number_kind(contact.from_raw, region) if contact.channel in handles.PHONE_CHANNELS else None,
        "navigator_tag": contact.navigator_tag,
    }  # fmt: skip
    if contact.channel == Channel.VOICE:
        return Evidence(**facts, **_call(session, contact, t, call))
    return Evidence(**facts, **_texts(session, contact, t, texts or _looked_up(session, contact, t, only)))


def _counted(session: Session, statement: Select[Any], contact: Contact, at: datetime, **values: Any) -> dict:
    value = contact.address.value if contact.address else ""
    bound = {"channel": contact.channel, "value": value, "at": at, "address_id": contact.address_id, **values}
    return dict(core(session, statement, bound).one()._mapping)


def _call(session: Session, contact: Contact, t: dict[str, dict[str, Any]], call: VoiceCall | None) -> dict[str, Any]:
    call = call or session.scalars(select(VoiceCall).where(VoiceCall.contact_id == contact.id)).first()
    since = contact.created_at - timedelta(seconds=t["repeat_calls"]["window_seconds"])
    found = _counted(session, _CALL_COUNTS, contact, contact.created_at, calls_since=since)
    ended_in_menu = contact.outcome == "hung_up_in_menu"
    return found | {
        "recent_calls": found["recent_calls"] if contact.address_id else 1,
        "stir_verstat": call.stir_verstat if call else None,
        "menu_seconds": (call.duration_seconds or 0) if call and ended_in_menu else None,
        "input_given": bool(call and call.language_chosen) or not ended_in_menu,
    }


def windows(t: dict[str, dict[str, Any]], body: str, digest: str | None, at: datetime) -> dict[str, Any]:
    """The bounds of the counts for a contact whose latest text is `body` (its `digest`), received `at`."""
    burst, same = t["sms_burst"], t["identical_bodies"]
    compared = digest is not None and len(body.strip()) >= same["min_chars"]
    return {
        "at": at, "digest": digest if compared else None,
        "burst_since": at - timedelta(seconds=burst["window_seconds"]),
        "copies_since": at - timedelta(seconds=same["window_seconds"]),
    }  # fmt: skip


def _looked_up(session: Session, contact: Contact, t: dict[str, dict[str, Any]], only: Message | None) -> Texts:
    latest = [(only.body, only.body_digest, only.created_at)] if only else _latest(session, contact)
    body, digest, at = latest[0] if latest else ("", None, contact.last_message_at)
    return latest, _counted(session, _TEXT_COUNTS, contact, **windows(t, body, digest, at))


def _texts(session: Session, contact: Contact, t: dict[str, dict[str, Any]], texts: Texts) -> dict[str, Any]:
    latest, found = texts
    recent = found["recent_texts"] if contact.address_id else len(latest)
    bodies = tuple(body for body, _, _ in reversed(latest))
    return found | {"recent_texts": recent, "bodies": bodies, "automated": automated.reason(session, contact)}


def _latest(session: Session, contact: Contact) -> list[Any]:
    return list(core(session, _LATEST, {"contact_id": contact.id}).all())
