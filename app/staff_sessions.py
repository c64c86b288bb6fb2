"""When a staff session ends on its own: idle longer than SESSION_IDLE_SECONDS, or older than
SESSION_LIFETIME_SECONDS however busy. The cookie carries when it was issued and last used;
consoles carry the same times (app/console/sessions.py), so one rule ends both."""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from app.models import StaffUser
from config import Config


@dataclass(frozen=True)
class Times:
    issued: float
    seen: float

    def expired(self, config: Config, now: float) -> bool:
        idle, age = now - self.seen, now - self.issued
        return idle > config.SESSION_IDLE_SECONDS or age > config.SESSION_LIFETIME_SECONDS

    def touched(self, config: Config, now: float) -> Times:
        """Seen now, or unchanged if seen moments ago (the cookie is not rewritten per request)."""
        if now - self.seen < min(60.0, config.SESSION_IDLE_SECONDS / 4):
            return self
        return Times(self.issued, now)


def now() -> float:
    return time.time()


def start(cookie: MutableMapping[str, Any], user: StaffUser) -> None:
    """A fresh session for `user`: nothing of the signed-out one survives."""
    cookie.clear()
    moment = now()
    cookie.update(uid=user.id, ver=user.session_version, iat=moment, seen=moment)


def times(cookie: Mapping[str, Any]) -> Times | None:
    issued, seen = cookie.get("iat"), cookie.get("seen")
    if not isinstance(issued, int | float) or not isinstance(seen, int | float):
        return None  # signed before sessions expired, or tampered: sign in again
    return Times(float(issued), float(seen))


def current(cookie: MutableMapping[str, Any], config: Config, *, active: bool) -> Times | None:
    """The session's times if it is still alive (recording activity when `active`); an
    expired session is cleared."""
    found = times(cookie)
    moment = now()
    if found is None or found.expired(config, moment):
        cookie.clear()
        return None
    touched = found.touched(config, moment) if active else found
    if touched is not found:
        cookie["seen"] = touched.seen
    return touched
