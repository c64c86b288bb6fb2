"""The arithmetic of the two factors, apart from accounts: TOTP secrets and codes (RFC 6238, 30 s
steps, six digits, one step of clock drift either way, each step usable once), the enrolment QR
code, and recovery codes (random, shown once, kept only as SHA-256: they hold 50 bits of chance,
so a slow hash adds nothing)."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from flask_babel import gettext as _

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper


def new_secret() -> str:
    return pyotp.random_base32()


def uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(link: str) -> str:
    """The QR code as inline SVG markup (no script, no external image: the page's CSP allows it)."""
    return str(segno.make(link, error="m").svg_inline(scale=5, title=_("Two-factor enrolment QR code")))


def step_matching(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step `code` belongs to (now, or one step either side), if it is later than
    `last_step` (a code works once); None otherwise."""
    typed = "".join(code.split())
    if not (typed.isdigit() and len(typed) == 6):
        return None
    current = int((time.time() if now is None else now) // 30)
    totp = pyotp.TOTP(secret)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and secrets.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [f"{_chunk()}-{_chunk()}" for _ in range(RECOVERY_CODES)]


def _chunk() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(5))


def recovery_hash(code: str) -> str:
    """The same for `abcde-fghjk`, `ABCDE FGHJK` and `abcdefghjk`."""
    return hashlib.sha256("".join(ch for ch in code.lower() if ch.isalnum()).encode()).hexdigest()
