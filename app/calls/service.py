"""A call's way through the one queue: answered into the phone menu, queued with its language,
waiting (or asking for a callback), abandoned, finished. What follows a claim (the conference,
the survey) is app.calls.conversation.

Twilio may send any webhook twice, late or out of order: each step moves the contact through
the one state machine (a move that already happened does nothing) and a call's status only
moves forward."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app import events
from app.calls import announcements, prompts
from app.calls.models import Announcement, VoiceCall
from app.domain import ContactState, IncomingCall
from app.errors import NotFound
from app.models.base import utcnow
from app.services import abandonment, intake, states
from app.spam import service as spam

M, Q, C, X = ContactState.MENU, ContactState.QUEUED, ContactState.CLAIMED, ContactState.CLOSED
# Call statuses in the order a call goes through them; the last row are the final ones.
STATUS_RANK = {"queued": 0, "initiated": 0, "ringing": 1, "in-progress": 2}
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
QUEUE_FAILURES = frozenset({"queue-full", "error", "system-error"})


def answer(session: Session, call: IncomingCall) -> tuple[VoiceCall, Announcement | None]:
    """The call, and the announcement it hears (recorded on its first answer; a retried
    webhook hears the same one)."""
    stored = intake.receive_call(session, call)
    spam.judge(session, stored.contact, announced=False, call=stored)  # spam or blocked: closed, and told so (views)
    if stored.announcement_id is not None:
        return stored, session.get(Announcement, stored.announcement_id)
    current = announcements.current(session)
    stored.announcement_id = current.id if current else None
    return stored, current


def find(session: Session, call_sid: str) -> VoiceCall:
    found = session.scalars(
        select(VoiceCall).where(VoiceCall.call_sid == call_sid).options(joinedload(VoiceCall.contact))
    ).first()
    if found is None:
        raise NotFound(_("No such call."))
    return found


def of_contact(session: Session, contact_id: int) -> VoiceCall | None:
    return session.scalars(select(VoiceCall).where(VoiceCall.contact_id == contact_id)).first()


def close_unavailable(session: Session, call: VoiceCall) -> None:
    """Voice is not configured: the caller hears an apology; the contact says why it ended."""
    _end_in_menu(session, call, "voice_unavailable")


def choose_language(session: Session, call_sid: str, digits: str) -> VoiceCall:
    """Queue the call in the language chosen (no key: the default, recorded as not chosen)."""
    call = find(session, call_sid)
    language = prompts.KEYS.get(digits)
    place = ", ".join(part for part in (call.city.title(), call.province) if part)
    values = {"language": language or prompts.DEFAULT_LANGUAGE, "queued_at": utcnow(), "preview": _preview(place)}
    contact = states.move(
        session, call.contact_id, from_state=M, to_state=Q, reason="queued", actor_id=None, values=values
    )
    if contact is not None:
        call.language_chosen = language is not None
        events.contact_changed(session, "contact_queued", contact)
    return call


def _preview(place: str) -> str:
    return f"Phone call from {place}" if place else "Phone call"


def request_callback(session: Session, call_sid: str) -> VoiceCall:
    """The caller would rather be called back: the contact keeps its place in the queue (not
    for a withheld number: there is nobody to call)."""
    call = find(session, call_sid)
    if call.contact.state == Q and call.callback_requested_at is None and call.contact.address_id is not None:
        call.callback_requested_at = utcnow()
        call.contact.preview = "Callback requested"
        events.contact_changed(session, "contact_updated", call.contact)
    return call


def queue_result(session: Session, call_sid: str, result: str, queue_seconds: int | None) -> VoiceCall:
    """Twilio's word on how the caller left its queue. Only `hangup` is an abandonment: a claimed
    caller comes back `redirected`, one who asked for a callback `leave`."""
    call = find(session, call_sid)
    call.queue_result = result
    if result == "hangup":
        abandon(session, call, queue_seconds)
    return call


def abandon(session: Session, call: VoiceCall, wait_seconds: int | None) -> None:
    """The caller hung up while waiting (a callback request is not an abandonment)."""
    if call.callback_requested_at is None:
        abandonment.abandon(session, call.contact, wait_seconds)


def finish(session: Session, call_sid: str, status: str, duration: int | None) -> None:
    """The call's status callback: recorded forward only; a call that ends in the menu, or
    waiting with no Enqueue result, ends its contact accordingly."""
    try:
        call = find(session, call_sid)
    except NotFound:
        return  # not a call of ours (or answered while voice was down): nothing to record
    if call.status in FINAL_STATUSES or STATUS_RANK.get(status, 3) < STATUS_RANK.get(call.status, 3):
        return
    call.status, call.duration_seconds = status, duration
    if status in FINAL_STATUSES:
        _end_in_menu(session, call, abandonment.HUNG_UP_IN_MENU)
        abandon(session, call, None)
        spam.judge(session, call.contact, call=call)  # how the call ended is evidence (a silent hang-up)


def _end_in_menu(session: Session, call: VoiceCall, outcome: str) -> None:
    values = {"outcome": outcome, "closed_at": utcnow()}
    states.move(session, call.contact_id, from_state=M, to_state=X, reason=outcome, actor_id=None, values=values)
