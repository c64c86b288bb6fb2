"""A claimed call: the caller moved out of Twilio's queue (or called back) into the contact's
conference, the navigator joining it, and the satisfaction survey when it ends."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app import policy
from app.calls import prompts
from app.calls.models import VoiceCall
from app.calls.service import of_contact
from app.db import ports
from app.domain import ContactState
from app.errors import DomainError, NotFound
from app.models import Contact, StaffUser
from channels import voice
from channels.base import SendError
from config import Config

log = logging.getLogger(__name__)


class CallerGone(DomainError):
    code = "caller_gone"
    http_status = 409


def browser_identity(staff_id: int) -> str:
    """A staff member's Voice SDK identity: calls from their console's phone come as `client:<it>`."""
    return f"staff-{staff_id}"


def room(contact_id: int) -> str:
    """The conference a claimed call is held in: the caller, the navigator, whoever they add."""
    return f"contact-{contact_id}"


def record_satisfaction(call: VoiceCall, digits: str) -> VoiceCall:
    """The survey's answer on the funder's scale; anything else stores nothing."""
    answer = prompts.SATISFACTION.get(digits)
    if answer and call.contact.navigator_id is not None and call.contact.satisfaction is None:
        call.contact.satisfaction = answer
    return call


def connect_caller(session: Session, contact: Contact) -> None:
    """A navigator claimed the call: move the caller out of Twilio's queue into the contact's
    conference (or call them back into it). CallerGone when Twilio says the caller is gone."""
    call = of_contact(session, contact.id)
    if call is None:
        raise NotFound(_("This contact has no call."))
    config = ports(session).config
    bridge = f"{config.PUBLIC_URL.rstrip('/')}/twilio/voice/bridge?c={contact.id}"
    try:
        if call.callback_requested_at is None:  # in Twilio's queue, or already out of it (a claim that lapsed)
            in_queue = call.queue_sid if call.queue_result is None else None
            voice.dequeue(config, in_queue, call.call_sid, bridge)
        else:  # they hung up on purpose: call them back into the same conference
            voice.place_call(config, contact.address.value if contact.address else "", bridge)
    except SendError as error:
        if call.callback_requested_at is not None:
            raise CallerGone(_("The call back could not be placed: %(error)s", error=error)) from None
        raise CallerGone(_("The caller hung up before you could answer (%(code)s).", code=error.code)) from None
    _ring_desk(config, contact)


def _ring_desk(config: Config, contact: Contact) -> None:
    """A navigator with a desk phone: it rings into the room. If it cannot, the claim stands and
    the console's browser phone can still join."""
    navigator = contact.navigator
    if navigator is None or not navigator.desk_number:
        return
    desk = f"{config.PUBLIC_URL.rstrip('/')}/twilio/voice/desk?c={contact.id}&s={navigator.id}"
    try:
        voice.place_call(config, navigator.desk_number, desk)
    except SendError as error:
        log.warning("could not ring the desk phone of staff %s: %s", navigator.id, error)


def navigator_may_join(session: Session, staff_id: int, contact_id: int) -> bool:
    """Only the navigator who holds the claimed call joins its conference from the console."""
    contact = session.get(Contact, contact_id)
    return contact is not None and contact.state == ContactState.CLAIMED and contact.navigator_id == staff_id


def held_call(session: Session, user: StaffUser, contact_id: int) -> VoiceCall:
    """The call of a contact `user` holds, for the in-call controls (anyone else: not_found)."""
    contact = session.get(Contact, contact_id)
    call = of_contact(session, contact_id) if contact is not None else None
    if contact is None or call is None or not policy.can(user, "call.control", contact):
        raise NotFound(_("You hold no call with this id."))
    return call
