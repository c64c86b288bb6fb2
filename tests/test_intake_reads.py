"""Intake's statement on PostgreSQL reads about as many pages with thousands of messages stored as
with a few: a webhook must not slow down as the year's messages pile up. Its plan is made once per
connection, when the tables may be nearly empty; the reads are counted by PostgreSQL itself
(auto_explain's buffer counts), never timed. Measured: finding the contact an email answers once
scanned every message of its channel, 0.8 ms of the database's CPU per webhook at 6,000."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.domain import Channel, Inbound
from app.models import Message
from app.models.base import utcnow
from app.services import intake
from channels import sms
from tests.support.twilio_signing import sms_params

START = utcnow()
STORED = 3000  # messages added between the two readings, in each channel
SLACK = 20  # pages: the indexes grow a level deeper meanwhile, a page more for each one an item touches (+9 seen)


def _text(n: int, sender: str) -> Inbound:
    params = sms_params(f"SM{n:032x}", sender, f"Text {n}: I need help")
    return sms.parse(params, received_at=START + timedelta(seconds=n))


def _email(n: int, sender: str, *answers: str) -> Inbound:
    return Inbound(Channel.EMAIL, f"<{n}@mail.example>", sender, "help@211.example", f"Email {n}: I need help",
                   START + timedelta(seconds=n), references=answers)  # fmt: skip


def _pages(session: Session, item: Inbound) -> int:
    """Shared buffers intake's statement touched (its plan's top node), for `item`."""
    logged: list[str] = []
    driver = session.connection().connection.driver_connection

    def note(diagnostic: Any) -> None:
        logged.append(diagnostic.message_primary or "")

    driver.add_notice_handler(note)
    try:
        intake.receive(session, item)
    finally:
        driver.remove_notice_handler(note)
    plan = next(entry for entry in logged if "WITH copy AS" in entry)
    return int(re.search(r"Buffers: shared hit=(\d+)", plan).group(1))  # type: ignore[union-attr]


def _readings(session: Session, n: int) -> list[int]:
    """Pages read by a first text, a follow-up, a new email and an email answering it."""
    return [
        _pages(session, _text(n, f"+1514555{n:04d}")),
        _pages(session, _text(n + 1, f"+1514555{n:04d}")),
        _pages(session, _email(n + 2, f"resident{n}@mail.example")),
        _pages(session, _email(n + 3, f"sister{n}@mail.example", f"<{n + 2}@mail.example>")),
    ]


def _store_copies(session: Session, count: int) -> None:
    """`count` more messages in each channel, copies of the last one stored there."""
    columns = [c.name for c in Message.__table__.c if c.name not in ("id", "provider_id")]
    listed = ", ".join(columns)
    for channel in (Channel.SMS, Channel.EMAIL):
        last = session.execute(text("SELECT max(id) FROM message WHERE channel = :c"), {"c": channel}).scalar()
        session.execute(
            text(f"INSERT INTO message ({listed}, provider_id) SELECT {listed}, 'bulk-' || g"
                 " FROM message, generate_series(1, :count) g WHERE id = :last"),
            {"count": count, "last": last},
        )  # fmt: skip


def test_intake_reads_no_more_pages_when_thousands_of_messages_are_stored(db: Any) -> None:
    # One connection throughout: the plan made first is kept. The settings end with the
    # transaction; auto_explain stays loaded in that backend, logging nothing.
    with db.transaction() as session:
        for setting in ("log_min_duration = 0", "log_analyze = on", "log_buffers = on", "log_timing = off"):
            session.execute(text(f"SET LOCAL auto_explain.{setting}"))
        session.execute(text("LOAD 'auto_explain'"))
        session.execute(text("SET LOCAL client_min_messages = log"))
        _readings(session, 1)  # the plans are made
        before = _readings(session, 10)
        _store_copies(session, STORED)
        after = _readings(session, 20)

    assert all(a <= b + SLACK for a, b in zip(after, before, strict=True)), (before, after)
