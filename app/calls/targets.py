"""Whom a navigator can add to a call: a colleague (their browser), a program from the transfer
directory (VOICE_TRANSFER_DIRECTORY) or the interpreter line of a language (VOICE_INTERPRETERS).
The console names them by key and label; the numbers stay on the server."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calls.conversation import browser_identity
from app.errors import InvalidRequest
from app.models import StaffUser
from config import Config

COLLEAGUE = "colleague:"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    to: str


def _pairs(raw: str) -> list[tuple[str, str]]:
    """`Label=+14165550100;Other=+1...` as (label, number) pairs."""
    pairs = (item.partition("=") for item in raw.split(";") if "=" in item)
    return [(label.strip(), number.strip()) for label, _, number in pairs if label.strip() and number.strip()]


def configured(config: Config) -> list[Target]:
    directory = [
        Target(f"directory:{i}", label, to) for i, (label, to) in enumerate(_pairs(config.VOICE_TRANSFER_DIRECTORY))
    ]
    lines = [
        Target(f"interpreter:{lang}", f"Interpreter ({lang})", to) for lang, to in _pairs(config.VOICE_INTERPRETERS)
    ]
    return directory + lines


def colleagues(session: Session, me: StaffUser) -> list[Target]:
    """Every other active staff member, reached in their console's browser phone."""
    others = session.scalars(
        select(StaffUser).where(StaffUser.active.is_(True), StaffUser.id != me.id).order_by(StaffUser.display_name)
    )
    return [
        Target(f"{COLLEAGUE}{user.id}", user.display_name, f"client:{browser_identity(user.id)}") for user in others
    ]


def resolve(session: Session, config: Config, me: StaffUser, key: str) -> Target:
    for target in configured(config) + (colleagues(session, me) if key.startswith(COLLEAGUE) else []):
        if target.key == key:
            return target
    raise InvalidRequest(_("Choose whom to add from the list."))
