"""The announcement callers hear after the welcome, in English and French: how a 211 speaks to
every caller during a flood or an outage. Supervisors set, change or clear it (console or CLI);
the next call hears it, and each call records which one it heard."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import events, policy
from app.calls.models import Announcement
from app.directory.public_texts import language_name
from app.errors import InvalidRequest
from app.i18n import locales
from app.models import StaffUser
from app.models.base import utcnow

MAX_CHARS = 500  # about half a minute of speech in each language


def current(session: Session) -> Announcement | None:
    query = select(Announcement).where(Announcement.cleared_at.is_(None)).order_by(Announcement.id.desc())
    return session.scalars(query.limit(1)).first()


def _text(value: object, code: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_CHARS or "\0" in text:
        language = language_name(code, locales.current())  # "French", « français »
        raise InvalidRequest(
            _(
                "Write the %(language)s text of the announcement (up to %(limit)s characters).",
                language=language,
                limit=MAX_CHARS,
            )
        )
    return text


def set_current(session: Session, actor: StaffUser | None, english: object, french: object) -> Announcement:
    """Replace the announcement (`actor` None: the CLI). Both languages, always."""
    if actor is not None:
        policy.authorize(actor, "announcement.set")
    made = Announcement(text_en=_text(english, "en"), text_fr=_text(french, "fr"), set_at=utcnow())
    made.set_by_id = actor.id if actor else None
    _clear_all(session)
    session.add(made)
    session.flush()
    events.announcement_changed(session, made)
    return made


def clear(session: Session, actor: StaffUser | None) -> None:
    if actor is not None:
        policy.authorize(actor, "announcement.set")
    _clear_all(session)
    events.announcement_changed(session, None)


def _clear_all(session: Session) -> None:
    session.execute(update(Announcement).where(Announcement.cleared_at.is_(None)).values(cleared_at=utcnow()))
