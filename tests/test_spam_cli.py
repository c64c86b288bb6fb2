"""`flask --app wsgi spam ...` through Flask's CLI runner, against the real PostgreSQL database:
a supervisor blocks a number (written any usual way) for some days, the list shows it, blocking
it again changes its reason, unblocking lifts it. Bad input is one clear line and exit status 1.
`spam rescore` judges again, under changed SPAM_RULES, the contacts created within local days,
reports the changes by direction, leaves reviewed and still-waiting contacts alone, and gives
the same verdicts when run twice."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.domain import Channel, Inbound
from app.models import Contact, StaffUser
from app.services import intake, queue
from app.spam.models import BlockedAddress

NUMBER, E164 = "(514) 555-0142", "+15145550142"
# Under these, a link alone is no longer suspect, "bitcoin" is a known pattern, and a contact
# from 0.65 on is spam (a short code's 0.7).
STRICTER = {
    "verdict": {"suspect": 0.5, "spam": 0.65},
    "link_only": {"points": 0.3},
    "known_pattern": {"patterns": [r"\bbitcoin\b"]},
}


def spam(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["spam", *args])


def refused(result: Result, message: str) -> None:
    """Exit status 1 with one clear line: a ClickException, never a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert message in result.output and "Traceback" not in result.output, result.output


def blocks(db) -> list[tuple[str, str, str, bool]]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        rows = session.scalars(select(BlockedAddress).order_by(BlockedAddress.id))
        return [(row.channel, row.value, row.reason, row.lifted_at is None) for row in rows]


def test_a_supervisor_blocks_lists_and_unblocks_a_number(app, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    lead = make_staff("supervisor")
    assert spam(app, "list").output.strip() == "the block list is empty"

    done = spam(app, "block", NUMBER, "--channel", "sms", "--reason", "Robocaller", "--by", lead, "--days", "30")
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"blocked sms {E164} until ")

    listed = spam(app, "list").output.splitlines()
    assert len(listed) == 2 and listed[0].split()[:3] == ["chan.", "address", "blocked"]
    assert listed[1].split()[:3] == ["sms", E164, lead] and listed[1].endswith("Robocaller")

    again = spam(app, "block", E164, "--channel", "sms", "--reason", "Pranks at night", "--by", lead)
    assert again.output.strip() == f"blocked sms {E164}"  # no expiry now
    assert "never" in spam(app, "list").output
    assert blocks(db) == [("sms", E164, "Pranks at night", True)]

    lifted = spam(app, "unblock", "+1 514 555 0142", "--channel", "sms", "--by", lead)
    assert lifted.output.strip() == f"unblocked sms {E164}"
    assert spam(app, "list").output.strip() == "the block list is empty"
    assert blocks(db) == [("sms", E164, "Pranks at night", False)]
    refused(spam(app, "unblock", NUMBER, "--channel", "sms", "--by", lead), "not on the block list")


def test_bad_input_is_refused_with_a_clear_message(app, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    lead, navigator = make_staff("supervisor"), make_staff("navigator")
    why = ["--reason", "spam"]
    refused(spam(app, "block", NUMBER, "--channel", "sms", *why, "--by", "nobody@test.211.local"), "No account")
    refused(spam(app, "block", NUMBER, "--channel", "sms", *why, "--by", navigator), "may not change the block list")
    refused(spam(app, "block", NUMBER, "--channel", "fax", *why, "--by", lead), "Unknown channel")
    refused(spam(app, "block", "anonymous", "--channel", "voice", *why, "--by", lead), "withheld number")
    refused(spam(app, "block", NUMBER, "--channel", "sms", "--reason", " ", "--by", lead), "Give a reason")
    for days in ("0", "soon", "-3", "99999999"):
        refused(spam(app, "block", NUMBER, "--channel", "sms", *why, "--by", lead, "--days", days), "--days")
    refused(spam(app, "rescore", "--from", "2024-03-32", "--to", "2024-04-01"), "--from is a date")
    refused(spam(app, "rescore", "--from", "2024-03-01", "--to", "yesterday"), "--to is a date")
    refused(spam(app, "rescore", "--from", "2024-03-02", "--to", "2024-03-01"), "before it starts")
    assert blocks(db) == []


def text_at(db, sender: str, body: str, at: datetime) -> int:  # type: ignore[no-untyped-def]
    """A text received (and judged, under the default rules) at `at`; its contact's id."""
    inbound = Inbound(Channel.SMS, "SM" + uuid.uuid4().hex, sender, "+15145550000", body, at)
    with db.transaction() as session:
        return intake.receive(session, inbound).contact_id


def close(db, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        navigator = session.scalars(select(StaffUser)).one()
        queue.claim(session, navigator, contact_id)
        queue.close(session, navigator, contact_id, "information_given")


def verdicts(db) -> dict[int, tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return {c.id: (c.spam_verdict, c.spam_review) for c in session.scalars(select(Contact))}


@pytest.fixture
def stricter(config) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The same database, under stricter SPAM_RULES."""
    changed = create_app(dataclasses.replace(config, SPAM_RULES=json.dumps(STRICTER)))
    yield changed
    changed.extensions["switchboard.db"].engine.dispose()


def test_rescore_reports_each_direction_and_leaves_reviews_alone(app, db, make_staff, stricter) -> None:  # type: ignore[no-untyped-def]
    make_staff("navigator")
    day = datetime(2024, 3, 10, 16, tzinfo=UTC)  # noon in Toronto
    late = datetime(2024, 3, 11, 2, tzinfo=UTC)  # 22:00 on March 10 in Toronto: inside the range
    ids = {
        "link": text_at(db, "+15145550101", "https://rent-help.example/apply", late),
        "rent": text_at(db, "+15145550102", "I need a hand paying rent this month", day),
        "coin": text_at(db, "+15145550103", "where can I buy bitcoin today", day),
        "code": text_at(db, "55555", "Your verification code is 123456", day),
        "reviewed": text_at(db, "+15145550104", "https://other.example/x", day),
        "waiting": text_at(db, "+15145550105", "https://third.example/y", day),
        "after": text_at(db, "+15145550106", "https://fourth.example/z", datetime(2024, 3, 11, 5, 30, tzinfo=UTC)),
    }
    for name in ("link", "rent", "coin", "code", "reviewed", "after"):
        close(db, ids[name])
    with db.transaction() as session:
        session.get(Contact, ids["reviewed"]).spam_review = "confirmed"  # type: ignore[union-attr]
    before = verdicts(db)
    assert [before[ids[name]][0] for name in ids] == [
        "suspect",
        "clean",
        "clean",
        "suspect",
        "suspect",
        "suspect",
        "suspect",
    ]

    result = spam(stricter, "rescore", "--from", "2024-03-10", "--to", "2024-03-10")

    assert result.exit_code == 0, result.output
    assert "contacts created 2024-03-10 to 2024-03-10 (America/Toronto): 6" in result.output
    report = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert report == [
        "clean -> suspect: 1",
        "suspect -> clean: 1",
        "suspect -> spam: 1",
        "unchanged: 1",
        "skipped, reviewed: 1",
        "skipped, still waiting: 1",
    ]
    after = verdicts(db)
    assert {name: after[ids[name]][0] for name in ids} == {
        "link": "clean", "rent": "clean", "coin": "suspect", "code": "spam",
        "reviewed": "suspect", "waiting": "suspect", "after": "suspect",
    }  # fmt: skip
    assert after[ids["reviewed"]] == ("suspect", "confirmed")

    again = spam(stricter, "rescore", "--from", "2024-03-10", "--to", "2024-03-10")
    assert "unchanged: 4" in again.output and "->" not in again.output
    assert verdicts(db) == after


def test_rescore_refuses_spam_rules_that_are_not_json(config) -> None:  # type: ignore[no-untyped-def]
    broken = create_app(dataclasses.replace(config, SPAM_RULES="{verdict: 1"))
    refused(spam(broken, "rescore", "--from", "2024-03-01", "--to", "2024-03-01"), "SPAM_RULES is not JSON")
    broken.extensions["switchboard.db"].engine.dispose()
