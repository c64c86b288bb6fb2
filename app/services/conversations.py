"""Reading a contact's thread (audited) and replying to the resident. A reply is an outbound
message row plus an outbox row in one transaction; a worker delivers it."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from functools import cached_property

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from app import events, policy
from app.audit import service as audit
from app.db import ports
from app.domain import Channel, ContactState, Direction
from app.errors import InvalidRequest, InvalidState, NoAddress, OptedOut
from app.models import Address, Contact, Message, StaffUser
from app.services import outbox
from app.services.queue import get

READ = "contact.read"
READ_DENIED = "contact.read_denied"
# Built once (every claim and open reads a thread): SQLAlchemy keeps its cache key. The replies'
# authors are joined: selectinload spent more CPU on every read, with no author to load too
# (docs/benchmarks.md), and a round trip more when a reply's author is not in the session.
_THREAD = (
    select(Message)
    .where(Message.contact_id == bindparam("contact_id"))
    .options(joinedload(Message.author))
    .order_by(Message.created_at, Message.id)
)


def read_thread(session: Session, actor: StaffUser, contact_id: int) -> tuple[Contact, list[Message]]:
    """The contact and its messages, oldest first, if app.policy lets `actor` read them. Every
    read and every refusal goes to the audit log; a refusal raises the same NotFound as a
    missing id, its refusal committed apart (the caller's transaction rolls back with the error;
    a missing contact has no id to record). Call it before writing in the caller's transaction."""
    contact = session.get(Contact, contact_id)
    if contact is None or not policy.can(actor, READ, contact, serving=_Serving(session, actor)):
        audit.record_apart(session, READ_DENIED, actor.id, contact_id=contact.id if contact else None)
        raise policy.refused_read()
    return contact, list(
        audit.read_recorded(session, _THREAD, {"contact_id": contact.id}, READ, actor.id, contact_id=contact.id)
    )


class _Serving(Collection[int]):
    """Residents whose contact `actor` holds now: their earlier contacts are readable history.
    Read only if the policy asks (for a closed contact): a navigator reading what they hold, as
    every claim does, costs no query."""

    def __init__(self, session: Session, actor: StaffUser) -> None:
        self._session, self._actor = session, actor

    @cached_property
    def _ids(self) -> frozenset[int]:
        held = Contact.state == ContactState.CLAIMED, Contact.navigator_id == self._actor.id
        return frozenset(rid for rid in self._session.scalars(select(Contact.resident_id).where(*held)) if rid)

    def __contains__(self, resident_id: object) -> bool:
        return resident_id in self._ids

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


# A caller is texted by SMS, at the number they called from (referrals after the call).
TEXTED_BY: dict[str, str] = {Channel.VOICE: Channel.SMS}


def _texting_address(session: Session, contact: Contact) -> Address | None:
    """The address whose opt-out a text honours: the contact's own, or for a caller, their
    number's SMS address (None: they never texted, so never texted STOP)."""
    assert contact.address is not None
    if contact.channel not in TEXTED_BY:
        return contact.address
    if not contact.address.is_valid:
        raise NoAddress(_("This caller's number cannot receive texts."))
    channel = TEXTED_BY[contact.channel]
    return session.scalars(
        select(Address).where(Address.channel == channel, Address.value == contact.address.value)
    ).first()


def reply(session: Session, actor: StaffUser, contact_id: int, body: str) -> Message:
    text = (body or "").strip()
    limit = ports(session).config.MAX_REPLY_CHARS
    if not text:
        raise InvalidRequest(_("Write a message before sending."))
    if len(text) > limit:
        given = len(text)
        raise InvalidRequest(_("A reply is at most %(limit)s characters (%(given)s given).", limit=limit, given=given))
    if "\0" in text:  # the database cannot store it, and no phone would show it
        raise InvalidRequest(_("A reply cannot contain a NUL character (\\0); remove it and send again."))
    contact = get(session, contact_id)
    policy.authorize(actor, "contact.reply", contact)
    if contact.state == ContactState.CLOSED:
        raise InvalidState(_("This contact is closed; a new text from the resident opens a new one."))
    if contact.state != ContactState.CLAIMED:
        raise InvalidState(_("Claim this contact before replying."))
    if contact.address is None:
        raise NoAddress(_("This resident withheld their number: there is nowhere to reply."))
    texting = _texting_address(session, contact)
    if texting is not None and texting.opted_out_at is not None:
        when = texting.opted_out_at.strftime("%Y-%m-%d %H:%M UTC")
        stop = _("This resident texted STOP on %(when)s; texts cannot be sent until they text START.", when=when)
        raise OptedOut(stop)
    message = Message(
        contact_id=contact.id,
        channel=TEXTED_BY.get(contact.channel, contact.channel),
        direction=Direction.OUTBOUND,
        body=text,
        status="pending",
        author_id=actor.id,
        media=[],
    )
    session.add(message)
    session.flush()
    outbox.add_send(session, message)
    events.message_added(session, message)
    return message
