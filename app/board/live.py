"""The queue as it is now, for the board: the contacts waiting by channel and language with the
longest wait, and the contacts a supervisor can act on (the longest-waiting ones and every
claimed contact), read with the consoles' own queries (app/realtime/view.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import serializers
from app.domain import ContactState
from app.models import Contact
from app.realtime import view

WAITING_SHOWN = 50  # the board lists the longest-waiting contacts; the counts cover all of them


def waiting(session: Session, now: datetime) -> dict[str, Any]:
    """`total`, `longest_wait_seconds`, `by_language`, and `by_channel`: each channel's count,
    longest wait (and since when) and languages."""
    rows = session.execute(
        select(Contact.channel, Contact.language, func.count(), func.min(Contact.queued_at))
        .where(Contact.state == ContactState.QUEUED)
        .group_by(Contact.channel, Contact.language)
    ).all()
    by_channel: dict[str, dict[str, Any]] = {}
    by_language: dict[str, int] = {}
    for channel, language, n, oldest in rows:
        language = language or view.UNKNOWN_LANGUAGE
        shown = by_channel.setdefault(channel, {"count": 0, "oldest_queued_at": oldest, "by_language": {}})
        shown["count"] += n
        shown["oldest_queued_at"] = min(shown["oldest_queued_at"], oldest)
        shown["by_language"][language] = shown["by_language"].get(language, 0) + n
        by_language[language] = by_language.get(language, 0) + n
    for shown in by_channel.values():
        shown["longest_wait_seconds"] = _since(shown["oldest_queued_at"], now)
        shown["oldest_queued_at"] = serializers.iso(shown["oldest_queued_at"])
    longest = max((shown["longest_wait_seconds"] for shown in by_channel.values()), default=0)
    total = sum(shown["count"] for shown in by_channel.values())
    return {"total": total, "longest_wait_seconds": longest, "by_channel": by_channel, "by_language": by_language}


def contacts(session: Session) -> list[dict[str, Any]]:
    """The longest-waiting contacts, then every claimed one (bounded by the staff on shift)."""
    shown = view.waiting(session, None, WAITING_SHOWN) + view.claimed(session)
    return [serializers.contact_summary(contact) for contact in shown]


def _since(moment: datetime, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds()))
