"""Demo data for `make run`: three navigators, one supervisor, a few residents' texts, and a
directory to search and refer to (Open Eligibility and Ontario's assessment-centre locations,
shipped under data/ with their licences)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy.orm import Session

from app import staff
from app.directory import ontario, search_index, taxonomy_import
from app.directory.importing import Report
from app.domain import Channel, Inbound
from app.models.base import utcnow
from app.services import intake
from config import BASE_DIR

STAFF = [
    ("amira@demo.211.local", "navigator", "Amira", "en,fr"),
    ("benoit@demo.211.local", "navigator", "Benoît", "fr,en"),
    ("chloe@demo.211.local", "navigator", "Chloe", "en"),
    ("dana@demo.211.local", "supervisor", "Dana", "en,fr"),
]
DIRECTORY = BASE_DIR / "data" / "directory"
TAXONOMY = DIRECTORY / "open-eligibility" / "openeligibility-v2.0-flat.csv"
LOCATIONS = DIRECTORY / "ontario-covid19-assessment-centres" / "assessment_centre_locations_2021_07_13.subset60.csv"
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
    load_directory(session)
    return created


def load_directory(session: Session) -> None:
    """The shipped directory, so search, referrals and wrap-up work at once (importing the full
    2,830 Ontario locations is `flask --app wsgi directory import` away)."""
    taxonomy_import.import_csv(session, TAXONOMY, dict(taxonomy_import.OPEN_ELIGIBILITY), Report())
    ontario.import_csv(session, LOCATIONS, Report())
    search_index.rebuild(session)
