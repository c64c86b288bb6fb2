"""Language first: a contact whose language is known is offered first to the navigators who speak
it. Navigators claim from one shared queue, so "offered first" means that for
LANGUAGE_FIRST_SECONDS after it was queued, a navigator who does not speak the contact's language
may not claim it while a colleague who does is available with room on its channel; after that
window, or when no such colleague is there, anyone may claim it at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.public_texts import language_name
from app.errors import DomainError
from app.i18n.locales import current
from app.models import StaffUser
from app.presence import capacity
from app.presence.models import PresenceSpan, PresenceState
from app.realtime.view import UNKNOWN_LANGUAGE
from config import Config


class Waiting(Protocol):
    """What routing reads of a waiting contact (a Contact, or a row of its columns)."""

    channel: str
    language: str | None
    queued_at: datetime


class OfferedFirst(DomainError):
    code = "offered_first"
    http_status = 409


def spoken(user: StaffUser) -> list[str]:
    """The language codes a staff member speaks (StaffUser.languages: `en,fr`)."""
    return _codes(user.languages)


def offered_to_all_at(contact: Waiting, config: Config) -> datetime:
    return contact.queued_at + timedelta(seconds=config.LANGUAGE_FIRST_SECONDS)


def check(session: Session, user: StaffUser, contact: Waiting, config: Config, now: datetime) -> None:
    """Refuse `user` a contact still offered first to speakers of its language."""
    language = contact.language
    if not language or language == UNKNOWN_LANGUAGE or language.lower() in spoken(user):
        return
    until = offered_to_all_at(contact, config)
    if now >= until or not _speaker_free(session, language.lower(), contact.channel, user.id, config):
        return
    at = until.astimezone(ZoneInfo(config.TIME_ZONE)).strftime("%H:%M:%S")
    name, seconds = language_name(language, current()), config.LANGUAGE_FIRST_SECONDS
    raise OfferedFirst(
        _(
            "Offered first to %(language)s-speaking navigators for %(seconds)s s; available to everyone at %(at)s.",
            language=name,
            seconds=seconds,
            at=at,
        )
    )


def _speaker_free(session: Session, language: str, channel: str, actor_id: int, config: Config) -> bool:
    """Whether a colleague who speaks `language` is available and has room on `channel`."""
    rows = session.execute(
        select(StaffUser.id, StaffUser.languages)
        .join(PresenceSpan, PresenceSpan.staff_id == StaffUser.id)
        .where(
            PresenceSpan.ended_at.is_(None),
            PresenceSpan.state == PresenceState.AVAILABLE,
            StaffUser.active.is_(True),
            StaffUser.id != actor_id,
        )
    ).all()
    speakers = [staff_id for staff_id, languages in rows if language in _codes(languages)]
    loads = capacity.held(session, speakers)
    return any(capacity.has_room(loads.get(staff_id, {}), channel, config.CAPACITY) for staff_id in speakers)


def _codes(languages: str | None) -> list[str]:
    return [code.strip().lower() for code in (languages or "").split(",") if code.strip()]
