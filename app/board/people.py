"""The navigators on the board: every active staff member's presence (available, busy, away,
offline), since when, languages and load by channel, as the presence service reports them
(app/presence/service.py, docs/presence.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.presence import service as presence

Navigator = dict[str, Any]  # {id, name, role, languages, presence, since, load: {channel: n}}
PRESENCES = ("available", "busy", "away", "offline")


def navigators(session: Session) -> list[Navigator]:
    return presence.board(session)


def summary(found: list[Navigator]) -> dict[str, int]:
    """How many staff members are in each presence."""
    counts = dict.fromkeys(PRESENCES, 0)
    for navigator in found:
        counts[navigator["presence"]] = counts.get(navigator["presence"], 0) + 1
    return counts


def speaks(navigator: Navigator, language: str) -> bool:
    return language in navigator["languages"]
