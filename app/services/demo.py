"""Demo data for `make run`: three navigators, one supervisor and a few residents' texts."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy.orm import Session

from app import staff
from app.domain import Channel, Inbound
from app.models.base import utcnow
from app.services import intake

STAFF = [
    ("amira@demo.211.local", "navigator", "Amira", "en,fr"),
    ("benoit@demo.211.local", "navigator", "Benoît", "fr,en"),
    ("chloe@demo.211.local", "navigator", "Chloe", "en"),
    ("dana@demo.211.local", "supervisor", "Dana", "en,fr"),
]
TEXTS = [
    ("+14165550123", "Hi, I need help finding a food bank near Scarborough"),
    ("+15145550100", "Bonjour, j'ai besoin d'aide pour payer mon loyer ce mois-ci"),
    ("anonymous", "Is there a shelter with beds tonight in Hamilton?"),
]


def load(session: Session) -> list[tuple[str, str, str]]:
    """Returns (email, role, password) for each account created now; empty when already loaded."""
    if staff.find_by_email(session, STAFF[0][0]) is not None:
        return []
    created = []
    for email, role, name, languages in STAFF:
        password = secrets.token_urlsafe(12)
        staff.create(session, email=email, role=role, password=password, name=name, languages=languages)
        created.append((email, role, password))
    now = utcnow()
    for minutes_ago, (number, body) in enumerate(reversed(TEXTS), start=1):
        intake.receive(
            session,
            Inbound(
                channel=Channel.SMS,
                provider_id=f"SMdemo{secrets.token_hex(13)}",
                from_raw=number,
                to_raw="211",
                body=body,
                received_at=now - timedelta(minutes=minutes_ago * 3),
            ),
        )
    return created
