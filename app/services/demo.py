"""Demo data for `make run`: three navigators and a supervisor, a day of history (texts and
calls answered earlier today, a few abandoned: app.services.demo_history), a few residents' texts
waiting, and a directory to search and refer to (Open Eligibility and Ontario's 2,830
assessment centre and testing locations, shipped under data/ with their licences). Loaded once:
a second run changes nothing. The accounts' passwords are generated, and kept in instance/demo-logins.txt (readable by
its owner only) so that `make run` can show them every time."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import staff
from app.board import day
from app.db import ports
from app.directory import ontario, search_index, taxonomy_import
from app.directory.importing import Report
from app.domain import Channel, Inbound
from app.models import StaffUser
from app.models.base import utcnow
from app.services import demo_history, intake
from config import BASE_DIR, Config

STAFF = [
    ("amira@demo.211.local", "navigator", "Amira", "en,fr"),
    ("benoit@demo.211.local", "navigator", "Benoît", "fr,en"),
    ("chloe@demo.211.local", "navigator", "Chloe", "en"),
    ("dana@demo.211.local", "supervisor", "Dana", "en,fr"),
]
DIRECTORY = BASE_DIR / "data" / "directory"
TAXONOMY = DIRECTORY / "open-eligibility" / "openeligibility-v2.0-flat.csv"
ONTARIO = DIRECTORY / "ontario-covid19-assessment-centres"
# All 2,830 of Ontario's locations: about 8 s on SQLite (app/directory/importing.py's Store).
LOCATIONS = ONTARIO / "assessment_centre_locations_2021_07_13.full.csv"
TEXTS = [
    ("+14165550123", "Hi, I need help finding a food bank near Scarborough"),
    ("+15145550100", "Bonjour, j'ai besoin d'aide pour payer mon loyer ce mois-ci"),
    ("anonymous", "Is there a shelter with beds tonight in Hamilton?"),
]
HISTORY_ENDS = timedelta(minutes=10)  # before now: the history is over when the demo starts
HISTORY_AT_LEAST = timedelta(hours=2)  # just after the day starts, the history begins yesterday


def load(session: Session) -> list[tuple[str, str, str]]:
    """Returns (email, role, password) for each account created now; empty when already loaded."""
    if staff.find_by_email(session, STAFF[0][0]) is not None:
        return []
    created, people = [], []
    for email, role, name, languages in STAFF:
        password = secrets.token_urlsafe(12)
        people.append(staff.create(session, email=email, role=role, password=password, name=name, languages=languages))
        created.append((email, role, password))
    load_history(session, [person for person in people if person.role == "navigator"])
    load_waiting(session)
    load_directory(session)
    _keep(ports(session).config, created)
    return created


def load_history(session: Session, navigators: list[StaffUser]) -> None:
    now = utcnow()
    today = day.today(ports(session).config, now)
    end = now - HISTORY_ENDS
    demo_history.load(session, navigators, min(today.start, end - HISTORY_AT_LEAST), end, today.first)


def load_waiting(session: Session) -> None:
    """Three residents' texts waiting in the queue, the oldest nine minutes ago."""
    now = utcnow()
    for minutes_ago, (number, body) in enumerate(reversed(TEXTS), start=1):
        inbound = Inbound(channel=Channel.SMS, provider_id=f"SMdemo{secrets.token_hex(13)}", from_raw=number,
                          to_raw="211", body=body, received_at=now - timedelta(minutes=minutes_ago * 3))  # fmt: skip
        intake.receive(session, inbound)


def load_directory(session: Session) -> None:
    """The shipped directory, so search, referrals and wrap-up work at once."""
    taxonomy_import.import_csv(session, TAXONOMY, dict(taxonomy_import.OPEN_ELIGIBILITY), Report())
    ontario.import_csv(session, LOCATIONS, Report())
    search_index.rebuild(session)


def logins_file(config: Config) -> Path | None:
    """Beside the embedded default's SQLite database (instance/demo-logins.txt); nowhere else."""
    url = make_url(config.DATABASE_URL)
    return (
        Path(url.database).parent / "demo-logins.txt" if url.get_backend_name() == "sqlite" and url.database else None
    )


def _keep(config: Config, created: list[tuple[str, str, str]]) -> None:
    logins = logins_file(config)
    if logins is None:
        return
    logins.touch(mode=0o600)
    logins.write_text("".join(f"  {role:<10} {email:<28} password: {password}\n" for email, role, password in created))
