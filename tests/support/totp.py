"""The staff's second factor in tests and benchmarks: every account they create is enrolled with a
secret derived from its email (`enrol`), so a helper can type its codes as the staff member's phone
would (`code_for`). A code works once: each sign-in of an account takes a later time step."""

from __future__ import annotations

import base64
import hashlib
import time
from datetime import UTC, datetime

import pyotp

from app.models import StaffUser

_used: dict[str, int] = {}  # the last time step each secret's codes were typed for


def secret_for(email: str) -> str:
    return base64.b32encode(hashlib.sha256(email.strip().lower().encode()).digest()[:20]).decode()


def enrol(user: StaffUser) -> None:
    user.totp_secret, user.totp_enabled_at = secret_for(user.email), datetime.now(UTC)


def code_for(email: str, secret: str | None = None) -> str:
    """The code the server takes now: the current step's, or the next one's when the current was
    used (the server allows one step of drift); after both, wait for the next step."""
    key = secret or secret_for(email)
    step = max(int(time.time() // 30), _used.get(key, -1) + 1)
    while step > int(time.time() // 30) + 1:
        time.sleep(0.5)
    _used[key] = step
    return pyotp.TOTP(key).generate_otp(step)
