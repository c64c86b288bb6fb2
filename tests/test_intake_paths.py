"""Intake writes row by row on SQLite (the embedded default, `make run`) and in one statement on
PostgreSQL (app.services.intake_statement). The same deliveries (first texts, follow-ups, a retry,
STOP and START, withheld numbers, a spammy text, an email answering another sender's) leave the
same contacts, messages, events and addresses, and get the same answers, on both."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app import create_app
from app.domain import Channel, Inbound
from app.models import Address, Contact, ContactEvent, Message
from app.models.base import utcnow
from app.services import intake
from channels import sms
from config import Config
from tests.support.twilio_signing import PUBLIC_URL, sms_params
from tests.test_cli_and_embedded import run

START = utcnow()


def _text(n: int, sender: str, body: str) -> Inbound:
    return sms.parse(sms_params(f"SM{n:032x}", sender, body), received_at=START + timedelta(seconds=n))


def _email(n: int, sender: str, body: str, *answers: str) -> Inbound:
    return Inbound(Channel.EMAIL, f"<{n}@mail.example>", sender, "help@211.example", body,
                   START + timedelta(seconds=n), references=answers)  # fmt: skip


DELIVERIES = [
    _text(1, "+15145550101", "I need help paying my rent this month"),
    _text(2, "+15145550101", "Bonjour, je cherche de l'aide pour le loyer et la nourriture"),
    _text(2, "+15145550101", "Bonjour, je cherche de l'aide pour le loyer et la nourriture"),  # a retry
    _text(3, "+15145550101", "STOP"),
    _text(4, "+15145550101", "START"),
    _text(5, "anonymous", "Is anyone there?"),
    _text(6, "anonymous", "Is anyone there?"),
    _text(7, "+15145550102", "Claim your gift card now at http://prizes.example"),
    _text(8, "+15145550102", "You have won, reply YES"),
    _email(9, "resident@mail.example", "Where is the nearest food bank?"),
    _email(10, "sister@mail.example", "I am writing for my sister, she has no phone", "<9@mail.example>"),
]


def _stored(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Every answer and row intake left, ids replaced by the order contacts were opened in."""
    answers = []
    for item in DELIVERIES:
        with db.transaction() as session:
            answers.append(intake.receive(session, item))
    with db.transaction() as session:
        contacts = list(session.scalars(select(Contact).order_by(Contact.id)))
        place = {c.id: n for n, c in enumerate(contacts)}
        addresses = {a.id: a for a in session.scalars(select(Address))}
        messages = session.scalars(select(Message).order_by(Message.id))
        events = session.scalars(select(ContactEvent).order_by(ContactEvent.id))
        return {
            "answers": [(place[a.contact_id], a.duplicate, a.new_contact) for a in answers],
            "contacts": [_contact(c, addresses.get(c.address_id)) for c in contacts],
            "messages": [
                (place[m.contact_id], m.provider_id, m.body, m.body_digest, m.media, m.created_at) for m in messages
            ],
            "events": [(place[e.contact_id], e.from_state, e.to_state, e.reason) for e in events],
        }


def _contact(c: Contact, address: Address | None) -> tuple[Any, ...]:
    whose = (address.value, address.raw, address.is_valid, address.opted_out_at) if address else None
    return (c.channel, c.state, c.from_raw, c.preview, c.language, c.created_at, c.queued_at, c.last_message_at,
            c.outcome, c.spam_verdict, c.spam_score, c.spam_reasons, whose, c.resident_id is not None)  # fmt: skip


def test_sqlite_and_postgresql_store_the_same_deliveries_alike(db, config: Config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'switchboard.db'}"
    assert run(["alembic", "upgrade", "head"], {"DATABASE_URL": url}).returncode == 0
    embedded = create_app(Config(DATABASE_URL=url, REDIS_URL="", PUBLIC_URL=PUBLIC_URL))
    try:
        on_sqlite = _stored(embedded.extensions["switchboard.db"])
    finally:
        embedded.extensions["switchboard.db"].engine.dispose()

    on_postgresql = _stored(db)

    assert on_postgresql == on_sqlite
    assert [a[1:] for a in on_sqlite["answers"]].count((True, False)) == 1  # the retry
    assert len(on_sqlite["contacts"]) == 5 and on_sqlite["contacts"][3][9] != "clean"  # the prize text
